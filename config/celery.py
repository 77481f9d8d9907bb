"""The Celery application. Tasks live in each app's tasks.py and are found by autodiscovery; queues and
routes are in config/settings/components/celery.py."""

import os

from celery import Celery
from celery.signals import worker_process_init

from fundraising.logging_context import connect_celery_signals
from operations.celery_signals import connect as connect_operations_signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")  # never DEBUG by accident

app = Celery("fundraising")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
connect_celery_signals()  # the web request's id travels in task headers into the worker's logs
connect_operations_signals()  # task metrics, report builds on the replica, the worker's metrics endpoint


@worker_process_init.connect(weak=False)
def _forget_inherited_connection_pools(**_: object) -> None:
    """A prefork child must not share the parent's psycopg pool (its sockets and threads): forget any pool
    object inherited through fork, without closing its connections (that would close the parent's); the
    child opens its own pool on first use."""
    from django.db.backends.postgresql.base import DatabaseWrapper

    DatabaseWrapper._connection_pools.clear()
