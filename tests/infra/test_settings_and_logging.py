"""Settings for several machines (pool, shared cache, S3 storage, queues and routes), request ids and JSON
log lines, without starting processes."""

from __future__ import annotations

import importlib
import json
import logging

import pytest

from config.celery import app
from fundraising import logging_context


def _reload(module_name: str, monkeypatch: pytest.MonkeyPatch, **env: str):
    for key in ("STORAGE_URL", "S3_BUCKET", "S3_ENDPOINT_URL", "CACHE_URL", "REDIS_URL", "AWS_ACCESS_KEY_ID"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    module = importlib.import_module(module_name)
    return importlib.reload(module)


@pytest.fixture(autouse=True)
def _restore_setting_modules():
    yield
    for name in ("storage", "cache"):  # back to what the environment says
        importlib.reload(importlib.import_module(f"config.settings.components.{name}"))


def test_postgres_connections_are_pooled_and_sqlite_is_not(monkeypatch):
    from config.settings.components.database import database_settings

    monkeypatch.setenv("DATABASE_POOL_MAX_SIZE", "7")
    pooled = database_settings("postgres://u:p@db:5432/fundraising")
    assert pooled["CONN_MAX_AGE"] == 0  # Django's pool refuses persistent connections
    assert pooled["CONN_HEALTH_CHECKS"] is True
    assert pooled["OPTIONS"]["pool"]["max_size"] == 7
    assert pooled["OPTIONS"]["pool"]["min_size"] == 1

    monkeypatch.setenv("DATABASE_POOL", "false")
    persistent = database_settings("postgres://u:p@db:5432/fundraising")
    assert "pool" not in persistent["OPTIONS"]
    assert persistent["CONN_MAX_AGE"] == 60

    sqlite = database_settings("sqlite:////tmp/x.sqlite3")
    assert "pool" not in sqlite["OPTIONS"]


def test_cache_is_redis_when_configured_and_local_memory_only_by_default(monkeypatch):
    assert "LocMemCache" in _reload("config.settings.components.cache", monkeypatch).CACHES["default"]["BACKEND"]
    cache = _reload("config.settings.components.cache", monkeypatch, REDIS_URL="redis://redis:6379/1").CACHES
    assert cache["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["default"]["LOCATION"] == "redis://redis:6379/1"


def test_storage_is_the_filesystem_by_default_and_s3_with_storage_url(monkeypatch):
    local = _reload("config.settings.components.storage", monkeypatch)
    assert local.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"

    s3 = _reload(
        "config.settings.components.storage",
        monkeypatch,
        STORAGE_URL="s3://campaign-files/prod",
        S3_ENDPOINT_URL="http://minio:9000",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
        S3_SIGNED_URL_EXPIRY="120",
    )
    default = s3.STORAGES["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "campaign-files"
    assert options["location"] == "prod"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["addressing_style"] == "path"
    assert options["querystring_expire"] == 120
    assert options["default_acl"] is None
    assert (options["access_key"], options["secret_key"]) == ("key", "secret")


ROUTES = {
    "donations.tasks.stripe_event_process_task": "webhooks",
    "donations.tasks.stripe_events_redeliver_task": "webhooks",
    "compliance.tasks.report_build_task": "reports",
    "donations.tasks.receipt_send_task": "email",
    "donations.tasks.recurring_cancel_at_limit_task": "email",
    "donations.tasks.donations_expire_abandoned_task": "default",
}


@pytest.mark.parametrize(("task", "queue"), ROUTES.items())
def test_each_task_goes_to_the_queue_for_its_kind_of_work(task, queue):
    assert app.amqp.router.route({}, task)["queue"].name == queue


def test_every_task_is_routed_to_a_known_queue_and_has_a_time_limit():
    app.loader.import_default_modules()
    queues = {q.name for q in app.conf.task_queues}
    ours = [t for name, t in app.tasks.items() if name.startswith(("donations.", "compliance.", "fundraising."))]
    assert ours
    for task in ours:
        assert app.amqp.router.route({}, task.name)["queue"].name in queues, task.name
        assert task.time_limit or app.conf.task_time_limit, task.name
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks


def test_request_id_travels_in_task_headers_and_back_into_the_log_context():
    token = logging_context.set_request_id("req-123")
    headers: dict = {}
    try:
        logging_context.on_before_task_publish(headers=headers)
    finally:
        logging_context.reset_request_id(token)
    assert headers == {"request_id": "req-123"}
    assert logging_context.get_request_id() is None

    class Request:
        request_id = "req-123"

    class Task:
        name = "donations.tasks.receipt_send_task"
        request = Request()

    logging_context.on_task_prerun(task_id="t-1", task=Task())
    try:
        record = logging.makeLogRecord({"name": "x", "msg": "receipt sent contribution=%s", "args": (7,)})
        logging_context.RequestContextFilter().filter(record)
        line = json.loads(logging_context.JsonFormatter().format(record))
    finally:
        logging_context.on_task_postrun(task_id="t-1")
    assert line["request_id"] == "req-123"
    assert line["task_id"] == "t-1"
    assert line["task_name"] == "donations.tasks.receipt_send_task"
    assert line["message"] == "receipt sent contribution=7"
    assert {"time", "level", "logger"} <= line.keys()
    assert logging_context.get_request_id() is None


def test_the_middleware_takes_a_sane_incoming_request_id_and_replaces_anything_else(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-42.abc")["X-Request-ID"] == "lb-42.abc"
    generated = client.get("/healthz", HTTP_X_REQUEST_ID="<script>" + "x" * 300)["X-Request-ID"]
    assert len(generated) == 32 and generated.isalnum()
    assert len(client.get("/healthz")["X-Request-ID"]) == 32
