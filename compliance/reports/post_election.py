"""What a Form 3 / 3P report adds beside its summary lines: the post-election page of a period that spans the
general election, Form 3P's state allocation columns and its line 31 items on hand to be liquidated.

Post-election page. An authorized committee's election cycle ends on the day of the general election and the next
one starts the day after (11 CFR 100.3(b)), so a report whose period holds the general election (the Post-General,
or the Year-End of a candidate who was not in the general) covers two cycles. The FEC's Form 3 instructions (rev.
05/2016, pages 5-8 "Post-Election Detailed Summary Page", used for the "30-day Post-General report (or Year-End
Report for candidates who did not participate in the general election)") and the FEC's post-general report page
(Form 3P likewise) put the period in column A, the ending cycle to date *through the general election* in column B,
and the new cycle, from the day after the general election to the close of books, in a column of its own: the
``F3S`` / ``F3PS`` record, dated by ``date - general election`` and ``date - day after general election``. So
last report's column B + this column A = this column B + the new cycle's column. Cash lines are column A only.

State allocation (11 CFR 106.2): the operating expenditures a primary committee allocated to states
(:class:`compliance.models.StateAllocation`, dated by their disbursement), this period (F3P columns 66-120),
cycle to date (152-206) and, on F3PS, in the new cycle. Line 31: the fair market value of the items on hand at the
close of the period (:class:`compliance.models.LiquidationItem`), one ``F3P31`` record each."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from compliance.fec.cover_layouts import F3_COL_B, F3P_COL_B
from compliance.fec.records import F3Cover, F3PCover, F3XCover
from compliance.fec.records_post import F3PS_LINES, F3S_LINES, F3P31Item, F3PSPage, F3SPage
from compliance.models import LiquidationItem, Report, StateAllocation
from compliance.reports import queries
from compliance.reports.lines import FormLines
from compliance.reports.queries import Window
from compliance.reports.summary import Lines, Summary, f3_totals, f3p_totals, schedule_lines
from compliance.summary_lines import FORMS, line_label

ZERO = Decimal("0.00")
Cover = F3Cover | F3XCover | F3PCover


@dataclass(frozen=True)
class ElectionSplit:
    general_election: dt.date
    day_after: dt.date


def election_split(*, form: str, window: Window) -> ElectionSplit | None:
    """The general election inside a Form 3 / 3P period that continues after it (the new cycle starts inside the
    period: ``Window.cycle_break``), else ``None``. Form 3X's column B is the calendar year: never split."""
    if form not in (Report.Form.F3, Report.Form.F3P) or window.cycle_break is None:
        return None
    return ElectionSplit(general_election=window.cycle_break - dt.timedelta(days=1), day_after=window.cycle_break)


def to_date_lines(*, form: str, lines: FormLines, window: Window) -> Lines:
    """The to-date column (from ``window.aggregation_from`` through ``window.coverage_through``) with the form's
    total formulas, Form 3P's lines 14 and 15 included."""
    receipts = queries.receipt_totals(window=window)
    disbursements = queries.disbursement_totals(
        committee_id=window.committee_id,
        since=window.aggregation_from,
        coverage_from=window.coverage_from,
        through=window.coverage_through,
    )
    _, to_date = schedule_lines(lines=lines, receipts=receipts, disbursements=disbursements)
    if form == Report.Form.F3:
        return f3_totals(to_date)
    out = f3p_totals(to_date)
    out["14"] = out["17e"] - out.get("28d", ZERO)
    out["15"] = out.get("23", ZERO) - out.get("20a", ZERO)
    return out


def _only(values: Lines, allowed: Iterable[str]) -> Lines:
    return {label: values.get(label, ZERO) for label in allowed}


def state_allocation(*, committee_id: int, start: dt.date, end: dt.date) -> dict[str, Decimal]:
    """Postal code -> dollars allocated from the non-memo disbursements dated ``start``..``end``, and ``"total"``."""
    rows = (
        StateAllocation.objects.filter(
            committee_id=committee_id,
            disbursement__date_disbursed__gte=start,
            disbursement__date_disbursed__lte=end,
            disbursement__is_memo=False,
        )
        .values("state")
        .annotate(total=Sum("amount"))
        .order_by("state")
    )
    out = {row["state"]: row["total"] for row in rows if row["total"]}
    out["total"] = sum(out.values(), ZERO)
    return out


def items_on_hand(*, committee_id: int, on: dt.date) -> list[LiquidationItem]:
    """Items acquired by ``on`` and not liquidated by then (Form 3P line 31 at the close of the period)."""
    return list(
        LiquidationItem.objects.filter(committee_id=committee_id, date_acquired__lte=on)
        .filter(Q(liquidated_on__isnull=True) | Q(liquidated_on__gt=on))
        .order_by("date_acquired", "id")
    )


def f3p31_record(item: LiquidationItem, *, filer: str) -> F3P31Item:
    return F3P31Item(
        filer_committee_id_number=filer,
        transaction_id_number=item.transaction_id,
        entity_type=item.entity_type,
        contributor_organization_name=item.organization_name,
        contributor_last_name=item.last_name,
        contributor_first_name=item.first_name,
        contributor_street_1=item.street_1,
        contributor_street_2=item.street_2,
        contributor_city=item.city,
        contributor_state=item.state,
        contributor_zip=item.zip_code,
        election_code=item.election_code,
        item_description=item.description,
        item_contribution_acquired_date=item.date_acquired,
        item_fair_market_value=item.fair_market_value,
        contributor_employer=item.employer,
        contributor_occupation=item.occupation,
    )


@dataclass
class ReportExtras:
    summary: Summary
    pages: list = field(default_factory=list)
    """Records written right after the cover: F3S / F3PS, then F3P31 items."""
    states_a: dict[str, Decimal] = field(default_factory=dict)
    states_b: dict[str, Decimal] = field(default_factory=dict)

    def cover(self, cover: Cover) -> Cover:
        if isinstance(cover, F3PCover):
            return dataclasses.replace(cover, state_allocation_a=self.states_a, state_allocation_b=self.states_b)
        return cover


def report_extras(*, report: Report, lines: FormLines, window: Window, summary: Summary) -> ReportExtras:
    """The report's summary with column B split at the general election when its period spans one, the
    post-election page, and (Form 3P) the state allocation and line 31 with its items."""
    form, filer, committee_id = report.form, report.committee.fec_id, window.committee_id
    extras = ReportExtras(summary=summary)
    if form not in (Report.Form.F3, Report.Form.F3P):
        return extras
    split = election_split(form=form, window=window)
    b_end = window.coverage_through if split is None else split.general_election
    if split is not None:
        before = dataclasses.replace(window, coverage_through=split.general_election, cycle_break=None)
        after = Window(
            committee_id=committee_id,
            coverage_from=split.day_after,
            coverage_through=window.coverage_through,
            aggregation_from=split.day_after,
            kept=window.kept,
        )
        col_b = to_date_lines(form=form, lines=lines, window=before)
        new_cycle = to_date_lines(form=form, lines=lines, window=after)
        col_a = dict(summary.col_a)
        if form == Report.Form.F3P:  # lines 14 and 15 are column B figures (NOTES.md 13.1)
            col_a["14"], col_a["15"] = col_b["14"], col_b["15"]
        allowed_b = F3_COL_B if form == Report.Form.F3 else F3P_COL_B
        page_lines = _only(new_cycle, F3S_LINES if form == Report.Form.F3 else F3PS_LINES)
        extras.summary = dataclasses.replace(
            summary,
            col_a=col_a,
            col_b=_only(col_b, sorted(allowed_b, key=allowed_b.__getitem__)),
            post_election={
                "general_election": split.general_election.isoformat(),
                "day_after": split.day_after.isoformat(),
                "lines": {k: f"{v:.2f}" for k, v in page_lines.items()},
            },
        )
        dates = {"date_of_general_election": split.general_election, "day_after_general_election": split.day_after}
        if form == Report.Form.F3:
            extras.pages.append(F3SPage(filer_committee_id_number=filer, lines=page_lines, **dates))
        else:
            states_c = state_allocation(committee_id=committee_id, start=split.day_after, end=window.coverage_through)
            extras.pages.append(
                F3PSPage(filer_committee_id_number=filer, lines=page_lines, state_allocation=states_c, **dates)
            )
    if form == Report.Form.F3P:
        extras.states_a = state_allocation(
            committee_id=committee_id, start=window.coverage_from, end=window.coverage_through
        )
        extras.states_b = state_allocation(committee_id=committee_id, start=window.aggregation_from, end=b_end)
        items = items_on_hand(committee_id=committee_id, on=window.coverage_through)
        col_a = dict(extras.summary.col_a)
        col_a["31"] = sum((item.fair_market_value for item in items), ZERO)
        extras.summary = dataclasses.replace(extras.summary, col_a=col_a)
        extras.pages.extend(f3p31_record(item, filer=filer) for item in items)
    return extras


def page_rows(form: str, summary: dict) -> list[tuple[str, str, str, bool]]:
    """The post-election page for the printable summary: (line as printed, description, amount, is a total), in
    the form's order; empty when the report has no page."""
    page = (summary.get("post_election") or {}).get("lines") or {}
    return [
        (line_label(line), text, page[line], total)
        for _heading, lines in FORMS.get(form, [])
        for line, text, total in lines
        if line in page
    ]
