"""Two web processes and two workers against one PostgreSQL, one Redis and one bucket (tests/infra/conftest.py):
gifts through either web process are recorded once, a report requested on one web process is built by a
worker into the bucket and downloads intact from the other, a long report does not hold up webhooks, one
request id follows a gift from the web process into the worker, and /readyz reports a missing broker."""

from __future__ import annotations

import hashlib
import math
import statistics
import sys
import time
import uuid
from datetime import date

import pytest
import requests
from django.conf import settings
from django.db.models import Count

from compliance.models import Report
from donations.models import Contribution, StripeEvent
from tests.conftest import child_env, wait_for
from tests.donations.helpers import gift_body
from tests.factories import DonationPageFactory, ElectionFactory
from tests.infra.conftest import ARTIFACTS, BUCKET, Processes, free_port, http_ok, log_records, s3_client
from tests.infra.seed import seed_itemized_receipts

pytestmark = pytest.mark.services

# Webhook handling bound while reports run: from the event row stored by the web process (received_at) to
# the worker marking it processed (processed_at). Idle it is about 0.1 s here; during the reports it is mostly
# CPU contention on a small CI machine (measured 0.2-2.2 s p99 on 2 busy cores). A webhook queued behind a
# report would wait for a whole build (5-12 s on the same machine), which the second assertion rules out.
WEBHOOK_P99_BOUND_S = 3.0
WORKERS = ("worker-1", "worker-2")


@pytest.fixture
def page(transactional_db):
    page = DonationPageFactory(committee__fec_id="C00999999", committee__name="Example for Congress")
    election = ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page, election


def _give(base: str, slug: str, n: int, amount: str = "50.00", **headers: str) -> str:
    body = gift_body(slug, amount, last_name=f"Infra{n:04d}", street_1=f"{n} Elm St", email=f"infra{n}@example.com")
    response = requests.post(f"{base}/api/v1/donations/", json=body, headers=headers, timeout=60)
    assert response.status_code == 201, response.text
    return response.json()["donation_id"]


def _hook(cluster, base: str) -> None:
    cluster.emulator.set_webhook(f"{base}/webhooks/stripe/", settings.STRIPE_WEBHOOK_SECRET)


def _all_recorded(donation_ids: list[str]) -> bool:
    recorded = Contribution.objects.filter(donation__public_id__in=donation_ids).count() == len(donation_ids)
    pending = StripeEvent.objects.filter(type="payment_intent.succeeded", processed_at__isnull=True).exists()
    return recorded and not pending


def _task_runs(task: str) -> dict[str, int]:
    return {
        name: sum(1 for r in log_records(name) if r.get("task_name") == task and "succeeded" in r["message"])
        for name in WORKERS
    }


def _report(base: str, auth) -> int:
    response = requests.post(
        f"{base}/api/v1/reports/",
        json={
            "committee": "C00999999",
            "report_code": "YE",
            "coverage_from": "2026-01-01",
            "coverage_through": "2026-12-31",
        },
        auth=auth,
        timeout=30,
    )
    assert response.status_code == 202, response.text
    return response.json()["id"]


def test_gifts_sent_alternately_to_two_web_processes_are_recorded_once(cluster, page):
    page, _ = page
    cluster.emulator.reset()
    webs = (cluster.web_a, cluster.web_b)
    donation_ids = []
    for half, hook_target in enumerate(webs):  # the first six webhooks go to web A, the next six to web B
        _hook(cluster, hook_target)
        for n in range(half * 6, half * 6 + 6):
            donation_ids.append(_give(webs[n % 2], page.slug, n))
        cluster.emulator.wait_webhooks_idle(timeout=30)
    wait_for(lambda: _all_recorded(donation_ids), timeout=60, what="every gift recorded by the workers")

    # Stripe delivers an event again, this time to the other web process: still stored and applied once.
    event = StripeEvent.objects.filter(type="payment_intent.succeeded").order_by("pk").first()
    _hook(cluster, cluster.web_a)
    cluster.emulator.resend(event.event_id)
    cluster.emulator.wait_webhooks_idle(timeout=30)

    assert Contribution.objects.count() == 12
    assert not Contribution.objects.values("donation").annotate(n=Count("pk")).filter(n__gt=1).exists()
    assert StripeEvent.objects.filter(type="payment_intent.succeeded").count() == 12
    assert StripeEvent.objects.filter(event_id=event.event_id).count() == 1
    runs = _task_runs("donations.tasks.stripe_event_process_task")
    print(f"\nstripe_event_process_task runs per worker: {runs}")
    assert sum(runs.values()) >= 12


def test_report_requested_on_web_a_is_built_into_the_bucket_and_downloads_intact_from_web_b(cluster, page, staff_auth):
    page, election = page
    seed_itemized_receipts(committee=page.committee, election=election, count=300)
    report_id = _report(cluster.web_a, staff_auth)
    wait_for(lambda: Report.objects.get(pk=report_id).status in ("done", "failed"), timeout=90, what="the report")
    report = Report.objects.get(pk=report_id)
    assert report.status == "done", report.errors
    builders = {name: n for name, n in _task_runs("compliance.tasks.report_build_task").items() if n}
    print(f"\nreport {report_id} built by {builders}")

    # The files are objects in the bucket, and on no process's own disk.
    s3 = s3_client(cluster.s3_endpoint)
    stored = s3.get_object(Bucket=BUCKET, Key=f"infra/{report.fec_file}")["Body"].read()
    assert hashlib.sha256(stored).hexdigest() == report.fec_sha256
    assert not [p for p in (ARTIFACTS / "scratch").rglob("*") if p.suffix in (".fec", ".csv", ".html")]

    for kind, sha in (("fec", report.fec_sha256), ("csv", report.csv_sha256), ("summary", report.summary_sha256)):
        response = requests.get(f"{cluster.web_b}/api/v1/reports/{report_id}/{kind}", auth=staff_auth, timeout=60)
        assert response.status_code == 200, (kind, response.text[:300])
        assert hashlib.sha256(response.content).hexdigest() == sha, kind
        assert int(response.headers["Content-Length"]) == len(response.content)
    fec = requests.get(f"{cluster.web_b}/api/v1/reports/{report_id}/fec", auth=staff_auth, timeout=60)
    assert fec.headers["Content-Disposition"].startswith("attachment;")
    assert fec.content.count(b"\nSA11AI") + fec.content.startswith(b"SA11AI") == 300
    anonymous = requests.get(f"{cluster.web_b}/api/v1/reports/{report_id}/fec", timeout=30)
    assert anonymous.status_code in (401, 403)


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def _latencies(events) -> list[float]:
    return [(e.processed_at - e.received_at).total_seconds() for e in events]


@pytest.mark.timeout(900)  # the three reports alone can take 5 minutes here (see the wait below)
def test_long_reports_do_not_slow_webhook_handling(cluster, page, staff_auth):
    page, election = page
    seed_itemized_receipts(committee=page.committee, election=election, count=30_000)
    cluster.emulator.reset()
    _hook(cluster, cluster.web_b)

    # Idle baseline.
    idle_ids = [_give((cluster.web_a, cluster.web_b)[n % 2], page.slug, n) for n in range(4)]
    wait_for(lambda: _all_recorded(idle_ids), timeout=60, what="baseline gifts")
    idle = _latencies(StripeEvent.objects.filter(type="payment_intent.succeeded"))

    # Three large reports at once: they fill worker 2's two slots (and one waits on the `reports` queue).
    report_ids = [_report(cluster.web_a, staff_auth) for _ in range(3)]
    wait_for(
        lambda: Report.objects.filter(pk__in=report_ids, status="running").count() >= 2,
        timeout=60,
        interval=0.02,
        what="two reports running",
    )
    busy_ids = []
    for n in range(100, 112):
        busy_ids.append(_give((cluster.web_a, cluster.web_b)[n % 2], page.slug, n))
        time.sleep(0.05)
    wait_for(lambda: _all_recorded(idle_ids + busy_ids), timeout=90, what="gifts during the reports")
    # The reports cover the days after the 2026 general, so each builds the post-election page too (column B to
    # election day, the new cycle after it: three passes of the receipt aggregation instead of one, issue #17);
    # this test times webhooks while they run, not the reports themselves.
    wait_for(
        lambda: not Report.objects.filter(pk__in=report_ids, status__in=["queued", "running"]).exists(),
        timeout=480,
        what="the reports",
    )
    reports = list(Report.objects.filter(pk__in=report_ids))
    assert all(r.status == "done" for r in reports), [r.errors for r in reports]
    durations = [(r.finished_at - r.started_at).total_seconds() for r in reports]
    first_start = min(r.started_at for r in reports)
    last_finish = max(r.finished_at for r in reports)

    busy_events = list(
        StripeEvent.objects.filter(type="payment_intent.succeeded").exclude(
            pk__in=StripeEvent.objects.filter(type="payment_intent.succeeded").order_by("pk")[:4].values("pk")
        )
    )
    during = [e for e in busy_events if first_start <= e.received_at <= last_finish]
    busy = _latencies(during)
    print(
        f"\nreports: 3 x 30,000 itemized receipts, build times {[round(d, 2) for d in durations]} s, "
        f"all three within {(last_finish - first_start).total_seconds():.2f} s"
        f"\nwebhook received->processed, idle (n={len(idle)}): median {statistics.median(idle) * 1000:.0f} ms, "
        f"max {max(idle) * 1000:.0f} ms"
        f"\nwebhook received->processed during the reports (n={len(busy)}): median "
        f"{statistics.median(busy) * 1000:.0f} ms, p99 {_p99(busy) * 1000:.0f} ms, max {max(busy) * 1000:.0f} ms "
        f"(bound {WEBHOOK_P99_BOUND_S * 1000:.0f} ms)"
    )
    assert len(during) >= 10, "the gifts were meant to arrive while the reports were building"
    assert _p99(busy) < WEBHOOK_P99_BOUND_S
    assert _p99(busy) < min(durations), "a webhook waited as long as a report build: it was queued behind one"


def test_one_request_id_follows_a_gift_from_the_web_process_into_the_worker(cluster, page):
    page, _ = page
    cluster.emulator.reset()
    _hook(cluster, cluster.web_a)
    request_id = f"gift-{uuid.uuid4().hex[:12]}"
    body = gift_body(page.slug, "25.00", last_name="Quixotesque", street_1="987 Secretive Lane")
    response = requests.post(
        f"{cluster.web_a}/api/v1/donations/", json=body, headers={"X-Request-ID": request_id}, timeout=60
    )
    assert response.status_code == 201, response.text
    assert response.headers["X-Request-ID"] == request_id
    donation_id = response.json()["donation_id"]
    wait_for(lambda: _all_recorded([donation_id]), timeout=60, what="the gift")
    event = StripeEvent.objects.get(type="payment_intent.succeeded")

    web = log_records("web-a")
    assert any(r["request_id"] == request_id and "/api/v1/donations/" in r["message"] for r in web)
    (stored,) = [r for r in web if event.event_id in r["message"] and "stored" in r["message"]]
    webhook_request_id = stored["request_id"]
    assert webhook_request_id not in ("", "-", request_id)
    assert any(r["request_id"] == webhook_request_id and "/webhooks/stripe/" in r["message"] for r in web)

    def worker_lines() -> list[dict]:
        return [r for name in WORKERS for r in log_records(name) if r["request_id"] == webhook_request_id]

    wait_for(
        lambda: any(r.get("task_name") == "donations.tasks.stripe_event_process_task" for r in worker_lines()),
        timeout=30,
        what="the worker's log line for the webhook's task",
    )
    # The receipt task is queued by the webhook's task, in the worker: the id travels on.
    wait_for(
        lambda: any(r.get("task_name") == "donations.tasks.receipt_send_task" for r in worker_lines()),
        timeout=30,
        what="the worker's log line for the receipt task",
    )
    for record in [stored, *worker_lines()]:
        assert {"time", "level", "logger", "message", "request_id"} <= record.keys()
        assert record["request_id"] == webhook_request_id
    for name in ("web-a", "web-b", *WORKERS):  # ids only: never a donor's name or address
        text = (ARTIFACTS / f"{name}.log").read_text(errors="replace")
        assert "Quixotesque" not in text
        assert "Secretive" not in text


def test_readyz_answers_ready_on_the_cluster_and_503_when_the_broker_is_unreachable(cluster):
    ready = requests.get(f"{cluster.web_a}/readyz", timeout=10)
    assert ready.status_code == 200, ready.text
    assert ready.json()["checks"] == {"database": "ok", "broker": "ok", "cache": "ok"}
    assert requests.get(f"{cluster.web_b}/healthz", timeout=10).json() == {"status": "ok"}

    closed = free_port()  # nothing listens there
    port = free_port()
    procs = Processes()
    procs.start(
        "web-no-broker",
        [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"],
        child_env(CELERY_BROKER_URL=f"redis://127.0.0.1:{closed}/0", LOG_FORMAT="json"),
    )
    try:
        wait_for(lambda: procs.check_alive() or http_ok(f"http://127.0.0.1:{port}/healthz"), timeout=60, what="web")
        started = time.monotonic()
        response = requests.get(f"http://127.0.0.1:{port}/readyz", timeout=30)
        assert response.status_code == 503, response.text
        checks = response.json()["checks"]
        assert checks["database"] == "ok"
        assert checks["broker"].startswith("error: ")
        assert time.monotonic() - started < 10  # a load balancer's probe must get an answer, not a hang
    finally:
        procs.stop()
