"""Prometheus metrics every app may increment (prometheus_client). Definitions only: the endpoints that expose them
and the gauges computed at scrape time (queue depth, unprocessed Stripe events, 48-hour notices due) live in
``operations/``.

Each web or worker *process group* (gunicorn master + its workers, a Celery worker + its pool) exposes the sum of
its processes: with ``PROMETHEUS_MULTIPROC_DIR`` set (production, compose, the drill), prometheus_client's
multiprocess mode keeps each process's values in that directory; without it (``make run``, tests) values live in
the process. Labels carry kinds and outcomes only: never ids, names or amounts (unbounded, or personal)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# --- gifts ------------------------------------------------------------------------------------------------------
GIFTS_STARTED = Counter("fundraising_gifts_started", "Checkouts started (a Donation row created)", ["frequency"])
GIFTS_PAID = Counter("fundraising_gifts_paid", "Contributions paid through Stripe recorded", ["source"])
GIFTS_DECLINED = Counter("fundraising_gifts_declined", "Checkouts whose payment was declined or failed")
GIFTS_REFUSED = Counter(
    "fundraising_gifts_refused", "Gifts refused before any payment call, by reason (over_limit, ...)", ["reason"]
)
CHECKOUT_RATE_LIMITED = Counter(
    "fundraising_checkout_rate_limited", "Checkout attempts refused by the card-testing defence", ["by"]
)

# --- Stripe webhooks --------------------------------------------------------------------------------------------
WEBHOOK_LAG = Histogram(
    "fundraising_webhook_lag_seconds",
    "Stripe event stored by the webhook endpoint -> processed by a worker",
    ["event_type"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600),
)

# --- Celery -----------------------------------------------------------------------------------------------------
TASKS = Counter("fundraising_celery_tasks", "Celery tasks run, by task and final state", ["task", "state"])
TASK_DURATION = Histogram(
    "fundraising_celery_task_duration_seconds",
    "Wall time of Celery tasks",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600),
)

# --- reports ----------------------------------------------------------------------------------------------------
REPORT_BUILDS = Counter(
    "fundraising_report_builds", "Report builds finished, by outcome (done, failed, crashed, skipped)", ["outcome"]
)
REPORT_BUILD_DURATION = Histogram(
    "fundraising_report_build_duration_seconds",
    "Wall time of report builds",
    ["outcome"],
    buckets=(0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 3600),
)

# --- HTTP -------------------------------------------------------------------------------------------------------
HTTP_REQUESTS = Counter("fundraising_http_requests", "HTTP responses, by route and status class", ["route", "status"])
HTTP_DURATION = Histogram(
    "fundraising_http_request_duration_seconds",
    "HTTP response time",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

# --- reads off the primary --------------------------------------------------------------------------------------
REPLICA_READS = Counter(
    "fundraising_replica_sessions",
    "Read sessions (report builds, dashboards, exports), by where they read: replica, or primary and why",
    ["target"],
)
REPLICA_WAIT = Histogram(
    "fundraising_replica_wait_seconds",
    "Time a read session waited for the replica to replay past the primary's WAL position",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)

# --- backups ----------------------------------------------------------------------------------------------------
BACKUPS = Counter("fundraising_backups", "Logical backups attempted, by outcome", ["outcome"])
BACKUP_LAST_SUCCESS = Gauge(
    "fundraising_backup_last_success_timestamp_seconds",
    "Unix time of the last backup this process group wrote",
    multiprocess_mode="max",
)
