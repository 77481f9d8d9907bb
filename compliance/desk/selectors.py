"""Reads for the compliance desk: queues with deadlines, dashboard figures, donor search."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce

from committees.models import Committee
from compliance.models import BestEffortsRequest, FortyEightHourNotice, FortyEightHourNoticeGuarantee, ReviewItem
from donations.models import Contribution, Donor


def review_items_open(*, committee: Committee, kind: str = "") -> QuerySet[ReviewItem]:
    items = ReviewItem.objects.filter(committee=committee, status=ReviewItem.Status.OPEN)
    if kind:
        items = items.filter(kind=kind)
    return items.select_related("contribution__donor", "contribution__election").order_by("deadline", "pk")


def best_efforts_requests(*, committee: Committee) -> QuerySet[BestEffortsRequest]:
    """Every best-efforts request of the committee, newest first."""
    return (
        BestEffortsRequest.objects.filter(committee=committee)
        .select_related("donor", "contribution")
        .order_by("-created_at", "-pk")
    )


def best_efforts_pending(*, committee: Committee) -> QuerySet[BestEffortsRequest]:
    return BestEffortsRequest.objects.filter(committee=committee, answered_at=None).select_related("donor")


def notices_open(*, committee: Committee) -> QuerySet[FortyEightHourNotice]:
    # loan guarantees (compliance.desk.notice_guarantees) summed apart: a second join would repeat the gifts' rows
    _guarantees = FortyEightHourNoticeGuarantee.objects.filter(
        notice_id=Coalesce(OuterRef("amends_id"), OuterRef("pk"))
    ).values("notice_id")
    return (
        FortyEightHourNotice.objects.filter(committee=committee, filed_at=None)
        .select_related("election")
        .annotate(  # an amendment (F6A) reports its original's gifts
            count=Count("lines", distinct=True)
            + Count("amends__lines", distinct=True)
            + Coalesce(Subquery(_guarantees.annotate(n=Count("pk")).values("n")), 0),
            total=Coalesce(Sum("lines__contribution__amount"), Value(Decimal("0.00")))
            + Coalesce(Sum("amends__lines__contribution__amount"), Value(Decimal("0.00")))
            + Coalesce(Subquery(_guarantees.annotate(s=Sum("amount")).values("s")), Value(Decimal("0.00"))),
        )
    )


_SOURCE = Case(When(conduit__isnull=False, then=Value("conduit")), default="source", output_field=CharField())


def receipts(committee: Committee) -> QuerySet[Contribution]:
    return Contribution.objects.filter(committee=committee, is_memo=False)


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    height: int
    x: int
    y: int


def bars(rows: list[tuple[str, Decimal]], *, width: int = 14, height: int = 120) -> list[Bar]:
    """Inline-SVG bar geometry (the chart works offline: no JavaScript, no CDN)."""
    top = max((v for _, v in rows), default=Decimal(0)) or Decimal(1)
    out = []
    for i, (label, value) in enumerate(rows):
        h = max(0, int(height * value / top))
        out.append(Bar(label, value, h, i * (width + 4), height - h))
    return out


def raised_by_day(*, committee: Committee, today: dt.date, days: int = 30) -> list[tuple[str, Decimal]]:
    start = today - dt.timedelta(days=days - 1)
    sums = dict(
        receipts(committee)
        .filter(date_received__gte=start, date_received__lte=today)
        .values_list("date_received")
        .annotate(total=Sum("amount"))
    )
    return [
        (f"{day:%m-%d}", sums.get(day, Decimal("0.00"))) for day in (start + dt.timedelta(days=i) for i in range(days))
    ]


def raised_by_source(*, committee: Committee) -> list[tuple[str, Decimal]]:
    sums = dict(receipts(committee).annotate(kind=_SOURCE).values_list("kind").annotate(total=Sum("amount")))
    return [(name, sums.get(name, Decimal("0.00"))) for name in ("web", "staff", "import", "conduit")]


def top_refcodes(*, committee: Committee, limit: int = 10) -> list[tuple[str, int, Decimal]]:
    rows = (
        receipts(committee)
        .filter(donation__isnull=False)
        .annotate(refcode=KeyTextTransform("refcode", "donation__attribution"))
        .exclude(refcode__isnull=True)
        .exclude(refcode="")
        .values("refcode")
        .annotate(gifts=Count("pk"), total=Sum("amount"))
        .order_by("-total")[:limit]
    )
    return [(r["refcode"], r["gifts"], r["total"]) for r in rows]


def recent_gifts(*, committee: Committee, limit: int = 20) -> QuerySet[Contribution]:
    return receipts(committee).select_related("donor", "election", "conduit").order_by("-received_at", "-pk")[:limit]


def donor_search(*, committee: Committee, query: str, limit: int = 25) -> QuerySet[Donor]:
    query = query.strip()
    if not query:
        return Donor.objects.none()
    words = Q()
    for word in query.split()[:4]:
        words &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organization_name__icontains=word)
            | Q(email__icontains=word)
            | Q(zip_code__startswith=word)
        )
    return (
        Donor.objects.filter(committee=committee, merged_into__isnull=True)
        .filter(words)
        .annotate(
            total=Sum("contributions__amount", filter=Q(contributions__is_memo=False)), gifts=Count("contributions")
        )
        .order_by("last_name", "first_name", "pk")[:limit]
    )
