"""Celery: broker, queues and routes, task defaults, periodic jobs."""

from kombu import Queue

from config.env import env
from config.settings.paths import VAR_DIR

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
        "control_folder": str(VAR_DIR / "celery-control"),  # exchange tables; kombu's default is ./control
    }
else:
    # With late acks, Redis hands an unacknowledged message to another worker after the visibility timeout:
    # it must outlast the longest task (reports: 3600 s), or a running report would be started again.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 3600)}
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
# Queues by kind of work, so a long report never sits in front of a webhook. Routes go by task name (no task
# code names a queue). Production runs one worker pool for `webhooks,email,default` and another for `reports`
# (docker-compose.yml: `worker` and `worker-reports`); a laptop or the tests may run one worker on all four.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [Queue(name) for name in ("webhooks", "reports", "email", "default")]
CELERY_TASK_CREATE_MISSING_QUEUES = False  # a route to an unknown queue is an error, not a queue nobody reads
CELERY_TASK_ROUTES = {
    # fast and latency-sensitive: a paid gift is recorded from its webhook
    "donations.tasks.stripe_event_process_task": {"queue": "webhooks"},
    "donations.tasks.stripe_events_redeliver_task": {"queue": "webhooks"},
    # mail: receipts and recurring-gift notices
    "donations.tasks.receipt_send_task": {"queue": "email"},
    "donations.tasks.receipts_send_pending_task": {"queue": "email"},
    "donations.tasks.recurring_cancel_at_limit_task": {"queue": "email"},
    "donations.tasks.*_notice*": {"queue": "email"},
    "donations.tasks.*_email*": {"queue": "email"},
    # the report watchdog must not wait behind the reports it watches (exact names win over patterns)
    "compliance.tasks.reports_requeue_stale_task": {"queue": "default"},
    # long: report and notice builders of the compliance app (and any added there later)
    "compliance.tasks.filing_submission_task": {"queue": "default"},  # never behind a long report build
    "compliance.tasks.filing_submissions_resume_task": {"queue": "default"},
    "compliance.tasks.*": {"queue": "reports"},
    # the compliance desk: donor letters, reminders and best-efforts requests are mail; reviews are quick
    "compliance.desk_tasks.*_email_task": {"queue": "email"},
    "compliance.desk_tasks.*": {"queue": "default"},
    # everything else (donations_expire_abandoned_task, ...) goes to `default`
}
# Periodic jobs. Two beat processes by mistake do no harm, because each job is idempotent:
# - expire-abandoned-checkouts: each stale donation is claimed with a conditional UPDATE (status still
#   pending/requires_action), so only one run releases its limit reservation; cancelling an already cancelled
#   PaymentIntent is answered from Stripe's state.
# - redeliver-stored-stripe-events: only queues again events still unprocessed whose hand-over to the broker
#   failed or is older than STRIPE_EVENT_REQUEUE_SECONDS (a claim on StripeEvent.queued_at under the row lock,
#   SKIP LOCKED), so an event waiting in a backlog is not queued again each minute; processing takes the event
#   row lock and returns at once when processed_at is set, so an event queued twice is applied once.
# - review-unreviewed-gifts, send-pending-receipts: the sweeps of durable outboxes (a gift without a
#   ContributionReview, a contribution whose receipt_status is pending). Each claims its row with
#   SELECT ... FOR UPDATE SKIP LOCKED and records the result in the same transaction, so nothing is reviewed or
#   mailed twice however many sweeps run.
# - desk-remedy-letters: a remedied item without letter_sent_at; the letter is sent under the item's row lock and
#   recorded in the same transaction.
# - requeue-stale-reports: takes back a running report whose build stopped beating (heartbeat_at older than
#   REPORT_HEARTBEAT_STALE_SECONDS) with a conditional UPDATE on its attempt number, then queues it once.
# - resume-fec-submissions: an open FEC submission untouched for a while is queued again; its upload is claimed
#   with a conditional UPDATE and its final answer recorded only from an open status (compliance.services.filing).
REPORT_HEARTBEAT_STALE_SECONDS = env.int("REPORT_HEARTBEAT_STALE_SECONDS", default=300)
# Report builds read each receipt's kept aggregate (donations.ReceiptAggregate, issue #17). Off: every build
# recomputes them over the window as before (an operator's switch while a kept row is in doubt; the benchmark's
# same-run baseline).
REPORTS_KEPT_AGGREGATES = env.bool("REPORTS_KEPT_AGGREGATES", default=True)
CELERY_BEAT_SCHEDULE = {
    "requeue-stale-reports": {"task": "compliance.tasks.reports_requeue_stale_task", "schedule": 60},
    "resume-fec-submissions": {"task": "compliance.tasks.filing_submissions_resume_task", "schedule": 120},
    "expire-abandoned-checkouts": {"task": "donations.tasks.donations_expire_abandoned_task", "schedule": 5 * 60},
    "redeliver-stored-stripe-events": {"task": "donations.tasks.stripe_events_redeliver_task", "schedule": 60},
    "send-pending-receipts": {"task": "donations.tasks.receipts_send_pending_task", "schedule": 60},
    "review-unreviewed-gifts": {"task": "compliance.desk_tasks.contributions_review_pending_task", "schedule": 60},
    "desk-remedy-letters": {"task": "compliance.desk_tasks.remedy_letters_pending_email_task", "schedule": 5 * 60},
    # Compliance desk. Each records what it did (reminder per item and day, request per donor and cycle, notice
    # line per contribution) under a unique constraint, so a second run sends and writes nothing new.
    "desk-review-reminders": {"task": "compliance.desk_tasks.review_reminders_email_task", "schedule": 6 * 3600},
    "desk-best-efforts-requests": {
        "task": "compliance.desk_tasks.best_efforts_requests_email_task",
        "schedule": 6 * 3600,
    },
    "desk-48h-notices": {"task": "compliance.desk_tasks.notices_48h_check_task", "schedule": 3600},
    "desk-ie-24-48h-reports": {"task": "compliance.desk_tasks.ie_reports_check_task", "schedule": 3600},
    "filing-reminders": {"task": "compliance.desk_tasks.filing_reminders_email_task", "schedule": 6 * 3600},
    # The books: fees of settled payouts not booked yet (booked once per payout under its row lock, and each
    # disbursement is unique per payout and purpose), and the hourly catch-up with Stripe (events are stored
    # under their unique id, payouts and balance transactions under theirs).
    "book-payout-fees": {"task": "compliance.books_tasks.payouts_book_pending_task", "schedule": 5 * 60},
    "stripe-sync": {"task": "compliance.books_tasks.stripe_sync_task", "schedule": 3600},
}
