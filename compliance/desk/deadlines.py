"""Reminders of filing deadlines to the committee's own people: 7 days and 1 day before each report falls due,
while it is not yet marked filed. Each reminder is recorded once per report, due date and day (a unique row
written in the same transaction as the mail), so beat running twice sends nothing new."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from committees.models import Committee
from compliance.filing_calendar import Deadline, filing_calendar
from compliance.models.reports import FilingReminder

logger = logging.getLogger(__name__)
REMIND_DAYS_BEFORE = (7, 1)


def committee_recipients(committee: Committee) -> list[str]:
    """Who hears about this committee's deadlines: the addresses in COMPLIANCE_DESK_EMAILS, else every active
    person holding a role in this committee (never the people of another committee)."""
    configured = list(getattr(settings, "COMPLIANCE_DESK_EMAILS", []) or [])
    if configured:
        return configured
    users = (
        get_user_model().objects.filter(is_active=True, committee_memberships__committee=committee).exclude(email="")
    )
    return sorted({user.email for user in users})


def filing_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send the reminders due today (in each committee's time zone). Returns how many emails were sent."""
    now = now or timezone.now()
    sent = 0
    for committee in Committee.objects.all():
        today = timezone.localtime(now, committee.tzinfo).date()
        horizon = today + dt.timedelta(days=max(REMIND_DAYS_BEFORE))
        for deadline in filing_calendar(committee=committee, start=today, end=horizon):
            if deadline.kind != "report" or deadline.filed is not None:
                continue
            days = [d for d in REMIND_DAYS_BEFORE if (deadline.due - today).days <= d]
            if days:
                sent += _remind(committee, deadline, min(days), today)
    return sent


def _remind(committee: Committee, deadline: Deadline, days_before: int, today: dt.date) -> int:
    recipients = committee_recipients(committee)
    with transaction.atomic():
        try:
            with transaction.atomic():
                FilingReminder.objects.create(
                    committee=committee,
                    report_code=deadline.code,
                    due_date=deadline.due,
                    days_before=days_before,
                    recipients=len(recipients),
                )
        except IntegrityError:
            return 0  # already sent
        if not recipients:
            logger.info("filing reminder not sent committee=%s code=%s: nobody to tell", committee.pk, deadline.code)
            return 0
        context = {
            "committee": committee,
            "deadline": deadline,
            "days_left": (deadline.due - today).days,
            "console_url": f"{settings.PUBLIC_BASE_URL}/staff/{committee.fec_id}/reports/calendar/",
        }
        send_mail(
            subject=f"[{committee.fec_id}] {deadline.name} report ({deadline.code}) due {deadline.due:%Y-%m-%d}",
            message=render_to_string("compliance/email/filing_reminder.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    return 1
