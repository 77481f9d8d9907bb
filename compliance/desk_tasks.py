"""Celery tasks of the compliance desk: thin wrappers around compliance.desk services.

Routed by name (config/settings/components/celery.py): ``*_email_task`` to ``email``, the rest to
``default``. Every task is idempotent (records what it sent or flagged), so beat running twice does no harm."""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=8, time_limit=120, soft_time_limit=110)
def contribution_review_task(contribution_pk: int) -> int:
    from compliance.desk.review import contribution_review
    from donations.models import Contribution

    return len(contribution_review(contribution=Contribution.objects.get(pk=contribution_pk)))


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=8, time_limit=60)
def remedy_letter_email_task(item_pk: int) -> bool:
    from compliance.desk.mail import remedy_letter_send

    return remedy_letter_send(item_pk=item_pk)


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
def filing_reminders_email_task() -> int:
    """Beat (every 6 hours): remind each committee's people of reports falling due (7 days and 1 day before)."""
    from compliance.desk.deadlines import filing_reminders_send

    return filing_reminders_send()
