"""Metrics on real processes: gunicorn (two workers, multiprocess mode, config/gunicorn.conf.py) and a prefork Celery
worker (its own metrics port) on a private Redis, the emulator delivering webhooks. Gifts are started, paid,
declined and refused over the limit, a report is built; each process group's endpoint shows what it did, summed
over its processes (the gunicorn master also serves the web sums on a port of its own), and only to the bearer
token. The web endpoint also shows the state read at scrape time:
queue depth, unprocessed Stripe events, 48-hour notices due within 12 hours, and the broker going down."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from compliance.models import FortyEightHourNotice
from tests.auth import token_auth
from tests.conftest import wait_for
from tests.donations.helpers import gift_body
from tests.factories import DonationPageFactory, ElectionFactory
from tests.faults.conftest import fault_env, private_redis, procs  # noqa: F401  (fixtures)
from tests.faults.gifts import Shop, fault_emulator, recorded_once  # noqa: F401  (fixture)
from tests.processes import free_port, http_ok

pytestmark = pytest.mark.services
TOKEN = "metrics-test-token-0123456789"
PAID = 4


def scrape(url: str, token: str | None = TOKEN) -> dict[tuple[str, tuple], float]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = requests.get(url, headers=headers, timeout=30)
    response.raise_for_status()
    samples = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def value(samples: dict, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def total(samples: dict, name: str) -> float:
    return sum(v for (n, _), v in samples.items() if n == name)


def test_web_and_worker_metrics_on_real_processes(transactional_db, private_redis, procs, fault_emulator, tmp_path):  # noqa: F811
    page = DonationPageFactory(committee__fec_id="C00555555")
    ElectionFactory(committee=page.committee, code="P2028", date=dt.date(2028, 6, 20))
    web_port, worker_port, master_port = free_port(), free_port(), free_port()
    common = {
        "STRIPE_API_BASE": fault_emulator.url,
        "METRICS_TOKEN": TOKEN,
        "METRICS_STATE_CACHE_SECONDS": "0",
        "DATABASE_POOL_MAX_SIZE": "2",
        "DATABASE_POOL_TIMEOUT": "3",
    }
    web_env = fault_env(
        private_redis,
        "web",
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "web"),
        GUNICORN_METRICS_PORT=str(master_port),
        GUNICORN_METRICS_ADDR="127.0.0.1",
        **common,
    )
    worker_env = fault_env(private_redis, "worker", PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "worker"),
                           CELERY_METRICS_PORT=str(worker_port), CELERY_METRICS_ADDR="127.0.0.1", **common)  # fmt: skip
    (tmp_path / "worker").mkdir()
    (tmp_path / "worker" / "counter_999999.db").write_bytes(b"")  # a file of an earlier run: cleared at start
    gunicorn = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "-c", "config/gunicorn.conf.py"]
    procs.start("web", [*gunicorn, "--bind", f"127.0.0.1:{web_port}", "--workers", "2"], web_env)
    procs.start_worker("worker", worker_env, "webhooks,email,default,reports", concurrency=2)
    web, worker = f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{worker_port}"
    wait_for(lambda: procs.check_alive() or http_ok(f"{web}/healthz"), timeout=60, what="gunicorn")
    wait_for(lambda: procs.check_alive() or " ready." in procs.log("worker"), timeout=60, what="the worker")
    fault_emulator.set_webhook(f"{web}/webhooks/stripe/", settings.STRIPE_WEBHOOK_SECRET)
    shop = Shop(web=web, emulator=fault_emulator, page=page)

    # Only the token gets in, on both endpoints.
    assert requests.get(f"{web}/metrics", timeout=10).status_code == 401
    assert requests.get(f"{web}/metrics", headers={"Authorization": "Bearer nope"}, timeout=10).status_code == 401
    assert requests.get(f"{worker}/metrics", timeout=10).status_code == 401
    master = f"http://127.0.0.1:{master_port}"
    wait_for(lambda: procs.check_alive() or "metrics of every worker" in procs.log("web"), timeout=30, what="master")
    assert requests.get(f"{master}/metrics", timeout=10).status_code == 401
    assert not (tmp_path / "worker" / "counter_999999.db").exists()

    paid = [shop.start_gift(n) for n in range(PAID)]
    for donation_id in paid:
        shop.pay(donation_id)
    big = gift_body(page.slug, "3000.00", payment_method="pm_card_visa", last_name="Bigdonor", street_1="1 Elm St")
    assert requests.post(f"{web}/api/v1/donations/", json=big, timeout=60).status_code == 201
    over = {**big, "amount": "1000.00"}  # the same donor, past the $3,500 limit
    refused = requests.post(f"{web}/api/v1/donations/", json=over, timeout=60)
    assert refused.status_code == 400 and "limit" in refused.text
    declined = gift_body(page.slug, "25.00", payment_method="pm_card_chargeDeclined", last_name="Declined")
    assert requests.post(f"{web}/api/v1/donations/", json=declined, timeout=60).status_code == 402
    wait_for(lambda: recorded_once(paid), timeout=90, what="the gifts to be recorded")
    report = requests.post(f"{web}/api/v1/reports/", auth=token_auth(page.committee),
                           json={"committee": "C00555555", "report_code": "Q1", "year": 2026}, timeout=60)  # fmt: skip
    assert report.status_code == 202, report.text

    def worker_saw_everything() -> dict | None:
        samples = scrape(f"{worker}/metrics")
        done = total(samples, "fundraising_report_builds_total") >= 1
        return samples if done and value(samples, "fundraising_gifts_paid_total", source="web") >= PAID + 1 else None

    samples = wait_for(worker_saw_everything, timeout=120, interval=0.5, what="the worker's metrics")
    for _ in range(8):  # more scrapes than the worker's pooled connections: each gives its connection back
        assert value(scrape(f"{worker}/metrics"), "fundraising_broker_up") == 1
    assert value(samples, "fundraising_gifts_paid_total", source="web") == PAID + 1
    assert value(samples, "fundraising_webhook_lag_seconds_count", event_type="payment_intent.succeeded") == PAID + 1
    assert 0 < value(samples, "fundraising_webhook_lag_seconds_sum", event_type="payment_intent.succeeded") < 120
    assert total(samples, "fundraising_report_build_duration_seconds_count") == 1
    tasks = {labels: v for (n, labels), v in samples.items() if n == "fundraising_celery_tasks_total"}
    assert sum(tasks.values()) >= PAID + 2 and all(dict(labels)["state"] == "SUCCESS" for labels in tasks)
    pids = {path.stem.rsplit("_", 1)[1] for path in (tmp_path / "worker").glob("*.db")}
    assert len(pids) >= 2, pids  # the pool's processes write their own files; the endpoint sums them

    web_samples = scrape(f"{web}/metrics")
    assert value(web_samples, "fundraising_gifts_started_total", frequency="once") == PAID + 2
    assert value(web_samples, "fundraising_gifts_declined_total") == 1
    assert value(web_samples, "fundraising_gifts_refused_total", reason="over_limit") == 1
    assert value(web_samples, "fundraising_http_requests_total", route="api/v1/donations/", status="2xx") == PAID + 1
    assert value(web_samples, "fundraising_broker_up") == 1
    assert value(web_samples, "fundraising_stripe_events_unprocessed") == 0
    assert value(web_samples, "fundraising_celery_queue_depth", queue="webhooks") == 0
    assert value(web_samples, "fundraising_notices_48h_due_soon") == 0
    # The gunicorn master serves the same sums on its own port (it never waits for a busy worker thread) ...
    master_samples = scrape(f"{master}/metrics")
    for name in (
        "fundraising_gifts_started_total",
        "fundraising_gifts_declined_total",
        "fundraising_gifts_refused_total",
    ):
        assert total(master_samples, name) == total(web_samples, name) > 0, name
    # ... and the workers export the scrape-time gauges too.
    assert value(scrape(f"{worker}/metrics"), "fundraising_broker_up") == 1

    election = page.committee.elections.get(code="P2028")
    FortyEightHourNotice.objects.create(committee=page.committee, election=election, date_received=dt.date.today(),
                                        deadline=timezone.now() + dt.timedelta(hours=6))  # fmt: skip
    assert value(scrape(f"{web}/metrics"), "fundraising_notices_48h_due_soon") == 1

    private_redis.shutdown()  # the broker is gone: the endpoint still answers, and says so
    down = scrape(f"{web}/metrics")
    assert value(down, "fundraising_broker_up") == 0
    assert value(scrape(f"{worker}/metrics"), "fundraising_broker_up") == 0
    assert ("fundraising_celery_queue_depth", (("queue", "webhooks"),)) not in down
    assert Path(tmp_path / "web").is_dir() and len(list((tmp_path / "web").glob("*.db"))) >= 1
