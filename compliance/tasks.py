"""Celery tasks of the compliance app: thin wrappers around services.

Services queue a build by the task's name (``REPORT_BUILD_TASK``), so they never import this module."""

from celery import shared_task

from compliance.services.report_claims import REPORT_BUILD_TASK, reports_requeue_stale
from compliance.services.reports import report_build


@shared_task(name=REPORT_BUILD_TASK, acks_late=True, reject_on_worker_lost=True, soft_time_limit=3300, time_limit=3600)
def report_build_task(report_pk: int) -> None:
    report_build(report_pk=report_pk)


@shared_task(time_limit=120, soft_time_limit=110)
def reports_requeue_stale_task() -> int:
    return len(reports_requeue_stale())
