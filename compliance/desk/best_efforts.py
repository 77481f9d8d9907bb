"""Best efforts for employer and occupation (11 CFR 104.7(b)): when an individual's aggregate passes $200 (per
election cycle for candidate committees, per calendar year for others) and the employer or occupation is missing
or a placeholder, send one follow-up request within 30 days: an email with a signed link to a short form (no
account). The answer updates the donor and flags filed reports that carried the old value for amendment."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee
from compliance.models import BestEffortsRequest
from compliance.reports.windows import AggregationWindow, aggregation_window
from compliance.services.reports import reports_flag_for_amendment
from donations.models import Contribution, Donor, Refund
from donations.services.aggregates import ITEMIZATION_THRESHOLD
from fundraising.exceptions import ApplicationError

logger = logging.getLogger(__name__)
THRESHOLD = ITEMIZATION_THRESHOLD  # a donor is asked once their gifts are itemized
FOLLOW_UP_DAYS = 30
TOKEN_SALT = "compliance.best-efforts"
TOKEN_MAX_AGE = 180 * 24 * 3600
UNACCEPTABLE = {
    "",
    "n/a",
    "na",
    "none",
    "information requested",
    "info requested",
    "requested",
    "unknown",
    "-",
    "refused",
    "not provided",
    "best efforts",
    "information requested per best efforts",
}


def value_unacceptable(value: str) -> bool:
    return value.strip().lower().rstrip(".") in UNACCEPTABLE


def _window(committee: Committee, on: dt.date) -> AggregationWindow:
    """The aggregation window holding ``on``: the same one the reports itemize by (compliance.reports.windows)."""
    return aggregation_window(committee=committee, on=on)


def crossing_gift(donor: Donor, *, committee: Committee, on: dt.date) -> Contribution | None:
    """The gift with which the donor's aggregate in the window holding ``on`` first went over $200: the aggregate
    the reports itemize by (receipts and redesignation moves, less refunds of gifts received in the window)."""
    window = _window(committee, on)
    start, end = window.start, window.end
    events: list[tuple[dt.date, int, int, Decimal, Contribution | None]] = []
    gifts = Contribution.objects.filter(donor=donor, date_received__gte=start, date_received__lte=end).filter(
        Q(is_memo=False) | Q(memo_role__in=["to", "from"])
    )
    for gift in gifts:
        events.append((gift.date_received, 0, gift.pk, gift.amount, gift))
    refunds = Refund.objects.filter(
        donor=donor, date_refunded__gte=start, date_refunded__lte=end, contribution__date_received__gte=start
    )
    for refund in refunds:
        events.append((refund.date_refunded, 1, refund.pk, -refund.amount, None))
    total = Decimal("0.00")
    for _, _, _, amount, gift in sorted(events, key=lambda e: e[:3]):
        total += amount
        if total > THRESHOLD and gift is not None:
            return gift
    return None


def best_efforts_due(*, committee: Committee, today: dt.date) -> list[tuple[Donor, Contribution, int]]:
    """(donor, crossing gift, cycle) for every individual who needs a request and has none for that period."""
    blanks = Q()
    for value in UNACCEPTABLE:
        blanks |= Q(employer__iexact=value) | Q(occupation__iexact=value)
    donors = Donor.objects.filter(committee=committee, entity_type="IND", merged_into__isnull=True).filter(blanks)
    out = []
    for donor in donors:
        gift = crossing_gift(donor, committee=committee, on=today)
        if gift is None or gift.date_received > today:
            continue
        cycle = _window(committee, gift.date_received).key
        if not BestEffortsRequest.objects.filter(donor=donor, cycle=cycle).exists():
            out.append((donor, gift, cycle))
    return out


def best_efforts_token(request: BestEffortsRequest) -> str:
    return signing.dumps({"r": request.pk}, salt=TOKEN_SALT)


def best_efforts_from_token(token: str) -> BestEffortsRequest:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise ApplicationError("This link is not valid or has expired.") from None
    found = BestEffortsRequest.objects.select_related("committee", "donor").filter(pk=data.get("r")).first()
    if found is None:  # a genuine signature for a request that is not (or no longer) ours
        raise ApplicationError("This link is not valid or has expired.")
    return found


def best_efforts_send_due(*, today: dt.date, committee: Committee | None = None) -> int:
    """Record and send every request that is due (for one committee, or all: the beat job). Returns how many
    requests were recorded. The ``best_efforts_send`` command calls this too."""
    count = 0
    committees = [committee] if committee is not None else Committee.objects.all()
    for one in committees:
        try:
            due = best_efforts_due(committee=one, today=today)
        except ApplicationError as exc:  # e.g. a Senate committee whose seat class is not set: the others go on
            if committee is not None:
                raise
            logger.warning("best-efforts skipped committee=%s: %s", one.pk, exc.code)
            continue
        for donor, gift, cycle in due:
            count += _send_one(one, donor, gift, cycle)
    return count


def _send_one(committee: Committee, donor: Donor, gift: Contribution, cycle: int) -> int:
    with transaction.atomic():
        try:
            with transaction.atomic():
                request = BestEffortsRequest.objects.create(
                    committee=committee,
                    donor=donor,
                    contribution=gift,
                    cycle=cycle,
                    due_by=gift.date_received + dt.timedelta(days=FOLLOW_UP_DAYS),
                    email=donor.email,
                )
        except IntegrityError:
            return 0
        if donor.email:
            link = settings.PUBLIC_BASE_URL + reverse("best-efforts-form", args=[best_efforts_token(request)])
            context = {"committee": committee, "donor": donor, "link": link}
            send_mail(
                subject=f"{committee.name}: your employer and occupation",
                message=render_to_string("compliance/email/best_efforts.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[donor.email],
            )
            request.sent_at = timezone.now()
            request.save(update_fields=["sent_at", "updated_at"])
        audit_record(
            actor=None,
            action="best_efforts.requested",
            obj=request,
            after={"donor": donor.pk, "gift": gift.transaction_id, "emailed": bool(donor.email)},
            reason="Aggregate over $200 with employer/occupation missing (11 CFR 104.7(b))",
        )
    logger.info("best-efforts request recorded request=%s donor=%s", request.pk, donor.pk)
    return 1


@transaction.atomic
def best_efforts_answer(*, token: str, employer: str, occupation: str) -> BestEffortsRequest:
    """The donor's answer: update the donor, record the answer, flag filed reports that showed the old value."""
    employer, occupation = employer.strip()[:38], occupation.strip()[:38]
    if value_unacceptable(employer) or value_unacceptable(occupation):
        raise ApplicationError("Please give both your employer and your occupation (or 'Retired', 'Not employed').")
    request = best_efforts_from_token(token)
    request = BestEffortsRequest.objects.select_for_update().select_related("committee", "donor").get(pk=request.pk)
    donor = Donor.objects.select_for_update().get(pk=request.donor_id)
    before = {"employer": donor.employer, "occupation": donor.occupation}
    donor.employer, donor.occupation = employer, occupation
    donor.save(update_fields=["employer", "occupation", "updated_at"])
    request.answered_at = timezone.now()
    request.answer = {"employer": employer, "occupation": occupation}
    request.save(update_fields=["answered_at", "answer", "updated_at"])
    audit_record(
        actor=None,
        actor_label="donor:best-efforts-form",
        action="donor.employment_updated",
        obj=donor,
        before=before,
        after=request.answer,
        reason=f"Answer to best-efforts request {request.pk}",
    )
    dates = set(
        Contribution.objects.filter(donor=donor, date_received__gte=request.contribution.date_received).values_list(
            "date_received", flat=True
        )
    )
    reports_flag_for_amendment(committee=request.committee, dates=dates, cash_chain=False)
    return request
