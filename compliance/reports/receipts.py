"""Selectors for a report's receipts: which are itemized, with what aggregate, and the period totals.

Aggregates run per contributor over the aggregation window (election cycle for candidate committees,
calendar year for PACs and parties) up to each transaction, in date order; memo entries never count."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F, Q, QuerySet, Sum, Window
from django.db.models.functions import Coalesce

from compliance.models import Committee
from compliance.reports.periods import aggregation_start
from donations.models import Contribution

ITEMIZATION_THRESHOLD = Decimal("200.00")
ZERO = Decimal("0.00")
# Receipt types itemized only once the contributor's aggregate passes $200; every other type
# (party, PAC, candidate, transfers, loans) is always itemized.
THRESHOLD_TYPES = frozenset(
    {Contribution.ReceiptType.INDIVIDUAL, Contribution.ReceiptType.OFFSET, Contribution.ReceiptType.OTHER}
)


@dataclass(frozen=True)
class Window_:
    """The dates a report looks at: its period, and where its aggregates and column B start."""

    coverage_from: date
    coverage_through: date
    aggregation_from: date

    @classmethod
    def for_report(cls, *, committee: Committee, coverage_from: date, coverage_through: date) -> "Window_":
        next_general = committee.elections.filter(code__startswith="G", date__gte=coverage_through).order_by("date")
        general = next_general.first()
        start = aggregation_start(
            committee_type=committee.committee_type,
            on=coverage_through,
            next_general_year=general.date.year if general else None,
        )
        return cls(coverage_from=coverage_from, coverage_through=coverage_through, aggregation_from=start)


def receipts_with_aggregates(*, committee: Committee, window: Window_) -> QuerySet[Contribution]:
    """Every receipt from the start of the aggregation window to the end of the period, annotated
    with the contributor's running aggregate (including the receipt itself)."""
    return Contribution.objects.filter(
        committee=committee,
        date_received__gte=window.aggregation_from,
        date_received__lte=window.coverage_through,
        is_memo=False,
    ).annotate(
        aggregate=Window(
            Sum("amount"), partition_by=[F("donor_id")], order_by=[F("date_received").asc(), F("id").asc()]
        )
    )


def itemized_receipts(*, committee: Committee, window: Window_) -> Iterator[Contribution]:
    """The period's itemized receipts, in date order, with `aggregate` set."""
    rows = (
        receipts_with_aggregates(committee=committee, window=window)
        .filter(date_received__gte=window.coverage_from)
        .filter(~Q(receipt_type__in=THRESHOLD_TYPES) | Q(aggregate__gt=ITEMIZATION_THRESHOLD))
        .select_related("donor", "election")
        .order_by("date_received", "id")
    )
    return rows.iterator(chunk_size=2000)


def receipt_totals(*, committee: Committee, window: Window_, since: date) -> dict[str, Decimal]:
    """Sum of receipts by receipt type from `since` to the end of the period, with the itemized
    part of each threshold type separated out as `<type>:itemized`."""
    base = (
        receipts_with_aggregates(committee=committee, window=window)
        .filter(date_received__gte=since)
        .values("receipt_type", "amount", "aggregate")
    )
    totals: dict[str, Decimal] = {}
    for row in base.iterator(chunk_size=5000):
        kind = row["receipt_type"]
        totals[kind] = totals.get(kind, ZERO) + row["amount"]
        if kind in THRESHOLD_TYPES and row["aggregate"] > ITEMIZATION_THRESHOLD:
            totals[f"{kind}:itemized"] = totals.get(f"{kind}:itemized", ZERO) + row["amount"]
    return totals


def receipts_sum_between(*, committee: Committee, start: date | None, end: date) -> Decimal:
    """All receipts (memo entries excluded) dated start..end inclusive."""
    query = Contribution.objects.filter(committee=committee, date_received__lte=end, is_memo=False)
    if start is not None:
        query = query.filter(date_received__gte=start)
    return query.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]


def itemized_count(*, committee: Committee, window: Window_) -> int:
    return (
        receipts_with_aggregates(committee=committee, window=window)
        .filter(date_received__gte=window.coverage_from)
        .filter(~Q(receipt_type__in=THRESHOLD_TYPES) | Q(aggregate__gt=ITEMIZATION_THRESHOLD))
        .count()
    )
