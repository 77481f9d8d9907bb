"""Operations: metrics, error reporting, backups, reads off the primary (the ``operations`` app; README "Operations").

Metrics: ``/metrics`` on every web process answers only ``Authorization: Bearer $METRICS_TOKEN`` (404 when the token
is unset). A Celery worker serves its own on ``CELERY_METRICS_PORT`` (same token). With several processes per
server (gunicorn workers, a prefork pool) set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory per server:
prometheus_client's multiprocess mode then sums every process of that server.

Errors: sentry-sdk when ``SENTRY_DSN`` is set, personal data scrubbed before anything leaves (operations/sentry.py).

Backups: ``manage.py backup_create`` (and the beat job when ``BACKUP_AGE_RECIPIENTS`` is set) writes an age-encrypted
pg_dump plus every stored file to ``BACKUP_STORAGE_URL`` (default: next to the report files: the same bucket under
``backups/``, or ``var/backups``), then prunes by the retention policy. ``manage.py backup_restore`` restores.

Replica: with ``DATABASE_REPLICA_URL`` set, report builds, the staff dashboard and exports read from it once it has
replayed past the primary's WAL position; writes always go to the primary."""

from urllib.parse import urlsplit

from celery.schedules import crontab

from config.env import env
from config.settings.components.celery import CELERY_BEAT_SCHEDULE, CELERY_TASK_ROUTES
from config.settings.components.database import DATABASES, database_settings
from config.settings.components.storage import S3_BUCKET, S3_PREFIX, STORAGES, _default_storage
from config.settings.paths import VAR_DIR

# --- metrics ----------------------------------------------------------------------------------------------------
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)  # 0: no metrics server in workers
CELERY_METRICS_ADDR = env.str("CELERY_METRICS_ADDR", default="0.0.0.0")  # noqa: S104 (a scrape target; token-protected)
# Workers also export the gauges read at scrape time (queue depth, unprocessed events, notices, backups).
CELERY_METRICS_STATE = env.bool("CELERY_METRICS_STATE", default=True)
METRICS_STATE_CACHE_SECONDS = env.int("METRICS_STATE_CACHE_SECONDS", default=10)
NOTICE_DUE_SOON_HOURS = env.int("NOTICE_DUE_SOON_HOURS", default=12)

# --- error reporting --------------------------------------------------------------------------------------------
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if SENTRY_DSN:
    from operations.sentry import sentry_init

    sentry_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)

# --- reads off the primary --------------------------------------------------------------------------------------
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database_settings(DATABASE_REPLICA_URL)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # a test database is never created on a replica
DATABASE_ROUTERS = ["operations.db_router.ReplicaRouter"]
# How long a read session waits for the replica to catch up before it reads the primary instead.
REPLICA_MAX_WAIT_SECONDS = env.float("REPLICA_MAX_WAIT_SECONDS", default=30.0)
# GET requests under these paths read from the replica (the staff dashboard and the exports).
REPLICA_READ_PATHS = env.list(
    "REPLICA_READ_PATHS",
    default=["/staff/", "/api/v1/compliance/audit.csv", "/api/v1/compliance/excessive/", "/api/v1/contributions/"],
)
# Celery tasks that read from the replica (the report builds).
REPLICA_READ_TASKS = env.list("REPLICA_READ_TASKS", default=["compliance.tasks.report_build_task"])

# --- backups ----------------------------------------------------------------------------------------------------
# age public keys (age1...) the backups are encrypted to; the private key (AGE-SECRET-KEY-...) is needed only to
# restore and never belongs on the servers that write backups.
BACKUP_AGE_RECIPIENTS = env.list("BACKUP_AGE_RECIPIENTS", default=[])
BACKUP_STORAGE_URL = env.str("BACKUP_STORAGE_URL", default="")
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=14)  # every backup younger than this
BACKUP_KEEP_MONTHS = env.int("BACKUP_KEEP_MONTHS", default=12)  # then the newest of each month
BACKUP_KEEP_MIN = env.int("BACKUP_KEEP_MIN", default=3)  # and never fewer than this many
BACKUP_HOUR_UTC = env.int("BACKUP_HOUR_UTC", default=7)  # 02:00-03:00 in the eastern US
BACKUP_TMP_DIR = env.str("BACKUP_TMP_DIR", default="") or None
PG_BIN_DIR = env.str("PG_BIN_DIR", default="")  # where pg_dump / pg_restore are; empty: $PATH

_backup_url = urlsplit(BACKUP_STORAGE_URL)
if BACKUP_STORAGE_URL and _backup_url.scheme not in ("s3", "file"):
    raise ValueError("BACKUP_STORAGE_URL must be s3://BUCKET[/PREFIX] or file:///PATH")
if _backup_url.scheme == "s3" or (not BACKUP_STORAGE_URL and S3_BUCKET):
    _bucket = _backup_url.netloc if _backup_url.scheme == "s3" else S3_BUCKET
    _prefix = (
        _backup_url.path.strip("/") if _backup_url.scheme == "s3" else "/".join(p for p in (S3_PREFIX, "backups") if p)
    )
    _s3 = dict(_default_storage.get("OPTIONS", {})) if _default_storage["BACKEND"].endswith("S3Storage") else {}
    if not _s3:
        from config.settings.components.storage import S3_ADDRESSING_STYLE, S3_ENDPOINT_URL, S3_REGION

        _s3 = {
            "endpoint_url": S3_ENDPOINT_URL,
            "region_name": S3_REGION,
            "addressing_style": S3_ADDRESSING_STYLE,
            "signature_version": "s3v4",
            "default_acl": None,
        }
        if env.str("AWS_ACCESS_KEY_ID", default=""):
            _s3.update(access_key=env.str("AWS_ACCESS_KEY_ID"), secret_key=env.str("AWS_SECRET_ACCESS_KEY"))
    _s3.update(bucket_name=_bucket, location=_prefix, file_overwrite=False)
    STORAGES["backups"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _s3}
else:
    _location = _backup_url.path if _backup_url.scheme == "file" else str(VAR_DIR / "backups")
    STORAGES["backups"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": _location, "base_url": None},
    }

CELERY_TASK_ROUTES["operations.tasks.database_backup_task"] = {"queue": "reports"}  # long work
if BACKUP_AGE_RECIPIENTS:
    CELERY_BEAT_SCHEDULE["database-backup"] = {
        "task": "operations.tasks.database_backup_task",
        "schedule": crontab(hour=BACKUP_HOUR_UTC, minute=17),
    }

# The ledger (README "Security → The ledger"): the chain head goes to the object store once a day, write-once
# (S3 Object Lock, compliance mode, when the bucket has it) for this many days.
LEDGER_HEAD_HOUR_UTC = env.int("LEDGER_HEAD_HOUR_UTC", default=6)
LEDGER_HEAD_RETENTION_DAYS = env.int("LEDGER_HEAD_RETENTION_DAYS", default=3 * 366)
CELERY_BEAT_SCHEDULE["ledger-head-publish"] = {
    "task": "operations.tasks.ledger_head_publish_task",
    "schedule": crontab(hour=LEDGER_HEAD_HOUR_UTC, minute=41),
}
