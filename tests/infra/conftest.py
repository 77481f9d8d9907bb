"""A small cluster started from the tests: two web processes (gunicorn on two ports) and two Celery worker
processes, against one PostgreSQL (the test database), one Redis and an S3-compatible server (moto's server
mode), each process with its own scratch directory, so nothing can pass through a shared disk.

Worker 1 consumes `webhooks,email,default`; worker 2 consumes `reports` as well as the fast queues, so a
long report occupies one of its slots while webhooks keep flowing. The cluster's broker keys carry their
own prefix: the suite's own worker (tests/conftest.py) on the same Redis database never takes its tasks.
Every process writes its (JSON) log to test-artifacts/<TEST_DATABASE_NAME>/infra/<name>.log."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator

import pytest

from tests.conftest import ARTIFACTS as SUITE_ARTIFACTS
from tests.conftest import child_env, wait_for
from tests.processes import Processes as _Processes
from tests.processes import free_port, http_ok, read_json_log

ARTIFACTS = SUITE_ARTIFACTS / "infra"  # per test database, like the suite's own worker log
BUCKET = "fundraising-infra-test"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "infra-test-key", "AWS_SECRET_ACCESS_KEY": "infra-test-secret"}
QUEUES_FAST = "webhooks,email,default"
QUEUES_ALL = "reports,webhooks,email,default"


class Processes(_Processes):
    """The harness's children, with their logs in the infra artifacts folder."""

    def __init__(self) -> None:
        super().__init__(ARTIFACTS)


def log_records(name: str) -> list[dict]:
    """The JSON lines a child process has logged (other output, e.g. gunicorn's own, is skipped)."""
    return read_json_log(ARTIFACTS / f"{name}.log")


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    """moto's S3-compatible server as a separate process, with an empty private bucket."""
    import boto3

    port = free_port()
    procs = Processes()
    procs.start("s3", [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)], os.environ.copy())
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: procs.check_alive() or http_ok(f"{endpoint}/moto-api/"), timeout=30, what="moto server")
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_boto_keys())
        client.create_bucket(Bucket=BUCKET)
        yield endpoint
    finally:
        procs.stop()


def _boto_keys() -> dict[str, str]:
    return {
        "aws_access_key_id": S3_KEYS["AWS_ACCESS_KEY_ID"],
        "aws_secret_access_key": S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    }


def s3_client(endpoint: str):
    import boto3

    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", **_boto_keys())


class Cluster:
    def __init__(self, web_a: str, web_b: str, s3_endpoint: str, emulator) -> None:
        self.web_a = web_a
        self.web_b = web_b
        self.s3_endpoint = s3_endpoint
        self.emulator = emulator


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker, stripe_emulator, broker_is_reachable, s3_server) -> Iterator[Cluster]:
    """Two gunicorn web processes and two Celery workers sharing only PostgreSQL, Redis and the bucket."""
    prefix = f"infra-{uuid.uuid4().hex[:8]}:"
    scratch = ARTIFACTS / "scratch"
    common = {
        "DJANGO_SETTINGS_MODULE": "tests.infra.child_settings",
        "INFRA_BROKER_PREFIX": prefix,
        "LOG_FORMAT": "json",
        "PYTHONUNBUFFERED": "1",
        "STORAGE_URL": f"s3://{BUCKET}/infra",
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
        "STRIPE_API_BASE": stripe_emulator.url,
        **S3_KEYS,
    }

    def env_for(name: str) -> dict[str, str]:
        own = scratch / name  # each process gets its own disk: no file can pass between them
        own.mkdir(parents=True, exist_ok=True)
        env = child_env(**common, FUNDRAISING_VAR_DIR=str(own), MEDIA_ROOT=str(own / "media"))
        env["EMAIL_FILE_PATH"] = str(own / "mail")
        return env

    procs = Processes()
    ports = {"web-a": free_port(), "web-b": free_port()}
    try:
        for name, port in ports.items():
            procs.start(
                name,
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "2",
                    "--timeout",
                    "60",
                ],
                env_for(name),
            )
        for name, queues in (("worker-1", QUEUES_FAST), ("worker-2", QUEUES_ALL)):
            procs.start(
                name,
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
                    queues,
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    f"{name}-{os.getpid()}@%h",
                ],
                env_for(name),
            )
        for name, port in ports.items():
            wait_for(
                lambda port=port: procs.check_alive() or http_ok(f"http://127.0.0.1:{port}/healthz"),
                timeout=60,
                what=name,
            )
        for name in ("worker-1", "worker-2"):
            wait_for(lambda name=name: procs.check_alive() or _worker_ready(name), timeout=60, what=f"celery {name}")
        yield Cluster(
            f"http://127.0.0.1:{ports['web-a']}", f"http://127.0.0.1:{ports['web-b']}", s3_server, stripe_emulator
        )
    finally:
        procs.stop()


def _worker_ready(name: str) -> bool:
    return any(" ready." in record["message"] for record in log_records(name))


@pytest.fixture
def staff_auth(page):
    """An API token of the test committee (treasurer): the staff API takes no passwords."""
    from tests.auth import token_auth

    return token_auth(page[0].committee)
