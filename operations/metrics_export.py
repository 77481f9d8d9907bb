"""Exposing the metrics: one registry per scrape holding this process group's metrics (multiprocess mode when
``PROMETHEUS_MULTIPROC_DIR`` is set, else this process's) and, on web processes, the gauges computed at scrape
time from PostgreSQL and the broker (``StateCollector``). A Celery worker serves the same format on its own port
(``serve_worker_metrics``), from its main process (the pool does the work), with the scrape-time gauges too, so they
stay visible when every web thread is busy. Both answer only the bearer token ``METRICS_TOKEN``."""

from __future__ import annotations

import contextlib
import hmac
import logging
import os
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, make_server

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST, ThreadingWSGIServer
from prometheus_client.multiprocess import MultiProcessCollector

logger = logging.getLogger(__name__)
STATE_CACHE_KEY = "operations:metrics-state:v1"
KOMBU_PRIORITY_SEP = "\x06\x16"
KOMBU_PRIORITY_STEPS = (3, 6, 9)  # kombu's Redis transport keeps priority 0 under the queue's own name


def multiprocess_dir() -> str | None:
    path = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    return path if path and os.path.isdir(path) else None


def clear_multiprocess_dir(*, keep_pid: int | None = None) -> int:
    """Remove the value files of processes of an earlier run (call before a server forks its workers)."""
    path = multiprocess_dir()
    removed = 0
    if path is None:
        return 0
    for entry in Path(path).glob("*.db"):
        if keep_pid is not None and entry.stem.endswith(f"_{keep_pid}"):
            continue
        entry.unlink(missing_ok=True)
        removed += 1
    return removed


def token_ok(header: str | None) -> bool:
    token = settings.METRICS_TOKEN
    if not token or not header:
        return False
    scheme, _, value = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(value.strip().encode(), token.encode())


class _DefaultRegistry:
    def collect(self) -> Iterable[Metric]:
        return REGISTRY.collect()


def render_metrics(*, include_state: bool) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_dir():
        MultiProcessCollector(registry)
    else:
        registry.register(_DefaultRegistry())  # type: ignore[arg-type]
    if include_state:
        registry.register(StateCollector())  # type: ignore[arg-type]
    return generate_latest(registry)


# --- gauges computed at scrape time -----------------------------------------------------------------------------
def _queue_depths() -> dict[str, Any]:
    """Messages waiting in each Celery queue and delivered-but-unacknowledged, read from Redis."""
    import redis

    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return {}
    prefix = (getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}).get("global_keyprefix", "")
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        pipe = client.pipeline(transaction=False)
        names = [queue.name for queue in settings.CELERY_TASK_QUEUES]
        for name in names:
            for key in (name, *(f"{name}{KOMBU_PRIORITY_SEP}{step}" for step in KOMBU_PRIORITY_STEPS)):
                pipe.llen(prefix + key)
        pipe.hlen(prefix + "unacked")
        counts = pipe.execute()
    except redis.RedisError:
        return {"broker_up": 0}
    finally:
        client.close()
    per_queue = len(KOMBU_PRIORITY_STEPS) + 1
    depths = {name: sum(counts[i * per_queue : (i + 1) * per_queue]) for i, name in enumerate(names)}
    return {"broker_up": 1, "queues": depths, "unacked": counts[-1]}


def _database_state() -> dict[str, Any]:
    from django.db.models import Count, Min, Q
    from django.utils import timezone

    from compliance.models import FortyEightHourNotice
    from donations.models import StripeEvent

    now = timezone.now()
    events = StripeEvent.objects.filter(processed_at__isnull=True).aggregate(
        unprocessed=Count("pk", filter=Q(error="")),
        failed=Count("pk", filter=~Q(error="")),
        oldest=Min("received_at", filter=Q(error="")),
    )
    unfiled = FortyEightHourNotice.objects.filter(filed_at__isnull=True)
    due_soon = unfiled.filter(deadline__gte=now, deadline__lte=now + timedelta(hours=settings.NOTICE_DUE_SOON_HOURS))
    return {
        "events_unprocessed": events["unprocessed"],
        "events_failed": events["failed"],
        "events_oldest_age": (now - events["oldest"]).total_seconds() if events["oldest"] else 0.0,
        "notices_due_soon": due_soon.count(),
        "notices_overdue": unfiled.filter(deadline__lt=now).count(),
    }


def _backup_state() -> dict[str, Any]:
    from operations.services.backups import backups_list

    backups = backups_list()
    if not backups:
        return {"backups": 0}
    return {"backups": len(backups), "backup_latest": backups[-1].created_at.timestamp()}


def collect_state() -> dict[str, Any]:
    """Every scrape-time value, shared through the cache for a few seconds (several web processes and replicas
    answer scrapes; the database is asked once). A part that fails is left out, except the broker (broker_up 0)."""
    try:
        cached = cache.get(STATE_CACHE_KEY)
    except Exception:  # the cache is Redis: when it is down, compute (and report the broker down)
        cached = None
    if cached is not None:
        return cached
    state: dict[str, Any] = {"scraped_at": time.time()}
    for part in (_queue_depths, _database_state, _backup_state):
        try:
            state.update(part())
        except Exception as exc:
            logger.warning("metrics: %s failed: %s", part.__name__, type(exc).__name__)
    with contextlib.suppress(Exception):
        cache.set(STATE_CACHE_KEY, state, timeout=settings.METRICS_STATE_CACHE_SECONDS)
    return state


_STATE_GAUGES = (
    ("fundraising_broker_up", "1 when the Celery broker (Redis) answered the scrape", "broker_up"),
    ("fundraising_celery_unacked", "Messages delivered to a worker, not yet acknowledged", "unacked"),
    ("fundraising_stripe_events_unprocessed", "Stored Stripe events not yet processed", "events_unprocessed"),
    (
        "fundraising_stripe_events_unprocessed_oldest_age_seconds",
        "Age of the oldest stored Stripe event not yet processed",
        "events_oldest_age",
    ),
    ("fundraising_stripe_events_failed", "Stored Stripe events whose processing recorded an error", "events_failed"),
    ("fundraising_notices_48h_due_soon", "Unfiled 48-hour notices due within 12 hours", "notices_due_soon"),
    ("fundraising_notices_48h_overdue", "Unfiled 48-hour notices past their deadline", "notices_overdue"),
    ("fundraising_backups_stored", "Backups kept in the backup storage", "backups"),
    ("fundraising_backup_latest_timestamp_seconds", "Unix time of the newest stored backup", "backup_latest"),
)


class StateCollector:
    def collect(self) -> Iterator[Metric]:
        state = collect_state()
        for name, doc, key in _STATE_GAUGES:
            if key in state:
                yield GaugeMetricFamily(name, doc, value=state[key])
        if "queues" in state:
            depth = GaugeMetricFamily("fundraising_celery_queue_depth", "Messages waiting per queue", labels=["queue"])
            for queue, value in sorted(state["queues"].items()):
                depth.add_metric([queue], value)
            yield depth


# --- a worker's own endpoint ------------------------------------------------------------------------------------
class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the stdlib's name)
        pass


def _worker_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    if environ.get("PATH_INFO", "/") not in ("/", "/metrics"):
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found\n"]
    if not token_ok(environ.get("HTTP_AUTHORIZATION")):
        start_response("401 Unauthorized", [("Content-Type", "text/plain"), ("WWW-Authenticate", "Bearer")])
        return [b"unauthorized\n"]
    try:
        body = render_metrics(include_state=settings.CELERY_METRICS_STATE)
    finally:
        # Each scrape runs in a thread of its own, outside Django's request cycle: give its database connection
        # back to the pool, or a few scrapes would hold every pooled connection of the worker's main process.
        connections.close_all()
    start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))])
    return [body]


def serve_worker_metrics(*, addr: str, port: int) -> ThreadingWSGIServer:
    server = make_server(addr, port, _worker_app, server_class=ThreadingWSGIServer, handler_class=_QuietHandler)
    threading.Thread(target=server.serve_forever, name="metrics-server", daemon=True).start()
    logger.info("worker metrics on %s:%s (multiprocess=%s)", addr, port, bool(multiprocess_dir()))
    return server
