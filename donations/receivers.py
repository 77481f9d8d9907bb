"""The entry layer's hooks on donations.signals: each receiver only hands work to a worker.

The state each signal stands for is already committed (a stored event, a pending receipt), so when the broker
cannot be reached the receiver logs and returns: the beat sweeps find the same work from the rows
(stripe_events_redeliver, receipts_send_pending). Connected in DonationsConfig.ready()."""

import logging

from donations.signals import (
    contribution_recorded,
    donor_access_link_requested,
    receipt_copy_requested,
    recurring_gift_over_limit,
    stripe_event_pending,
)
from donations.tasks import (
    donor_access_link_email_task,
    receipt_copy_email_task,
    receipt_send_task,
    recurring_cancel_at_limit_task,
    stripe_event_process_task,
)

logger = logging.getLogger(__name__)


def stripe_event_enqueue(sender: type, *, stripe_event_pk: int, **kwargs: object) -> bool:
    """True once the task is with the broker (the service keeps the event marked as queued), else False."""
    try:
        stripe_event_process_task.delay(stripe_event_pk)
    except Exception as exc:  # broker down: never fail the webhook, the row is the durable record
        logger.warning("stripe event enqueue failed pk=%s: %s", stripe_event_pk, type(exc).__name__)
        return False
    return True


def receipt_enqueue(sender: type, *, contribution_pk: int, receipt_due: bool = False, **kwargs: object) -> None:
    if not receipt_due:
        return
    try:
        receipt_send_task.delay(contribution_pk)
    except Exception as exc:  # broker down: the receipt stays pending and the sweep sends it
        logger.warning("receipt enqueue failed contribution=%s: %s", contribution_pk, type(exc).__name__)


def recurring_limit_cancel_enqueue(sender: type, *, gift_pk: int, reason: str, **kwargs: object) -> None:
    try:
        recurring_cancel_at_limit_task.delay(gift_pk, reason)
    except Exception as exc:  # no outbox for this one yet: say so loudly (the desk still flags an excess)
        logger.error("recurring limit cancel enqueue failed gift=%s: %s", gift_pk, type(exc).__name__)


def donor_access_link_enqueue(sender: type, *, page_slug: str, email: str, **kwargs: object) -> None:
    try:
        donor_access_link_email_task.delay(page_slug, email)
    except Exception as exc:  # broker down: the page answers the same; asking again sends it
        logger.warning("donor access link enqueue failed: %s", type(exc).__name__)


def receipt_copy_enqueue(sender: type, *, contribution_pk: int, **kwargs: object) -> None:
    try:
        receipt_copy_email_task.delay(contribution_pk)
    except Exception as exc:  # broker down: the donor may ask again (the copy is not the receipt of record)
        logger.warning("receipt copy enqueue failed contribution=%s: %s", contribution_pk, type(exc).__name__)


def connect() -> None:
    stripe_event_pending.connect(stripe_event_enqueue, dispatch_uid="donations.stripe_event_enqueue")
    contribution_recorded.connect(receipt_enqueue, dispatch_uid="donations.receipt_enqueue")
    recurring_gift_over_limit.connect(recurring_limit_cancel_enqueue, dispatch_uid="donations.limit_cancel_enqueue")
    donor_access_link_requested.connect(donor_access_link_enqueue, dispatch_uid="donations.donor_access_link_enqueue")
    receipt_copy_requested.connect(receipt_copy_enqueue, dispatch_uid="donations.receipt_copy_enqueue")
