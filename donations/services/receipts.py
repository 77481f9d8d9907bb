"""Receipt emails: one per paid gift, sent by a worker after the gift's transaction commits."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from donations.models import Contribution

logger = logging.getLogger(__name__)


def receipt_send(*, contribution_pk: int) -> bool:
    """Send the receipt unless it went already. Returns whether an email was sent now."""
    from donations.services.recurring import recurring_cancel_token

    with transaction.atomic():
        contribution = (
            Contribution.objects.select_for_update(of=("self",), no_key=True)
            .select_related("committee", "donor", "election", "recurring_gift")
            .get(pk=contribution_pk)
        )
        if contribution.receipt_sent_at is not None or not contribution.donor.email:
            return False
        gift = contribution.recurring_gift
        cancel_url = ""
        if gift is not None and gift.status != gift.Status.CANCELED:
            path = reverse("recurring-cancel", args=[recurring_cancel_token(gift)])
            cancel_url = f"{settings.PUBLIC_BASE_URL}{path}"
        context = {
            "contribution": contribution,
            "committee": contribution.committee,
            "gift": gift,
            "cancel_url": cancel_url,
        }
        send_mail(
            subject=f"Your receipt from {contribution.committee.name}",
            message=render_to_string("donations/email/receipt.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[contribution.donor.email],
        )
        contribution.receipt_sent_at = timezone.now()
        contribution.save(update_fields=["receipt_sent_at", "updated_at"])
    logger.info("receipt sent contribution=%s", contribution_pk)
    return True


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
