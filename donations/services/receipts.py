"""Receipt emails: one per paid gift, never two.

The contribution row is the outbox. The transaction that records a paid gift marks its receipt pending
(``receipt_status_for_new_gift``); after commit a worker sends it (``receipt_send``, the fast path, queued from
the ``contribution_recorded`` signal). ``receipts_send_pending`` is the beat sweep: it claims what is still
pending (a lost enqueue, the broker down at that moment, a crashed worker), so no receipt is lost. Sending holds
the row lock and records ``receipt_sent_at`` in the same transaction: a receipt recorded as sent never goes again."""

import logging
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from donations.models import Contribution, Donor
from fundraising.queries import one_or_none

logger = logging.getLogger(__name__)


def receipt_status_for_new_gift(donor: Donor) -> str:
    """For the transaction that records a paid gift: its receipt goes in the outbox when there is an address
    to send it to."""
    return Contribution.ReceiptStatus.PENDING if donor.email else Contribution.ReceiptStatus.NONE


def receipt_send(*, contribution_pk: int, skip_locked: bool = False) -> bool:
    """Send the receipt unless it went already. Returns whether an email was sent now.

    The fast path waits for the row lock; the sweep passes ``skip_locked`` and leaves a row someone else holds
    to them (that worker sends it, or the next sweep does)."""
    with transaction.atomic():
        contribution = one_or_none(
            Contribution.objects.select_for_update(
                of=("self",),
                no_key=True,
                skip_locked=skip_locked and connection.features.has_select_for_update_skip_locked,
            )
            .select_related("committee", "donor", "election", "recurring_gift")
            .filter(pk=contribution_pk)
        )
        if contribution is None:
            return False  # another worker holds it (sweep), or it does not exist
        if contribution.receipt_sent_at is not None:
            return False
        if not contribution.donor.email:
            if contribution.receipt_status == Contribution.ReceiptStatus.PENDING:
                contribution.receipt_status = Contribution.ReceiptStatus.NONE  # nowhere to send it: not pending
                contribution.save(update_fields=["receipt_status", "updated_at"])
            return False
        message = receipt_message(contribution)
        message.send()
        contribution.receipt_sent_at = timezone.now()
        contribution.receipt_status = Contribution.ReceiptStatus.SENT
        contribution.save(update_fields=["receipt_sent_at", "receipt_status", "updated_at"])
    logger.info("receipt sent contribution=%s", contribution_pk)
    return True


def receipt_context(contribution: Contribution, *, cancel_link: bool = True) -> dict:
    """What the receipt templates show (contribution with committee, election and recurring gift selected). With
    ``cancel_link`` (the emailed receipt) it carries the donor's links: cancel a monthly gift, give again in one tap,
    forget the saved card."""
    from donations.services.recurring import recurring_cancel_token

    gift = contribution.recurring_gift
    cancel_url = ""
    if cancel_link and gift is not None and gift.status != gift.Status.CANCELED:
        path = reverse("recurring-cancel", args=[recurring_cancel_token(gift)])
        cancel_url = f"{settings.PUBLIC_BASE_URL}{path}"
    context = {
        "contribution": contribution,
        "committee": contribution.committee,
        "gift": gift,
        "cancel_url": cancel_url,
        "fee_cover": contribution.donation.fee_cover if contribution.donation_id else None,
    }
    if cancel_link:  # the emailed receipt carries the donor's links; a copy shown on the account page does not
        context.update(receipt_express_context(contribution))
    return context


def receipt_message(contribution: Contribution) -> EmailMultiAlternatives:
    """The receipt email: a plain-text body with the HTML receipt as its alternative."""
    context = receipt_context(contribution)
    message = EmailMultiAlternatives(
        subject=f"Your receipt from {contribution.committee.name}",
        body=render_to_string("donations/email/receipt.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[contribution.donor.email],
    )
    message.attach_alternative(render_to_string("donations/email/receipt.html", context), "text/html")
    return message


def receipts_send_pending(*, limit: int = 500) -> int:
    """The beat sweep of the receipt outbox: send every receipt still pending, oldest first, each in its own
    transaction. Returns how many were sent now. Stops at the first mail failure (the mail server is down:
    the next sweep tries again); any other failure is logged and the row stays pending."""
    pending = list(
        Contribution.objects.filter(receipt_status=Contribution.ReceiptStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in pending:
        try:
            sent += receipt_send(contribution_pk=pk, skip_locked=True)
        except OSError as exc:  # smtplib errors are OSErrors: the mail server is away
            logger.warning("receipt sweep stopped contribution=%s: %s", pk, type(exc).__name__)
            break
        except Exception:
            logger.exception("receipt sweep failed contribution=%s", pk)
    if pending:
        logger.info("receipt sweep pending=%s sent=%s", len(pending), sent)
    return sent


def receipt_express_context(contribution: Contribution) -> dict:
    """The one-tap links (signed, expiring) and the "forget my card" link, when the donor saved a card."""
    from donations.models import ExpressCard
    from donations.services.express_cards import express_forget_url, express_links

    # The latest saved card's id first (most donors have none: one narrow query), then the card with its page by
    # primary key: ordering the three-table row would cost more Python than the rest of the receipt's queries.
    card_pk = (
        ExpressCard.objects.filter(
            donor=contribution.donor, committee=contribution.committee, forgotten_at__isnull=True
        )
        .exclude(stripe_payment_method_id="")
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    if card_pk is None:
        return {}
    card = ExpressCard.objects.select_related("donation__page").get(pk=card_pk)
    if card.donation.page is None:
        return {}
    amounts = [Decimal(a) for a in card.donation.page.preset_amounts[:3]] or [contribution.amount]
    return {
        "express_card": card,
        "express_links": express_links(card, amounts=amounts),
        "express_forget_url": express_forget_url(card),
    }


def recurring_stopped_notice_send(*, gift_pk: int, reason: str) -> None:
    from donations.models import RecurringGift

    gift = RecurringGift.objects.select_related("committee", "donor").get(pk=gift_pk)
    if not gift.donor.email:
        return
    send_mail(
        subject=f"Your monthly gift to {gift.committee.name} has stopped",
        message=render_to_string("donations/email/recurring_stopped.txt", {"gift": gift, "reason": reason}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[gift.donor.email],
    )
