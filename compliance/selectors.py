"""Reads for the compliance app."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from committees.models import Committee, Election
from compliance.models import Debt, DebtAdjustment, DebtPayment, Disbursement, IndependentExpenditure, Report
from donations.models import Contribution, Refund
from fundraising.exceptions import NotFound

ZERO = Decimal("0.00")


def report_get(*, report_id: int, **scope: object) -> Report:
    report = Report.objects.select_related("committee", "election").filter(pk=report_id, **scope).first()
    if report is None:
        raise NotFound("No such report.")
    return report


def report_list(*, status: str = "", **scope: object) -> QuerySet[Report]:
    """Reports, newest first. ``scope``: filters narrowing where to look (the committees the request may see)."""
    reports = Report.objects.select_related("committee", "election").filter(**scope)
    if status:
        reports = reports.filter(status=status)
    return reports.order_by("-coverage_through", "-amendment_number", "-created_at")


def _sum(queryset: QuerySet, field: str = "amount") -> Decimal:
    return queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"]


def cash_on_hand(*, committee: Committee, on: dt.date) -> Decimal:
    """Cash at the end of ``on`` from the books: the opening cash, plus every receipt, less every refund and
    disbursement, from the opening date on (memo entries never count)."""
    since = committee.opening_cash_as_of or dt.date(1900, 1, 1)
    dated = {"committee": committee}
    receipts = _sum(
        Contribution.objects.filter(**dated, is_memo=False, date_received__gte=since, date_received__lte=on)
    )
    refunds = _sum(Refund.objects.filter(**dated, date_refunded__gte=since, date_refunded__lte=on))
    paid = _sum(Disbursement.objects.filter(**dated, is_memo=False, date_disbursed__gte=since, date_disbursed__lte=on))
    return committee.opening_cash_on_hand + receipts - refunds - paid


def _debt_balance(*, committee: Committee, direction: str, incurred_by: dt.date) -> Decimal:
    """What is still owed on the debts incurred by ``incurred_by``: as compliance.services.debts.debt_balance, their
    amounts plus their adjustments (more billed, forgiven, corrected) less their payments."""
    debts = Debt.objects.filter(committee=committee, direction=direction, date_incurred__lte=incurred_by)
    paid = _sum(DebtPayment.objects.filter(debt__in=debts))
    return _sum(debts) + _sum(DebtAdjustment.objects.filter(debt__in=debts)) - paid


def election_net_debts(*, committee: Committee, election: Election) -> Decimal:
    """Net debts outstanding from an election (11 CFR 110.1(b)(3)(ii)): the debts the committee owed on election day
    (Schedule D, incurred on or before it) still unpaid, less what others owed it then and its cash on hand that
    day; never below 0. A committee that records no debts has none: $0."""
    owed = _debt_balance(committee=committee, direction=Debt.Direction.OWED_BY, incurred_by=election.date)
    if owed <= 0:
        return ZERO
    receivable = _debt_balance(committee=committee, direction=Debt.Direction.OWED_TO, incurred_by=election.date)
    return max(ZERO, owed - receivable - cash_on_hand(committee=committee, on=election.date))


def election_post_gifts(*, committee: Committee, election: Election, exclude_pk: int | None = None) -> Decimal:
    """What the committee has already taken toward an election after its day (net of refunds)."""
    gifts = Contribution.objects.filter(
        committee=committee, election=election, is_memo=False, date_received__gt=election.date
    ).exclude(pk=exclude_pk)
    refunds = Refund.objects.filter(contribution__in=gifts)
    return _sum(gifts) - _sum(refunds)


# The purposes the books give the fees processors and conduits keep (compliance/books): the console's "fees".
PROCESSING_PURPOSE = "Credit card processing fees"
DISPUTE_PURPOSE = "Credit card dispute (chargeback) fees"
FEE_PURPOSES = (PROCESSING_PURPOSE, DISPUTE_PURPOSE)


def disbursements_total(*, committee: Committee, start: dt.date, end: dt.date, fees_only: bool = False) -> Decimal:
    """What the committee paid out from ``start`` through ``end`` (memo entries excluded); ``fees_only``: just
    the processing, dispute and conduit fees the books booked (or staff entered with the same purpose)."""
    rows = Disbursement.objects.filter(
        committee=committee, is_memo=False, date_disbursed__gte=start, date_disbursed__lte=end
    )
    if fees_only:
        rows = rows.filter(purpose__in=FEE_PURPOSES, kind=Disbursement.Kind.OPERATING)
    return _sum(rows)


def ie_current(committee: Committee) -> QuerySet[IndependentExpenditure]:
    """The current version of each of the committee's independent expenditures (no later row corrects it)."""
    return IndependentExpenditure.objects.filter(committee=committee, corrected_by__isnull=True)
