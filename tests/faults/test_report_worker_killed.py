"""A report worker killed with SIGKILL mid-build: nothing partial is ever served, the watchdog hands the report
to another worker, and it completes with the right file."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection as db

from compliance.models import Report
from compliance.services.reports import report_request
from config.celery import app
from tests.auth import api_key
from tests.conftest import REPO, wait_for
from tests.factories import CommitteeFactory, ElectionFactory
from tests.faults.conftest import ARTIFACTS, BROKER_DB, fault_env
from tests.infra.seed import seed_itemized_receipts

pytestmark = pytest.mark.services
RECEIPTS = 30_000  # a build of several seconds on two shared cores; progress first moves at 5,000 rows


def _published_files(media: Path, report: Report) -> list[str]:
    folder = media / "reports" / report.committee.fec_id / str(report.pk)
    return sorted(p.name for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_report_survives_a_killed_worker_and_never_serves_a_partial_file(
    transactional_db, private_redis, procs, client, settings
):
    media = ARTIFACTS / "media"
    shutil.rmtree(media, ignore_errors=True)  # a previous run's report has the same id and folder
    settings.MEDIA_ROOT = str(media)
    committee = CommitteeFactory(fec_id="C00777777")
    election = ElectionFactory(committee=committee, code="G2026", date=dt.date(2026, 11, 3))
    seed_itemized_receipts(committee=committee, election=election, count=RECEIPTS)
    with db.cursor() as cursor:  # fresh statistics, as autovacuum leaves them minutes after a bulk load:
        cursor.execute("ANALYZE donations_donor, donations_contribution")  # else the plan is quadratic (minutes)
    report = report_request(
        committee=committee,
        report_code="YE",
        coverage_from=dt.date(2026, 1, 1),
        coverage_through=dt.date(2026, 12, 31),
        date_signed=dt.date(2027, 1, 20),
        requested_by=None,
        enqueue=False,
    )
    env = {"MEDIA_ROOT": str(media), "REPORT_HEARTBEAT_STALE_SECONDS": "2"}
    procs.start_worker("reports-1", fault_env(private_redis, "reports-1", **env), "reports", concurrency=1)
    with app.connection_for_write(private_redis.url(BROKER_DB)) as connection:  # our queues, the private broker
        app.send_task("compliance.tasks.report_build_task", args=[report.pk], connection=connection)
    headers = {"HTTP_AUTHORIZATION": f"Token {api_key(committee)}"}

    def running_with_progress() -> bool:
        procs.check_alive()
        report.refresh_from_db()
        return report.status == Report.Status.RUNNING and report.progress > 0

    wait_for(running_with_progress, timeout=90, interval=0.05, what="the build to make progress")
    assert client.get(f"/api/v1/reports/{report.pk}/fec", **headers).status_code == 409
    assert _published_files(media, report) == []
    procs.kill("reports-1")  # SIGKILL to the worker and its pool: no chance to clean up or acknowledge

    report.refresh_from_db()
    assert (report.status, report.build_attempt, report.fec_file) == (Report.Status.RUNNING, 1, "")
    assert client.get(f"/api/v1/reports/{report.pk}/fec", **headers).status_code == 409
    assert _published_files(media, report) == []

    procs.start_worker("reports-2", fault_env(private_redis, "reports-2", **env), "reports", concurrency=1)
    watchdog = [sys.executable, "manage.py", "reports_requeue_stale"]

    def requeued() -> bool:  # once the heartbeat is stale (2 s here; 5 minutes by default)
        run = subprocess.run(watchdog, cwd=REPO, env=fault_env(private_redis, "watchdog", **env), capture_output=True)
        assert run.returncode == 0, run.stderr.decode()[-2000:]
        return b"requeued 1 report" in run.stdout

    wait_for(requeued, timeout=30, interval=1.0, what="the watchdog to take the report back")

    def finished() -> bool:
        procs.check_alive()
        report.refresh_from_db()
        return report.status in (Report.Status.DONE, Report.Status.FAILED)

    wait_for(finished, timeout=120, interval=0.2, what="the second worker to finish the report")
    assert report.status == Report.Status.DONE, report.errors
    assert report.build_attempt == 2
    assert _published_files(media, report) == ["F3N_YE.fec", "line_items.csv", "summary.html"]  # no leftovers
    download = client.get(f"/api/v1/reports/{report.pk}/fec", **headers)
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    assert hashlib.sha256(body).hexdigest() == report.fec_sha256
    assert report.summary["line_items"] == RECEIPTS
    assert body.count(b"\r\nSA11AI") == RECEIPTS
