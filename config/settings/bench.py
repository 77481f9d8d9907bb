"""Settings for the benchmarks in bench/: production-shaped (DEBUG off, pooled PostgreSQL, Redis broker and
cache, all from the environment the bench scripts set), mail that goes nowhere.

BENCH_QUEUE_PREFIX renames every Celery queue (``webhooks`` → ``<prefix>webhooks`` …), so a benchmark that
shares a Redis database with a test run or another benchmark never hands its tasks to someone else's worker.
The checkout rate limits stay on (their cost is part of the path) but high: the load comes from one address."""

from kombu import Queue

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import CELERY_TASK_DEFAULT_QUEUE, CELERY_TASK_QUEUES, CELERY_TASK_ROUTES

DEBUG = False
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/11")
BENCH_QUEUE_PREFIX = env.str("BENCH_QUEUE_PREFIX", default="bench-")
CELERY_TASK_QUEUES = [Queue(BENCH_QUEUE_PREFIX + queue.name) for queue in CELERY_TASK_QUEUES]
CELERY_TASK_ROUTES = {
    name: {**route, "queue": BENCH_QUEUE_PREFIX + route["queue"]} for name, route in CELERY_TASK_ROUTES.items()
}
CELERY_TASK_DEFAULT_QUEUE = BENCH_QUEUE_PREFIX + CELERY_TASK_DEFAULT_QUEUE
BENCH_QUEUES = ",".join(queue.name for queue in CELERY_TASK_QUEUES)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.dummy.EmailBackend")
_rate = env.str("BENCH_CHECKOUT_RATE", default="1000000/m")
CHECKOUT_RATE_LIMITS = {"ip": _rate, "email": _rate, "session": _rate, "payment_method": _rate}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
