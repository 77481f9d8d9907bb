"""Reads for donor self-service (issue #16): what one signed-in donor may see, and nothing else.

Every read starts from ``account_donor_ids``: the committee's donor records under the signed-in address (and the
record a merged one was folded into). A gift, receipt or monthly gift outside them is "not found", never shown."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from committees.models import Committee
from donations.models import Contribution, Donor, RecurringGift, Refund
from donations.services.donor_access import DonorAccess
from fundraising.exceptions import NotFound

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class GiftLine:
    """One gift as the donor sees it: what was given, and what came back (refunds, a returned or bounced gift)."""

    contribution: Contribution
    refunds: list[Refund] = field(default_factory=list)
    returns: list[Contribution] = field(default_factory=list)

    @property
    def refunded(self) -> Decimal:
        return sum((r.amount for r in self.refunds), ZERO) - sum((r.amount for r in self.returns), ZERO)

    @property
    def kept(self) -> Decimal:
        return self.contribution.amount - self.refunded


@dataclass(frozen=True)
class StatementLine:
    on: date
    description: str
    reference: str
    amount: Decimal  # negative for money returned


@dataclass(frozen=True)
class Statement:
    committee: Committee
    year: int
    lines: list[StatementLine]
    names: list[str]  # the donor's name(s) as the committee has them

    @property
    def given(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.amount > 0), ZERO)

    @property
    def returned(self) -> Decimal:
        return -sum((line.amount for line in self.lines if line.amount < 0), ZERO)

    @property
    def total(self) -> Decimal:
        return self.given - self.returned


def account_donor_ids(access: DonorAccess) -> list[int]:
    rows = Donor.objects.filter(committee_id=access.committee_id, email__iexact=access.email).values_list(
        "pk", "merged_into_id"
    )
    return sorted({pk for pk, _ in rows} | {merged for _, merged in rows if merged})


def _contributions(access: DonorAccess) -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        committee_id=access.committee_id,
        donor_id__in=account_donor_ids(access),
        is_memo=False,
        memo_role="",
        returned_of__isnull=True,
    ).select_related("committee", "donor", "election", "recurring_gift")


def account_gifts(access: DonorAccess) -> list[GiftLine]:
    """The donor's gifts, newest first, each with its refunds and returns."""
    rows = _contributions(access).prefetch_related(
        Prefetch("refunds", queryset=Refund.objects.order_by("date_refunded", "pk")),
        Prefetch("returns", queryset=Contribution.objects.order_by("date_received", "pk")),
    )
    return [
        GiftLine(contribution=c, refunds=list(c.refunds.all()), returns=list(c.returns.all()))
        for c in rows.order_by("-date_received", "-pk")
    ]


def account_contribution(access: DonorAccess, *, transaction_id: str) -> Contribution:
    contribution = _contributions(access).filter(transaction_id=transaction_id).first()
    if contribution is None:
        raise NotFound("No gift of yours with that reference.", field="gift")
    return contribution


def account_monthly_gifts(access: DonorAccess) -> list[RecurringGift]:
    return list(
        RecurringGift.objects.filter(committee_id=access.committee_id, donor_id__in=account_donor_ids(access))
        .exclude(stripe_subscription_id="")
        .select_related("committee", "donor", "election")
        .order_by("status", "-created_at")
    )


def account_monthly_gift(access: DonorAccess, *, public_id: str) -> RecurringGift:
    gift = (
        RecurringGift.objects.filter(
            committee_id=access.committee_id, donor_id__in=account_donor_ids(access), public_id=public_id
        )
        .select_related("committee", "donor", "election")
        .first()
    )
    if gift is None:
        raise NotFound("No monthly gift of yours with that reference.", field="gift")
    return gift


def account_statement_years(access: DonorAccess) -> list[int]:
    """The years with a gift, or with a refund (a refund may fall in the year after its gift)."""
    given = {d.year for d in _contributions(access).values_list("date_received", flat=True)}
    refunds = Refund.objects.filter(committee_id=access.committee_id, donor_id__in=account_donor_ids(access))
    return sorted(given | {d.year for d in refunds.values_list("date_refunded", flat=True)}, reverse=True)


def account_statement(access: DonorAccess, *, year: int) -> Statement:
    """Every gift received in ``year`` and every refund or return made in it, in date order."""
    lines: list[StatementLine] = []
    ids = account_donor_ids(access)
    for c in _contributions(access).filter(date_received__year=year).order_by("date_received", "pk"):
        what = "Monthly contribution" if c.recurring_gift_id else "Contribution"
        if c.election:
            what += f" for the {c.election.label}"
        lines.append(StatementLine(on=c.date_received, description=what, reference=c.transaction_id, amount=c.amount))
    refunds = Refund.objects.filter(
        committee_id=access.committee_id, donor_id__in=ids, date_refunded__year=year
    ).select_related("contribution")
    for r in refunds.order_by("date_refunded", "pk"):
        what = r.get_kind_display() if r.kind != Refund.Kind.REFUND else "Refund"
        lines.append(
            StatementLine(
                on=r.date_refunded,
                description=f"{what} of gift {r.contribution.transaction_id}",
                reference=r.transaction_id,
                amount=-r.amount,
            )
        )
    returns = Contribution.objects.filter(
        committee_id=access.committee_id, donor_id__in=ids, returned_of__isnull=False, date_received__year=year
    ).select_related("returned_of")
    for r in returns:
        lines.append(
            StatementLine(
                on=r.date_received,
                description=f"Gift {r.returned_of.transaction_id} returned",
                reference=r.transaction_id,
                amount=r.amount,
            )
        )
    committee = Committee.objects.get(pk=access.committee_id)
    names = sorted({d.display_name for d in Donor.objects.filter(pk__in=ids)})
    # By date; on one day, gifts before the money that went back (a stable sort keeps each kind's order).
    lines.sort(key=lambda line: (line.on, line.amount < 0))
    return Statement(committee=committee, year=year, lines=lines, names=names)
