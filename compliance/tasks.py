"""Celery tasks of the compliance app: thin wrappers around services."""

from celery import shared_task

from compliance.services.reports import report_build


@shared_task(acks_late=True, reject_on_worker_lost=True, soft_time_limit=3300, time_limit=3600)
def report_build_task(report_pk: int) -> None:
    report_build(report_pk=report_pk)


@shared_task(time_limit=120, soft_time_limit=110)
def reports_requeue_stale_task() -> int:
    from compliance.services.report_claims import reports_requeue_stale

    return len(reports_requeue_stale())
