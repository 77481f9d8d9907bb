"""Celery tasks of the compliance app: thin wrappers around services, and the receiver that queues them.

Services never import this module: they announce a queued report (``report_queued``, after commit) and
``report_queued_receiver`` (connected in ``compliance.apps``) queues its build."""

import logging

from celery import shared_task
from django.conf import settings
from kombu.exceptions import OperationalError

from compliance.services.filing import filing_submission_advance, filing_submissions_resume
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


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None, time_limit=300, soft_time_limit=280
)
def filing_submission_task(self, submission_pk: int) -> None:  # noqa: ANN001 (the bound task)
    """Upload a submission to the FEC, then poll its status every FEC_FILING_POLL_SECONDS until it is answered
    (the service bounds the polls with FEC_FILING_MAX_POLLS)."""
    if filing_submission_advance(submission_pk=submission_pk):
        raise self.retry(countdown=settings.FEC_FILING_POLL_SECONDS)


def filing_submission_queued_receiver(sender: type, *, submission_pk: int, **_: object) -> None:
    """``filing_submission_queued``: upload and poll in a worker (the default queue)."""
    try:
        filing_submission_task.delay(submission_pk)
    except OperationalError:
        logger.warning("broker unreachable, submission not queued submission=%s", submission_pk)


@shared_task(time_limit=120, soft_time_limit=110)
def filing_submissions_resume_task() -> int:
    return len(filing_submissions_resume())
