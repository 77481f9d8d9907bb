"""Mail from the compliance desk: remedy letters to donors, deadline reminders to staff.

Each send is recorded in the same transaction as the mail goes out (as donations.services.receipts does): if
sending fails the record rolls back and the next run tries again; once recorded, re-runs send nothing."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee
from compliance.models import ReviewItem, ReviewReminder

logger = logging.getLogger(__name__)
REMINDER_DAYS = (45, 55)  # days after receipt, for the 60-day remedy deadline (15 and 5 days before it)


def remedy_letter_send(*, item_pk: int) -> bool:
    """The letter to the donor about a remedy (refund, redesignation with the right to a refund instead,
    reattribution). Sent once; returns whether it was sent now."""
    with transaction.atomic():
        item = (
            ReviewItem.objects.select_for_update(of=("self",))
            .select_related("committee", "contribution__donor", "contribution__election")
            .get(pk=item_pk)
        )
        donor = item.contribution.donor
        if item.letter_sent_at is not None or not item.remedy or item.remedy == ReviewItem.Remedy.CLEARED:
            return False
        if not donor.email:
            logger.info("remedy letter not sent item=%s: donor has no email", item.pk)
            return False
        memo = item.contribution.memo_rows.filter(memo_role="to").select_related("donor", "election").last()
        context = {"item": item, "committee": item.committee, "donor": donor, "gift": item.contribution, "to": memo}
        send_mail(
            subject=f"About your contribution to {item.committee.name}",
            message=render_to_string(f"compliance/email/remedy_{item.remedy}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[donor.email],
        )
        item.letter_sent_at = timezone.now()
        item.save(update_fields=["letter_sent_at", "updated_at"])
        audit_record(actor=None, action="review.letter_sent", obj=item, after={"remedy": item.remedy})
    return True


def staff_recipients(committee: Committee) -> list[str]:
    configured = list(getattr(settings, "COMPLIANCE_DESK_EMAILS", []) or [])
    if configured:
        return configured
    users = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted({u.email for u in users})


def review_reminders_send(*, today: dt.date) -> int:
    """Remind staff of open items 15 and 5 days before their deadline (days 45 and 55 of the 60). Each
    reminder is recorded once per item and day. Returns how many emails were sent."""
    sent = 0
    first_day = min(REMINDER_DAYS)
    horizon = today + dt.timedelta(days=60 - first_day)
    for item_pk in ReviewItem.objects.filter(status=ReviewItem.Status.OPEN, deadline__lte=horizon).values_list(
        "pk", flat=True
    ):
        sent += _remind(item_pk, today)
    return sent


def _remind(item_pk: int, today: dt.date) -> int:
    with transaction.atomic():
        item = (
            ReviewItem.objects.select_for_update(of=("self",))
            .select_related("committee", "contribution")
            .get(pk=item_pk)
        )
        if item.status != ReviewItem.Status.OPEN:
            return 0
        due_days = [day for day in REMINDER_DAYS if today >= item.deadline - dt.timedelta(days=60 - day)]
        new_days = []
        for day in due_days:
            try:
                with transaction.atomic():
                    ReviewReminder.objects.create(item=item, day=day)
                new_days.append(day)
            except IntegrityError:
                continue
        if not new_days:
            return 0
        recipients = staff_recipients(item.committee)
        if recipients:
            context = {"item": item, "day": max(new_days), "today": today, "days_left": (item.deadline - today).days}
            send_mail(
                subject=f"[{item.committee.fec_id}] {item.get_kind_display()} due {item.deadline:%Y-%m-%d}",
                message=render_to_string("compliance/email/review_reminder.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
            )
        audit_record(actor=None, action="review.reminder", obj=item, after={"days": ",".join(map(str, new_days))})
    return 1 if recipients else 0
