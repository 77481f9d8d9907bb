"""Celery tasks of the compliance desk: thin wrappers around compliance.desk services, and the receivers that
queue them after a commit (connected in ComplianceConfig.ready(); they only enqueue).

Routed by name (config/settings/components/celery.py): ``*_email_task`` to ``email``, the rest to
``default``. Every task is idempotent (records what it sent, flagged or reviewed), so beat running twice does no
harm, and a receiver that cannot reach the broker loses nothing: the beat sweeps find the same work in the rows."""

import logging

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=8, time_limit=120, soft_time_limit=110)
def contribution_review_task(contribution_pk: int) -> int:
    """The fast path: review a gift just recorded (a claim: a gift already reviewed is left alone)."""
    from compliance.desk.review import contributions_review_pending

    return contributions_review_pending(contribution_pks=[contribution_pk])


@shared_task(time_limit=600, soft_time_limit=580)
def contributions_review_pending_task() -> int:
    """Beat: review every gift still without a review (its fast-path enqueue was lost, or its worker died)."""
    from compliance.desk.review import contributions_review_pending

    return contributions_review_pending()


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=8, time_limit=60)
def remedy_letter_email_task(item_pk: int) -> bool:
    from compliance.desk.mail import remedy_letter_send

    return remedy_letter_send(item_pk=item_pk)


@shared_task(time_limit=600, soft_time_limit=580)
def remedy_letters_pending_email_task() -> int:
    """Beat: send remedy letters still owed (their fast-path enqueue was lost)."""
    from compliance.desk.remedies import remedy_letters_send_pending

    return remedy_letters_send_pending()


@shared_task(time_limit=600, soft_time_limit=580)
def review_reminders_email_task() -> int:
    from compliance.desk.mail import review_reminders_send

    return review_reminders_send(today=timezone.localdate())


@shared_task(time_limit=1800, soft_time_limit=1780)
def best_efforts_requests_email_task() -> int:
    from compliance.desk.best_efforts import best_efforts_send_due

    return best_efforts_send_due(today=timezone.localdate())


@shared_task(time_limit=600, soft_time_limit=580)
def notices_48h_check_task() -> int:
    from compliance.desk.notices import notices_check_all

    return notices_check_all(now=timezone.now())


@shared_task(time_limit=600, soft_time_limit=580)
def ie_reports_check_task() -> int:
    """Beat (hourly): open the 24/48-hour reports (Form 24) of independent expenditures that are due."""
    from compliance.desk.ie_notices import ie_reports_check_all

    return ie_reports_check_all(now=timezone.now())


@shared_task(time_limit=600, soft_time_limit=580)
def filing_reminders_email_task() -> int:
    """Beat (every 6 hours): remind each committee's people of reports falling due (7 days and 1 day before)."""
    from compliance.desk.deadlines import filing_reminders_send

    return filing_reminders_send()


def contribution_recorded_receiver(sender: type, *, contribution_pk: int, **kwargs: object) -> None:
    """donations.signals.contribution_recorded: queue the gift's review (beat reviews it if this is lost)."""
    try:
        contribution_review_task.delay(contribution_pk)
    except Exception as exc:  # broker down: the gift stays unreviewed and the sweep takes it up
        logger.warning("review enqueue failed contribution=%s: %s", contribution_pk, type(exc).__name__)


def review_item_remedied_receiver(sender: type, *, item_pk: int, **kwargs: object) -> None:
    """compliance.desk.remedies.review_item_remedied: queue the letter (beat sends it if this is lost)."""
    try:
        remedy_letter_email_task.delay(item_pk)
    except Exception as exc:  # broker down: the letter stays owed and the sweep sends it
        logger.warning("remedy letter enqueue failed item=%s: %s", item_pk, type(exc).__name__)
