"""Summary pages (Forms 3, 3X, 3P): every line of column A (this period) and column B (cycle- or year-to-date)
from SQL totals, plus cash on hand.

Schedule lines come straight from the totals of the transactions on them (memo entries never count); the
total lines are the form's own formulas (shared/fec/NOTES.md sections 3, 4, 13.1). Cash on hand at the start
of a period is carried from the filed report that ends the day before, else computed from the committee's
opening cash plus every receipt minus every refund and disbursement since its as-of date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from committees.models import Committee
from compliance.fec.cover_layouts import F3_COL_A, F3_COL_B, F3P_COL_A, F3P_COL_B, F3X_COL_A, F3X_COL_B
from compliance.models import Report
from compliance.reports import debts, queries
from compliance.reports.lines import INDIVIDUAL, FormLines
from compliance.reports.queries import Window, cents_to_decimal
from compliance.reports.schedule_e import line_24_columns

ZERO = Decimal("0.00")
Lines = dict[str, Decimal]
CLOSING_LINE = {"F3": "27", "F3X": "8", "F3P": "10"}


@dataclass
class Summary:
    col_a: Lines
    col_b: Lines
    cash_on_hand_jan_1: Decimal = ZERO
    cash_on_hand_year: int | None = None
    notes: list[str] = field(default_factory=list)
    post_election: dict | None = None
    """A period spanning the general election: its date, the day after and the new cycle's lines (F3S / F3PS;
    compliance.reports.post_election)."""

    def as_json(self) -> dict:
        out: dict = {
            "col_a": {k: f"{v:.2f}" for k, v in self.col_a.items()},
            "col_b": {k: f"{v:.2f}" for k, v in self.col_b.items()},
        }
        if self.post_election is not None:
            out["post_election"] = self.post_election
        if self.cash_on_hand_year is not None:
            out["cash_on_hand_jan_1"] = f"{self.cash_on_hand_jan_1:.2f}"
            out["cash_on_hand_year"] = self.cash_on_hand_year
        return out


def schedule_lines(
    *,
    lines: FormLines,
    receipts: Iterable[tuple[str, bool, int, int]],
    disbursements: dict[str, tuple[int, int]],
) -> tuple[Lines, Lines]:
    """Column A and B amounts of the lines schedules feed (before the form's total formulas)."""
    col_a: dict[str, int] = {}
    col_b: dict[str, int] = {}
    for kind, itemized, period, to_date in receipts:
        line = lines.receipts.get(kind, lines.receipts["other"])[1]
        if kind == INDIVIDUAL and not itemized:
            line = lines.unitemized_line
        col_a[line] = col_a.get(line, 0) + period
        col_b[line] = col_b.get(line, 0) + to_date
    for cls, (period, to_date) in disbursements.items():
        line = lines.disbursements[cls][1]
        col_a[line] = col_a.get(line, 0) + period
        col_b[line] = col_b.get(line, 0) + to_date
    return (
        {k: cents_to_decimal(v) for k, v in col_a.items()},
        {k: cents_to_decimal(v) for k, v in col_b.items()},
    )


def _get(lines: Lines, *names: str) -> Decimal:
    return sum((lines.get(n, ZERO) for n in names), ZERO)


def f3_totals(c: Lines) -> Lines:
    out = dict(c)
    out["11aiii"] = _get(c, "11ai", "11aii")
    out["11e"] = out["11aiii"] + _get(c, "11b", "11c", "11d")
    out["13c"] = _get(c, "13a", "13b")
    out["16"] = out["11e"] + _get(c, "12", "14", "15") + out["13c"]
    out["19c"] = _get(c, "19a", "19b")
    out["20d"] = _get(c, "20a", "20b", "20c")
    out["22"] = _get(c, "17", "18", "21") + out["19c"] + out["20d"]
    out["6a"] = out["11e"]
    out["6b"] = out["20d"]
    out["6c"] = out["6a"] - out["6b"]
    out["7a"] = _get(c, "17")
    out["7b"] = _get(c, "14")
    out["7c"] = out["7a"] - out["7b"]
    return out


def f3x_totals(c: Lines) -> Lines:
    out = dict(c)
    out["11aiii"] = _get(c, "11ai", "11aii")
    out["11d"] = out["11aiii"] + _get(c, "11b", "11c")
    out["18c"] = _get(c, "18a", "18b")
    out["19"] = out["11d"] + _get(c, "12", "13", "14", "15", "16", "17") + out["18c"]
    out["20"] = out["19"] - out["18c"]
    out["21c"] = _get(c, "21ai", "21aii", "21b")
    out["28d"] = _get(c, "28a", "28b", "28c")
    out["30c"] = _get(c, "30ai", "30aii", "30b")
    out["31"] = out["21c"] + _get(c, "22", "23", "24", "25", "26", "27", "29") + out["28d"] + out["30c"]
    out["32"] = out["31"] - _get(c, "21aii", "30aii")
    out["33"] = out["11d"]
    out["34"] = out["28d"]
    out["35"] = out["33"] - out["34"]
    out["36"] = _get(c, "21ai", "21b")
    out["37"] = _get(c, "15")
    out["38"] = out["36"] - out["37"]
    out["6c"] = out["19"]
    out["7"] = out["31"]
    return out


def f3p_totals(c: Lines) -> Lines:
    out = dict(c)
    out["17aiii"] = _get(c, "17ai", "17aii")
    out["17e"] = out["17aiii"] + _get(c, "17b", "17c", "17d")
    out["19c"] = _get(c, "19a", "19b")
    out["20d"] = _get(c, "20a", "20b", "20c")
    out["22"] = _get(c, "16", "18", "21") + out["17e"] + out["19c"] + out["20d"]
    out["27c"] = _get(c, "27a", "27b")
    out["28d"] = _get(c, "28a", "28b", "28c")
    out["30"] = _get(c, "23", "24", "25", "26", "29") + out["27c"] + out["28d"]
    return out


def _complete(lines: Lines, allowed: dict[str, int]) -> Lines:
    """Every line of the column, in column order, 0.00 where nothing was reported."""
    return {label: lines.get(label, ZERO) for label in sorted(allowed, key=allowed.__getitem__)}


def previous_filed_close(*, committee: Committee, day_before: dt.date) -> Decimal | None:
    """Closing cash of the latest filed version of the report that ends on ``day_before``, if any."""
    report = (
        Report.objects.filter(committee=committee, coverage_through=day_before, filed_at__isnull=False)
        .order_by("-amendment_number", "-filed_at")
        .first()
    )
    if report is None:
        return None
    value = report.summary.get("col_a", {}).get(CLOSING_LINE.get(report.form, ""))
    return Decimal(value) if value is not None else None


def cash_at_start_of(*, committee: Committee, day: dt.date) -> Decimal:
    """Cash on hand at the start of ``day``."""
    carried = previous_filed_close(committee=committee, day_before=day - dt.timedelta(days=1))
    if carried is not None:
        return carried
    since = committee.opening_cash_as_of
    opening = committee.opening_cash_on_hand
    if since is not None and since >= day:
        return opening
    net = queries.net_cash_cents(committee_id=committee.pk, start=since, end=day - dt.timedelta(days=1))
    return opening + cents_to_decimal(net)


def build_summary(*, committee: Committee, form: str, lines: FormLines, window: Window) -> Summary:
    """Every summary line of the report's form, columns A and B."""
    receipts = queries.receipt_totals(window=window)
    disbursements = queries.disbursement_totals(
        committee_id=committee.pk,
        since=window.aggregation_from,
        coverage_from=window.coverage_from,
        through=window.coverage_through,
    )
    sched_a, sched_b = schedule_lines(lines=lines, receipts=receipts, disbursements=disbursements)
    if form == "F3X":  # Schedule E, line 24 (compliance.reports.schedule_e)
        sched_a["24"], sched_b["24"] = line_24_columns(
            committee=committee, since=window.aggregation_from, coverage_from=window.coverage_from,
            through=window.coverage_through,
        )  # fmt: skip
    start_cash = cash_at_start_of(committee=committee, day=window.coverage_from)
    debt_balances = debts.debt_balances_cents(debts.debt_rows(window=window))
    debts_by = cents_to_decimal(queries.loan_balance_cents(queries.loan_rows(window=window)) + debt_balances["by"])
    debts_to = cents_to_decimal(debt_balances["to"])
    if form == "F3":
        col_a, col_b = f3_totals(sched_a), f3_totals(sched_b)
        col_a[lines.debts_by_line] = debts_by
        col_a[lines.debts_to_line] = debts_to
        col_a["23"] = start_cash
        col_a["24"] = col_a["16"]
        col_a["25"] = col_a["23"] + col_a["24"]
        col_a["26"] = col_a["22"]
        col_a["27"] = col_a["25"] - col_a["26"]
        col_a["8"] = col_a["27"]
        return Summary(col_a=_complete(col_a, F3_COL_A), col_b=_complete(col_b, F3_COL_B))
    if form == "F3X":
        col_a, col_b = f3x_totals(sched_a), f3x_totals(sched_b)
        col_a[lines.debts_by_line] = debts_by
        col_a[lines.debts_to_line] = debts_to
        jan_1 = dt.date(window.coverage_through.year, 1, 1)
        cash_jan_1 = cash_at_start_of(committee=committee, day=jan_1)
        col_a["6b"] = start_cash
        col_a["6d"] = col_a["6b"] + col_a["6c"]
        col_a["8"] = col_a["6d"] - col_a["7"]
        col_b["6d"] = cash_jan_1 + col_b["6c"]
        col_b["8"] = col_b["6d"] - col_b["7"]
        return Summary(
            col_a=_complete(col_a, F3X_COL_A),
            col_b=_complete(col_b, F3X_COL_B),
            cash_on_hand_jan_1=cash_jan_1,
            cash_on_hand_year=jan_1.year,
        )
    if form == "F3P":
        col_a, col_b = f3p_totals(sched_a), f3p_totals(sched_b)
        col_a[lines.debts_by_line] = debts_by
        col_a[lines.debts_to_line] = debts_to
        col_a["6"] = start_cash
        col_a["7"] = col_a["22"]
        col_a["8"] = col_a["6"] + col_a["7"]
        col_a["9"] = col_a["30"]
        col_a["10"] = col_a["8"] - col_a["9"]
        col_a["14"] = _get(col_b, "17e") - _get(col_b, "28d")
        col_a["15"] = _get(col_b, "23") - _get(col_b, "20a")
        return Summary(col_a=_complete(col_a, F3P_COL_A), col_b=_complete(col_b, F3P_COL_B))
    raise ValueError(f"unknown form {form!r}")
