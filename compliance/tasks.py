"""Celery tasks of the compliance app: thin wrappers around services, and the receiver that queues them.

Services never import this module: they announce a queued report (``report_queued``, after commit) and
``report_queued_receiver`` (connected in ``compliance.apps``) queues its build."""

import logging

from celery import shared_task
from kombu.exceptions import OperationalError

from compliance.services.report_claims import reports_requeue_stale
from compliance.services.reports import report_build


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=3300, time_limit=3600)
def report_build_task(report_pk: int) -> None:
    report_build(report_pk=report_pk)


logger = logging.getLogger(__name__)


def report_queued_receiver(sender: type, *, report_pk: int, **_: object) -> None:
    """``report_queued``: build the report in a worker (the reports queue). With the broker down the report
    stays queued (the request that queued it has committed and must not fail); the watchdog announces it again."""
    try:
        report_build_task.delay(report_pk)
    except OperationalError:
        logger.warning("broker unreachable, report left queued for the watchdog report=%s", report_pk)


@shared_task(time_limit=120, soft_time_limit=110)
def reports_requeue_stale_task() -> int:
    return len(reports_requeue_stale())
