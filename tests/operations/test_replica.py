"""Reports off the primary, against a real streaming replica: the test starts its own primary and a replica of it
(pg_basebackup -R, another port, a temp dir), a gunicorn and a Celery worker configured with DATABASE_REPLICA_URL.
Replay is paused on the replica, a late gift is recorded on the primary and a report is requested: the build waits
until the replica has replayed past the primary's WAL position, then reads the replica (its table scans count up
there) and includes the late gift; it writes only to the primary (a standby refuses writes). An export asked while
the replica lags longer than REPLICA_MAX_WAIT_SECONDS reads the primary instead, the replica once caught up, and
the primary again once the replica is down."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import requests

from fundraising.db_reads import reading_from
from operations.db_router import ReplicaRouter
from tests.auth import TokenAuth
from tests.conftest import REPO, wait_for
from tests.faults.conftest import ARTIFACTS, fault_env, private_redis, procs  # noqa: F401  (fixtures)
from tests.operations.pg_cluster import StreamingPair
from tests.processes import free_port, http_ok

pytestmark = pytest.mark.services
DB = "fundraising"


@pytest.fixture
def pair() -> Iterator[StreamingPair]:
    streaming = StreamingPair()
    try:
        streaming.start()
        yield streaming
    finally:
        streaming.stop()


def scans(pair: StreamingPair, table: str) -> int:
    rows = pair.replica.sql(
        f"SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables WHERE relname = '{table}'",
        DB,
    )
    return int(rows[0][0])


def report_row(pair: StreamingPair, report_id: int) -> tuple:
    return pair.primary.sql(f"SELECT status, csv_file, errors FROM compliance_report WHERE id = {report_id}", DB)[0]


def test_reports_and_exports_read_a_caught_up_replica(pair, private_redis, procs):  # noqa: F811
    pair.primary.sql(f"CREATE DATABASE {DB}")
    base = {"DATABASE_URL": pair.primary.url(DB)}
    setup = fault_env(private_redis, "replica-setup", **base)
    migrated = subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=REPO, env=setup,
                              capture_output=True, text=True)  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    seeded = subprocess.run([sys.executable, "tests/operations/replica_seed.py", "seed"], cwd=REPO, env=setup,
                            capture_output=True, text=True)  # fmt: skip
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    auth = TokenAuth(json.loads(seeded.stdout.strip().splitlines()[-1])["token"])
    wait_for(pair.caught_up, timeout=60, what="the replica to catch up after the seed")

    replicated = {**base, "DATABASE_REPLICA_URL": pair.replica.url(DB)}
    port = free_port()
    procs.start_gunicorn("replica-web", fault_env(private_redis, "replica-web", REPLICA_MAX_WAIT_SECONDS="2",
                                                  **replicated), port)  # fmt: skip
    procs.start_worker("replica-worker", fault_env(private_redis, "replica-worker", REPLICA_MAX_WAIT_SECONDS="120",
                                                   **replicated), "reports,default")  # fmt: skip
    web = f"http://127.0.0.1:{port}"
    wait_for(lambda: procs.check_alive() or http_ok(f"{web}/healthz"), timeout=60, what="gunicorn")
    wait_for(lambda: procs.check_alive() or " ready." in procs.log("replica-worker"), timeout=60, what="the worker")

    # The replica stops replaying; a late gift lands on the primary only.
    pair.replica.sql("SELECT pg_wal_replay_pause()")
    late = subprocess.run([sys.executable, "tests/operations/replica_seed.py", "late"], cwd=REPO, env=setup,
                          capture_output=True, text=True)  # fmt: skip
    assert late.returncode == 0, late.stderr[-3000:]
    assert pair.replica.sql("SELECT count(*) FROM donations_contribution", DB) == [(40,)]
    assert pair.primary.sql("SELECT count(*) FROM donations_contribution", DB) == [(41,)]

    # An export while the replica lags past REPLICA_MAX_WAIT_SECONDS (2 s here) reads the primary: nothing missed.
    started = time.monotonic()
    listed = requests.get(f"{web}/api/v1/contributions/?committee=C00999999", auth=auth, timeout=60)
    assert listed.status_code == 200, listed.text
    assert time.monotonic() - started >= 2 and "A9999" in listed.text

    created = requests.post(f"{web}/api/v1/reports/", auth=auth, timeout=60,
                            json={"committee": "C00999999", "report_code": "Q1", "year": 2026})  # fmt: skip
    assert created.status_code == 202, created.text
    report_id = created.json()["id"]
    time.sleep(4)
    assert report_row(pair, report_id)[0] == "queued"  # the build waits for the replica, it does not read stale
    before = scans(pair, "donations_contribution")

    pair.replica.sql("SELECT pg_wal_replay_resume()")
    wait_for(lambda: procs.check_alive() or report_row(pair, report_id)[0] in ("done", "failed"), timeout=120,
             what="the report build")  # fmt: skip
    status, csv_file, errors = report_row(pair, report_id)
    assert status == "done", errors
    csv_text = (ARTIFACTS / "scratch" / "replica-worker" / "media" / csv_file).read_text()
    assert "A9999" in csv_text and "777.00" in csv_text  # the late gift is in the report
    wait_for(
        lambda: scans(pair, "donations_contribution") > before, timeout=20, what="the build's reads on the replica"
    )
    assert "read-only transaction" not in procs.log("replica-worker")

    # Caught up now: the same export reads the replica.
    before = scans(pair, "donations_contribution")
    listed = requests.get(f"{web}/api/v1/contributions/?committee=C00999999", auth=auth, timeout=60)
    assert listed.status_code == 200 and "A9999" in listed.text
    wait_for(
        lambda: scans(pair, "donations_contribution") > before, timeout=20, what="the export's reads on the replica"
    )
    assert "read-only transaction" not in procs.log("replica-web")

    # The replica goes away: exports read the primary.
    pair.replica.stop()
    listed = requests.get(f"{web}/api/v1/contributions/?committee=C00999999", auth=auth, timeout=60)
    assert listed.status_code == 200 and "A9999" in listed.text
    assert "replica unavailable" in procs.log("replica-web")


class _Meta:
    def __init__(self, label: str) -> None:
        self.app_label, _, model = label.partition(".")
        self.label_lower = label


class _Model:
    def __init__(self, label: str) -> None:
        self._meta = _Meta(label)


def test_router_reads_the_replica_only_in_a_session_and_never_writes_there():
    router, contribution, report = ReplicaRouter(), _Model("donations.contribution"), _Model("compliance.report")
    session_user = _Model("sessions.session")
    assert router.db_for_read(contribution) == "default"  # no session: the primary, as always
    with reading_from("replica"):
        assert router.db_for_read(contribution) == "replica"
        assert router.db_for_read(report) == "default"  # the build's own state
        assert router.db_for_read(session_user) == "default"  # logins and sessions
        assert router.db_for_write(contribution) == "default"
        assert router.db_for_read(contribution) == "default"  # read your writes
    with reading_from("default"):
        assert router.db_for_read(contribution) == "default"  # fallback session (no or lagging replica)
    assert router.allow_migrate("replica", "donations") is False
    assert router.allow_migrate("default", "donations") is True


def test_without_a_replica_reads_stay_on_the_primary(settings):
    from operations.replica import replica_configured, replica_read_alias

    assert "replica" not in settings.DATABASES and not replica_configured()
    assert replica_read_alias(purpose="test") == "default"
