"""Celery: broker, task defaults, periodic jobs."""

from fundraising.env import env
from fundraising.settings.paths import VAR_DIR

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded default: a broker that is a folder, consumed by a real `celery worker` process.
    _broker_dir = VAR_DIR / "celery-broker"
    _broker_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery-processed").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True  # every task is idempotent; a worker killed mid-task is redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Every task sets its own limits; these are the ceiling for any that forgets.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=60 * 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic jobs. Each is idempotent (claims rows with conditional updates), so a second beat by
# mistake does no harm.
CELERY_BEAT_SCHEDULE = {
    "expire-abandoned-checkouts": {"task": "donations.tasks.donations_expire_abandoned_task", "schedule": 15 * 60},
    "redeliver-stored-stripe-events": {"task": "donations.tasks.stripe_events_redeliver_task", "schedule": 60},
}
