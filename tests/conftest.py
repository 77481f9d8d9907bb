"""Test fixtures that start real services: a Celery worker process consuming the Redis broker against
the test database, and the Stripe emulator process delivering signed webhooks to a live Django server.

PostgreSQL and Redis must be running (`make test` starts throwaway ones when none is, see
scripts/test_services.py; `.ci/run` starts the machine's); when they are not, the tests that need them fail
loudly: nothing is skipped.

Every test that starts processes of its own (through one of PROCESS_FIXTURES, or under PROCESS_DIRS) is
marked ``services`` here, at collection, so ``make test-fast`` (``-m "not services and not browser"``) runs
everything else without anyone having to remember to mark a test by hand."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent
# One folder per test database, so concurrent local runs (TEST_DATABASE_NAME=…) never share files.
ARTIFACTS = REPO / "test-artifacts" / os.environ.get("TEST_DATABASE_NAME", "")
WORKER_LOG = ARTIFACTS / "celery-worker.log"
MAIL_DIR = ARTIFACTS / "worker-mail"

# Fixtures that start a process (directly or through the fixtures they use): the suite's Celery worker and
# Stripe emulator (here), the emulator tests' own emulator (tests/emulator), the S3 server and the gunicorn
# cluster (tests/infra), the private Redis, the fault tests' processes and their emulator (tests/faults), the
# streaming replica's two PostgreSQL clusters (tests/operations).
PROCESS_FIXTURES = frozenset(
    {
        "services",
        "celery_worker_process",
        "stripe_emulator",
        "fec_emulator",
        "emulator_process",
        "s3_server",
        "cluster",
        "private_redis",
        "procs",
        "fault_emulator",
        "pair",
    }
)
# Folders whose tests start processes without a fixture: the benchmark scripts (gunicorn, workers, an emulator)
# and the fault tests.
PROCESS_DIRS = ("bench", "faults")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``services`` every test that needs processes of its own (see the module docstring)."""
    tests_dir = Path(__file__).resolve().parent
    for item in items:
        needs_processes = not PROCESS_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))
        folder = item.path.resolve().relative_to(tests_dir).parts[0]
        if needs_processes or folder in PROCESS_DIRS:
            item.add_marker(pytest.mark.services)


def worker_mail() -> list[str]:
    """Every email the worker process has sent, as raw text."""
    if not MAIL_DIR.is_dir():
        return []
    return [path.read_text() for path in sorted(MAIL_DIR.iterdir())]


def wait_for(
    predicate: Callable[[], object], *, timeout: float = 30.0, interval: float = 0.1, what: str = ""
) -> object:
    """Poll until predicate() is truthy; fail the test with `what` if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout}s waiting for {what or predicate}")
        time.sleep(interval)


def _database_url_for_children() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


def child_env(**extra: str) -> dict[str, str]:
    """Environment for processes the tests start: same settings, the *test* database."""
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=_database_url_for_children(),
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        PYTHONPATH=str(REPO),
        TEST_CONN_MAX_AGE="600",
    )
    env.update(extra)
    return env


@pytest.fixture(autouse=True)
def reference_data(request) -> None:
    """Tests that truncate tables (transactional ones) lose the rows migrations seeded: put them back."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        from committees.reference_data import seed_reference_data

        request.getfixturevalue("transactional_db")
        seed_reference_data()


_session_worker: list[subprocess.Popen] = []
"""The session's Celery worker once a test has started it (it then serves every later test)."""
WORKER_SETTLE_SECONDS = 120


@pytest.fixture(autouse=True)
def _worker_settled_before_flush(request) -> Iterator[None]:
    """A transactional test's tables are emptied (TRUNCATE) after it; if the session's worker is still applying a
    task the test queued (a webhook it stored, a report it requested), the TRUNCATE deadlocks with it and the next
    test finds the rows (seen in CI: psycopg DeadlockDetected in teardown). So wait for the worker first. Best
    effort: tests that queue a task no worker consumes go on after WORKER_SETTLE_SECONDS."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so this teardown runs before its flush
    yield
    if not _session_worker or _session_worker[0].poll() is not None:
        return
    deadline = time.monotonic() + WORKER_SETTLE_SECONDS
    while time.monotonic() < deadline:
        try:
            if _broker_idle():
                time.sleep(0.3)  # the last task's transaction commits after its queue entry is acknowledged
                return
        except Exception:  # noqa: BLE001 (a test that broke the database or Redis on purpose: nothing to wait for)
            return
        time.sleep(0.2)


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters(request) -> None:
    """Rate-limit counters and lockouts start empty in every test that touches the database."""
    if any(name in request.fixturenames for name in ("db", "transactional_db", "live_server", "services")):
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(scope="session")
def broker_is_reachable() -> None:
    """Fail the whole run at once, with a clear message, when Redis is down."""
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis broker {settings.CELERY_BROKER_URL} unreachable: {exc}. Start it (see README).")


@pytest.fixture(scope="session")
def stripe_emulator(live_server) -> Iterator[object]:
    """The bundled Stripe emulator as a real process, delivering signed webhooks to the live server."""
    from stripe_emulator.testing import start_emulator

    emulator = start_emulator(
        webhook_url=f"{live_server.url}/webhooks/stripe/", webhook_secret=settings.STRIPE_WEBHOOK_SECRET
    )
    previous = settings.STRIPE_API_BASE
    settings.STRIPE_API_BASE = emulator.url
    try:
        yield emulator
    finally:
        settings.STRIPE_API_BASE = previous
        emulator.stop()


@pytest.fixture(scope="session")
def fec_emulator() -> Iterator[object]:
    """The bundled FEC filing emulator (fec_emulator/) as a real process; FEC_FILING_URL points at it."""
    from fec_emulator.testing import start_fec_emulator

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    emulator = start_fec_emulator(api_key=settings.FEC_FILING_API_KEY, log_path=ARTIFACTS / "fec-emulator.log")
    previous = settings.FEC_FILING_URL
    settings.FEC_FILING_URL = emulator.url
    try:
        yield emulator
    finally:
        settings.FEC_FILING_URL = previous
        emulator.stop()


@pytest.fixture(scope="session")
def celery_worker_process(
    django_db_setup, django_db_blocker, stripe_emulator, fec_emulator, broker_is_reachable
) -> Iterator[subprocess.Popen]:
    """A real `celery worker` process on the test database and the Redis broker (never eager mode)."""
    from config.celery import app

    app.control.purge()
    import shutil

    shutil.rmtree(MAIL_DIR, ignore_errors=True)
    MAIL_DIR.mkdir(parents=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log = open(WORKER_LOG, "w")  # noqa: SIM115 (closed in finally)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--concurrency=2",
            "-Q",
            "webhooks,reports,email,default",  # one worker for every queue (production splits them); WORKER_QUEUES
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        cwd=REPO,
        env=child_env(
            STRIPE_API_BASE=stripe_emulator.url, EMAIL_FILE_PATH=str(MAIL_DIR), FEC_FILING_URL=fec_emulator.url
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    wait_for(lambda: proc.poll() is not None or app.control.ping(timeout=0.5), timeout=60, what="celery worker")
    if proc.poll() is not None:
        pytest.fail(f"celery worker exited with {proc.returncode}; see {WORKER_LOG}")
    _session_worker.append(proc)
    try:
        yield proc
    finally:
        _session_worker.clear()
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin_client, signed in with both factors (staff pages need the second one)."""
    from tests.auth import otp_login

    otp_login(client, admin_user)
    return client


class Services:
    """Handles on the running parts a test may poke: the emulator, the live server, and a Stripe client
    playing the role of someone using Stripe's dashboard (refunds started outside our app, etc.)."""

    def __init__(self, emulator, live_server) -> None:
        import stripe

        self.emulator = emulator
        self.live_server = live_server
        self.dashboard = stripe.StripeClient(
            settings.STRIPE_SECRET_KEY, base_addresses={"api": emulator.url}, http_client=stripe.RequestsClient()
        )


QUEUES = ("webhooks", "reports", "email", "default", "celery")
WORKER_QUEUES = ("webhooks", "reports", "email", "default")  # the session worker's -Q (spelled out there:
# tests/infra/test_webhook_queue.py reads it)


def _broker_idle() -> bool:
    """Nothing queued for the session worker and nothing it has taken and not yet finished (late acks)."""
    import redis

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return sum(client.llen(queue) for queue in WORKER_QUEUES) + client.hlen("unacked") == 0


def _worker_idle() -> bool:
    """No webhook still arriving, nothing queued, no stored event left to apply."""
    import redis

    from donations.models import StripeEvent

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queued = sum(client.llen(queue) for queue in QUEUES) + client.hlen("unacked")
    return queued == 0 and not StripeEvent.objects.filter(processed_at__isnull=True, error="").exists()


@pytest.fixture
def services(transactional_db, live_server, stripe_emulator, celery_worker_process) -> Iterator[Services]:
    """Everything real at once: PostgreSQL, Redis, a Celery worker, the emulator and a live server.

    After the test it waits for the worker to finish what the test started: emptying the tables while the
    worker still writes to them would deadlock (TRUNCATE against a running transaction)."""
    stripe_emulator.reset()
    stripe_emulator.set_webhook(f"{live_server.url}/webhooks/stripe/", settings.STRIPE_WEBHOOK_SECRET)
    yield Services(stripe_emulator, live_server)
    stripe_emulator.wait_webhooks_idle(timeout=60)
    wait_for(_worker_idle, timeout=900, interval=0.2, what="the worker to finish the test's tasks")
    time.sleep(0.3)  # the last task's transaction commits after its queue entry is acknowledged
