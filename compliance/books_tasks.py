"""Celery tasks of the books (thin: they call compliance.books services) and the receiver that queues the fee
booking once donations announces a settled payout. Connected in ComplianceConfig.ready(); the beat sweep finds
any payout whose enqueue was lost (Payout.fees_booked_at is empty)."""

import logging

from celery import shared_task
from django.db import DatabaseError

logger = logging.getLogger(__name__)


@shared_task(bind=True, retry_backoff=True, max_retries=8, time_limit=120)
def payout_fees_book_task(self, payout_pk: int) -> int:  # noqa: ANN001
    """Book a settled payout's fees; retried while a fee's gift is not recorded yet (the sweep also tries)."""
    from compliance.books.fees import FeesNotAttributable, payout_fees_book

    try:
        return len(payout_fees_book(payout_pk=payout_pk))
    except (DatabaseError, FeesNotAttributable) as exc:
        raise self.retry(exc=exc, countdown=min(300, 2**self.request.retries)) from exc


@shared_task(time_limit=600, soft_time_limit=580)
def payouts_book_pending_task() -> int:
    """Beat: book the fees of every settled payout not booked yet."""
    from compliance.books.fees import payouts_book_pending

    return payouts_book_pending()


@shared_task(time_limit=1800, soft_time_limit=1780)
def stripe_sync_task() -> str:
    """Beat: catch up with Stripe for the last three days (events missed during an outage, payouts)."""
    from compliance.books.sync import stripe_sync

    return stripe_sync().describe()


def payout_settled_receiver(sender: type, *, payout_pk: int, **kwargs: object) -> None:
    try:
        payout_fees_book_task.delay(payout_pk)
    except Exception as exc:  # broker down: the beat sweep books it
        logger.warning("payout fee booking enqueue failed payout=%s: %s", payout_pk, type(exc).__name__)
