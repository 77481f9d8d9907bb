"""The console's read models, composed from the selectors of the apps that own the data: the overview's figures
and charts, and the ledger (receipts, refunds and disbursements in one list, filtered, sorted and paged)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce, Concat

from committees.models import Committee
from compliance.filing_calendar import Deadline, current_period_start, filing_calendar
from compliance.models import Disbursement, ReviewItem
from compliance.reports.lines import lines_for, refund_class
from compliance.reports.periods import CycleUnknown, aggregation_start
from compliance.reports.windows import cycle_year_of
from compliance.selectors import cash_on_hand, disbursements_total
from donations.models import Contribution, ReceiptAggregate, Refund
from donations.selectors import donors_count, giving_totals, monthly_gifts_active, receipts_of

ZERO = Decimal("0.00")


# --- Overview -------------------------------------------------------------------------------------------------


@dataclass
class Overview:
    today: dt.date
    period_start: dt.date
    period_report: Deadline | None
    cycle_start: dt.date
    figures: dict[str, Any]
    daily: list[tuple[dt.date, Decimal]]
    by_source: list[tuple[str, int, Decimal]]
    by_page: list[tuple[str, int, Decimal]]
    by_refcode: list[tuple[str, int, Decimal]]
    deadlines: list[Deadline] = field(default_factory=list)
    open_items: int = 0


def daily_giving(*, committee: Committee, start: dt.date, end: dt.date) -> list[tuple[dt.date, Decimal]]:
    """Money received each day from ``start`` through ``end`` (days without gifts as $0)."""
    sums = dict(
        receipts_of(committee)
        .filter(date_received__gte=start, date_received__lte=end)
        .values_list("date_received")
        .annotate(total=Sum("amount"))
    )
    days = (end - start).days + 1
    return [(day, sums.get(day, ZERO)) for day in (start + dt.timedelta(days=i) for i in range(days))]


SOURCE_LABELS = {"web": "Donation pages and API", "staff": "Staff entry", "import": "CSV import"}


def giving_by_source(*, committee: Committee, start: dt.date, end: dt.date) -> list[tuple[str, int, Decimal]]:
    rows = (
        receipts_of(committee)
        .filter(date_received__gte=start, date_received__lte=end)
        .annotate(
            kind=Case(
                When(conduit__isnull=False, then=Concat(Value("Conduit: "), F("conduit__name"))),
                default=F("source"),
                output_field=CharField(),
            )
        )
        .values("kind")
        .annotate(gifts=Count("pk"), total=Sum("amount"))
        .order_by("-total")
    )
    return [(SOURCE_LABELS.get(r["kind"], r["kind"]), r["gifts"], r["total"]) for r in rows]


def giving_by_page(*, committee: Committee, start: dt.date, end: dt.date) -> list[tuple[str, int, Decimal]]:
    rows = (
        receipts_of(committee)
        .filter(date_received__gte=start, date_received__lte=end, donation__page__isnull=False)
        .values("donation__page__title", "donation__page__slug")
        .annotate(gifts=Count("pk"), total=Sum("amount"))
        .order_by("-total")[:10]
    )
    return [
        (f"{r['donation__page__title']} (/donate/{r['donation__page__slug']}/)", r["gifts"], r["total"]) for r in rows
    ]


def giving_by_refcode(
    *, committee: Committee, start: dt.date, end: dt.date, limit: int = 10
) -> list[tuple[str, int, Decimal]]:
    rows = (
        receipts_of(committee)
        .filter(date_received__gte=start, date_received__lte=end, donation__isnull=False)
        .annotate(refcode=KeyTextTransform("refcode", "donation__attribution"))
        .exclude(refcode__isnull=True)
        .exclude(refcode="")
        .values("refcode")
        .annotate(gifts=Count("pk"), total=Sum("amount"))
        .order_by("-total")[:limit]
    )
    return [(r["refcode"], r["gifts"], r["total"]) for r in rows]


def _cycle_start(committee: Committee, on: dt.date, *, cycle_year: int | None = None) -> dt.date:
    """Where the committee's aggregation window holding ``on`` starts; a Senate committee whose seat class is not
    set yet is shown by calendar year (its reports refuse to build until it is)."""
    try:
        return aggregation_start(
            committee_type=committee.committee_type, on=on, cycle_year=cycle_year or cycle_year_of(committee)
        )
    except CycleUnknown:
        return dt.date(on.year, 1, 1)


def overview(*, committee: Committee, today: dt.date, days: int = 90) -> Overview:
    period_start, period_report = current_period_start(committee=committee, today=today)
    cycle_start = _cycle_start(committee, today)
    in_cycle = giving_totals(committee=committee, start=cycle_start, end=today)
    fees = disbursements_total(committee=committee, start=cycle_start, end=today, fees_only=True)
    monthly = monthly_gifts_active(committee=committee)
    figures = {
        "today": giving_totals(committee=committee, start=today, end=today),
        "period": giving_totals(committee=committee, start=period_start, end=today),
        "cycle": in_cycle,
        "refunds": in_cycle["refunds"],
        "fees": fees,
        "net": in_cycle["raised"] - in_cycle["refunds"] - fees,
        "cash": cash_on_hand(committee=committee, on=today),
        "donors": donors_count(committee=committee),
        "monthly_count": monthly["count"],
        "monthly_total": monthly["monthly"],
    }
    chart_start = today - dt.timedelta(days=days - 1)
    deadlines = [
        d
        for d in filing_calendar(committee=committee, start=today, end=today + dt.timedelta(days=200))
        if d.kind == "notice48" or d.filed is None
    ][:5]
    return Overview(
        today=today,
        period_start=period_start,
        period_report=period_report,
        cycle_start=cycle_start,
        figures=figures,
        daily=daily_giving(committee=committee, start=chart_start, end=today),
        by_source=giving_by_source(committee=committee, start=cycle_start, end=today),
        by_page=giving_by_page(committee=committee, start=cycle_start, end=today),
        by_refcode=giving_by_refcode(committee=committee, start=cycle_start, end=today),
        deadlines=deadlines,
        open_items=ReviewItem.objects.filter(committee=committee, status=ReviewItem.Status.OPEN).count(),
    )


def chart_spec(
    rows: list[tuple[Any, Decimal]], *, series: str, label_axis: str, value_axis: str = "Amount (USD)", **extra: Any
) -> dict[str, Any]:
    """What console.js hands to Chart.js (labels, values and axis titles), as JSON-safe values."""
    return {
        "labels": [label.isoformat() if isinstance(label, dt.date) else str(label) for label, _ in rows],
        "values": [float(value) for _, value in rows],
        "series": series,
        "label_axis": label_axis,
        "value_axis": value_axis,
        **extra,
    }


# --- Ledger ---------------------------------------------------------------------------------------------------

KINDS = {"receipt": "Receipt", "refund": "Contribution refund", "disbursement": "Disbursement"}
SORTS = {"date": ("date", "id"), "amount": ("amount", "id"), "name": ("name", "date", "id")}


@dataclass(frozen=True)
class LedgerFilters:
    start: dt.date | None = None
    end: dt.date | None = None
    kind: str = ""
    line: str = ""
    election: str = ""
    donor: str = ""
    donor_id: int | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    itemized: str = ""  # "", "yes", "no"
    memo: str = ""  # "", "yes", "no"
    sort: str = "-date"

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in (None, "")}


def line_choices(committee: Committee) -> list[tuple[str, str]]:
    """The schedule lines of the committee's form, for the ledger's line filter: (value, label)."""
    lines = lines_for(committee.report_form)
    seen: dict[str, str] = {}
    for receipt_type, (form_type, _) in lines.receipts.items():
        label = Contribution.ReceiptType(receipt_type).label
        seen[form_type] = f"{seen[form_type]}, {label}" if form_type in seen else label
    for kind, (form_type, _) in lines.disbursements.items():
        label = (
            Disbursement.Kind(kind).label
            if kind in Disbursement.Kind.values
            else "Refund: " + kind.removeprefix("refund_").replace("_", " ")
        )
        seen[form_type] = f"{seen[form_type]}, {label}" if form_type in seen else label
    return [(form_type, f"{form_type} — {label}") for form_type, label in seen.items()]


def _schedule_line(committee: Committee, kind: str, subtype: str) -> str:
    lines = lines_for(committee.report_form)
    if kind == "receipt":
        return lines.receipts.get(subtype, lines.receipts["other"])[0]
    if kind == "refund":
        return lines.disbursements[refund_class(subtype)][0]
    return lines.disbursements.get(subtype, lines.disbursements["other"])[0]


def itemized_receipt_ids(committee: Committee) -> QuerySet:
    """Ids of the committee's receipts a report itemizes, as kept at write time (donations.ReceiptAggregate, the
    report builder's own rule: every receipt other than an individual's gift, and an individual's gift once the
    donor's aggregate in the window, net of refunds, has passed $200 with it or before it)."""
    return ReceiptAggregate.objects.filter(committee=committee, itemized=True).values("contribution_id")


_PERSON = Concat(F("donor__first_name"), Value(" "), F("donor__last_name"))


def _receipts(committee: Committee, f: LedgerFilters) -> QuerySet | None:
    if f.kind not in ("", "receipt"):
        return None
    rows = Contribution.objects.filter(committee=committee)
    if f.start:
        rows = rows.filter(date_received__gte=f.start)
    if f.end:
        rows = rows.filter(date_received__lte=f.end)
    if f.election:
        rows = rows.filter(election__code=f.election)
    if f.donor_id:
        rows = rows.filter(donor_id=f.donor_id)
    for word in f.donor.split()[:4]:
        rows = rows.filter(
            Q(donor__first_name__icontains=word)
            | Q(donor__last_name__icontains=word)
            | Q(donor__organization_name__icontains=word)
            | Q(transaction_id__iexact=word)
        )
    if f.line:
        types = [t for t, (form_type, _) in lines_for(committee.report_form).receipts.items() if form_type == f.line]
        rows = rows.filter(receipt_type__in=types)
    if f.memo:
        rows = rows.filter(is_memo=f.memo == "yes")
    if f.itemized:
        ids = itemized_receipt_ids(committee)
        rows = rows.filter(pk__in=ids) if f.itemized == "yes" else rows.exclude(pk__in=ids)
    return rows.annotate(
        entry=Value("receipt", output_field=CharField()),
        date=F("date_received"),
        name=Case(
            When(donor__entity_type__in=["ORG", "COM"], then=F("donor__organization_name")),
            default=_PERSON,
            output_field=CharField(),
        ),
        subtype=F("receipt_type"),
        election_code=Coalesce(F("election__code"), Value(""), output_field=CharField()),
        person_id=F("donor_id"),
        memo=F("is_memo"),
        origin=Case(
            When(conduit__isnull=False, then=F("conduit__name")), default=F("source"), output_field=CharField()
        ),
    ).values(
        "entry",
        "id",
        "transaction_id",
        "date",
        "amount",
        "name",
        "subtype",
        "election_code",
        "person_id",
        "memo",
        "origin",
    )


def _refunds(committee: Committee, f: LedgerFilters) -> QuerySet | None:
    if f.kind not in ("", "refund") or f.itemized == "no" or f.memo == "yes":
        return None
    rows = Refund.objects.filter(committee=committee)
    if f.start:
        rows = rows.filter(date_refunded__gte=f.start)
    if f.end:
        rows = rows.filter(date_refunded__lte=f.end)
    if f.election:
        rows = rows.filter(contribution__election__code=f.election)
    if f.donor_id:
        rows = rows.filter(donor_id=f.donor_id)
    for word in f.donor.split()[:4]:
        rows = rows.filter(
            Q(donor__first_name__icontains=word)
            | Q(donor__last_name__icontains=word)
            | Q(donor__organization_name__icontains=word)
            | Q(transaction_id__iexact=word)
        )
    if f.line:
        lines = lines_for(committee.report_form)
        types = [t for t in Contribution.ReceiptType.values if lines.disbursements[refund_class(t)][0] == f.line]
        rows = rows.filter(contribution__receipt_type__in=types)
    return rows.annotate(
        entry=Value("refund", output_field=CharField()),
        date=F("date_refunded"),
        name=Case(
            When(donor__entity_type__in=["ORG", "COM"], then=F("donor__organization_name")),
            default=_PERSON,
            output_field=CharField(),
        ),
        subtype=F("contribution__receipt_type"),
        election_code=Coalesce(F("contribution__election__code"), Value(""), output_field=CharField()),
        person_id=F("donor_id"),
        memo=Value(False),
        origin=F("source"),
    ).values(
        "entry",
        "id",
        "transaction_id",
        "date",
        "amount",
        "name",
        "subtype",
        "election_code",
        "person_id",
        "memo",
        "origin",
    )


def _disbursements(committee: Committee, f: LedgerFilters) -> QuerySet | None:
    if f.kind not in ("", "disbursement") or f.itemized == "no" or f.donor_id:
        return None
    rows = Disbursement.objects.filter(committee=committee)
    if f.start:
        rows = rows.filter(date_disbursed__gte=f.start)
    if f.end:
        rows = rows.filter(date_disbursed__lte=f.end)
    if f.election:
        rows = rows.filter(election__code=f.election)
    for word in f.donor.split()[:4]:
        rows = rows.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organization_name__icontains=word)
            | Q(transaction_id__iexact=word)
        )
    if f.line:
        kinds = [
            k for k, (form_type, _) in lines_for(committee.report_form).disbursements.items() if form_type == f.line
        ]
        rows = rows.filter(kind__in=kinds)
    if f.memo:
        rows = rows.filter(is_memo=f.memo == "yes")
    return rows.annotate(
        entry=Value("disbursement", output_field=CharField()),
        date=F("date_disbursed"),
        name=Case(
            When(entity_type__in=["ORG", "COM"], then=F("organization_name")),
            default=Concat(F("first_name"), Value(" "), F("last_name")),
            output_field=CharField(),
        ),
        subtype=F("kind"),
        election_code=Coalesce(F("election__code"), Value(""), output_field=CharField()),
        person_id=Value(None, output_field=IntegerField()),
        memo=F("is_memo"),
        origin=F("source"),
    ).values(
        "entry",
        "id",
        "transaction_id",
        "date",
        "amount",
        "name",
        "subtype",
        "election_code",
        "person_id",
        "memo",
        "origin",
    )


def ledger(*, committee: Committee, filters: LedgerFilters) -> QuerySet | list:
    """Every receipt, contribution refund and disbursement matching ``filters``, as dicts (entry, id,
    transaction_id, date, amount, name, subtype, election_code, person_id, memo, origin), sorted; slice it to
    page. Amounts over/under bounds apply to every kind."""
    parts = [
        p
        for p in (_receipts(committee, filters), _refunds(committee, filters), _disbursements(committee, filters))
        if p is not None
    ]
    if filters.amount_min is not None:
        parts = [p.filter(amount__gte=filters.amount_min) for p in parts]
    if filters.amount_max is not None:
        parts = [p.filter(amount__lte=filters.amount_max) for p in parts]
    if not parts:
        return []
    descending = filters.sort.startswith("-")
    columns = SORTS.get(filters.sort.lstrip("-"), SORTS["date"])
    order = [f"-{c}" if descending else c for c in columns]
    combined = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return combined.order_by(*order)


def ledger_rows(committee: Committee, rows: list[dict]) -> list[dict]:
    """Page rows with their schedule line and a readable type."""
    for row in rows:
        kind = row["kind"] = row.pop("entry")
        row["line"] = _schedule_line(committee, kind, row["subtype"])
        if kind == "receipt":
            row["type_label"] = Contribution.ReceiptType(row["subtype"]).label
        elif kind == "refund":
            row["type_label"] = "Refund of a " + Contribution.ReceiptType(row["subtype"]).label.lower() + " gift"
        else:
            row["type_label"] = Disbursement.Kind(row["subtype"]).label
    return rows
