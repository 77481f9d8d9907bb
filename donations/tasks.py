"""Celery tasks: thin wrappers that call services."""

import logging

from celery import shared_task
from django.db import DatabaseError

from donations.models import Donation
from donations.services.payments import PaymentMismatch
from donations.services.receipts import receipt_send, receipts_send_pending, recurring_stopped_notice_send
from donations.services.stripe_events import GiftNotRecordedYet, stripe_event_mark_error, stripe_event_process
from fundraising.exceptions import PaymentGatewayUnavailable

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(DatabaseError, PaymentGatewayUnavailable, GiftNotRecordedYet),
    retry_backoff=True,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=10,
    acks_late=True,
    time_limit=120,
    soft_time_limit=110,
)
def stripe_event_process_task(stripe_event_pk: int) -> None:
    try:
        stripe_event_process(stripe_event_pk=stripe_event_pk)
    except (PaymentMismatch, Donation.DoesNotExist) as exc:  # not transient: keep it for staff, don't retry
        logger.error("stripe event rejected pk=%s: %s", stripe_event_pk, type(exc).__name__)
        stripe_event_mark_error(stripe_event_pk=stripe_event_pk, error=str(exc))


@shared_task(
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=True,
    max_retries=8,
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
)
def receipt_send_task(contribution_pk: int) -> None:
    receipt_send(contribution_pk=contribution_pk)


@shared_task(time_limit=600, soft_time_limit=580)
def receipts_send_pending_task() -> int:
    """Beat: the receipt outbox's sweep (receipts whose fast-path task was lost)."""
    return receipts_send_pending()


@shared_task(
    autoretry_for=(DatabaseError, PaymentGatewayUnavailable),
    retry_backoff=True,
    max_retries=10,
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
)
def recurring_cancel_at_limit_task(gift_pk: int, reason: str) -> None:
    from donations.models import RecurringGift
    from donations.services.recurring import recurring_cancel

    gift = RecurringGift.objects.get(pk=gift_pk)
    if gift.status == RecurringGift.Status.CANCELED:
        return
    recurring_cancel(gift=gift, reason=reason, actor_label="system:limit-check")
    recurring_stopped_notice_send(gift_pk=gift_pk, reason=reason)


@shared_task(time_limit=600, soft_time_limit=580)
def donations_expire_abandoned_task() -> int:
    from donations.services.donations import donations_expire_abandoned

    return donations_expire_abandoned()


@shared_task(time_limit=120, soft_time_limit=110)
def stripe_events_redeliver_task() -> int:
    from donations.services.stripe_events import stripe_events_redeliver

    return stripe_events_redeliver()


# --- donor self-service (issue #16) ---------------------------------------------------------------------------
@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=8, time_limit=60)
def donor_access_link_email_task(page_slug: str, email: str) -> None:
    """The sign-in link: looked up and sent here, so the page answers alike whether the address gave or not."""
    from donations.services.donor_access import donor_access_link_send

    donor_access_link_send(page_slug=page_slug, email=email)


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=8, time_limit=60)
def receipt_copy_email_task(contribution_pk: int) -> None:
    from donations.services.donor_account import receipt_copy_send

    receipt_copy_send(contribution_pk=contribution_pk)
