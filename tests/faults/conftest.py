"""Fault tests on real processes: a private redis-server (the suite's shared Redis is never stopped), gunicorn
web processes and Celery workers started with tests/faults/child_settings.py, and a Stripe emulator of their
own delivering webhooks to that gunicorn. Logs: test-artifacts/<TEST_DATABASE_NAME>/faults/<name>.log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import ARTIFACTS as SUITE_ARTIFACTS
from tests.conftest import child_env
from tests.processes import Processes, RedisServer

ARTIFACTS = SUITE_ARTIFACTS / "faults"
BROKER_DB = 9  # the test settings put the cache in the broker's number minus 8: db 1 of the private Redis


@pytest.fixture
def private_redis() -> Iterator[RedisServer]:
    server = RedisServer(ARTIFACTS)
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def procs() -> Iterator[Processes]:
    processes = Processes(ARTIFACTS)
    try:
        yield processes
    finally:
        processes.stop()


def fault_env(redis: RedisServer, name: str, **extra: str) -> dict[str, str]:
    """Environment of a child: test settings with pooled connections, the private broker, and a PostgreSQL
    application_name per process (so a test can find and cut its connections in pg_stat_activity)."""
    scratch = ARTIFACTS / "scratch" / name
    scratch.mkdir(parents=True, exist_ok=True)
    return child_env(
        DJANGO_SETTINGS_MODULE="tests.faults.child_settings",
        CELERY_BROKER_URL=redis.url(BROKER_DB),
        DB_APPLICATION_NAME=f"faults-{name}",
        FUNDRAISING_VAR_DIR=str(scratch),
        PYTHONUNBUFFERED="1",
        **extra,
    )
