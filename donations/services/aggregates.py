"""Keep each receipt's aggregate-to-date and itemization (ReceiptAggregate) as the books change (issue #17).

THE itemization rule (11 CFR 104.3(a)(4), 104.8): per contributor, within the committee's aggregation window
(committees.windows: the election cycle, or the calendar year for PACs and parties), every receipt and counted
refund in date order (receipts before refunds on the same day, then by id). Refunds count negatively, and only
when the gift they refund was received in the same window; memo entries count zero except redesignation and
reattribution rows (``memo_role`` to/from), which move money. A receipt is itemized when it is not an individual
contribution, is a memo entry, or its contributor's running aggregate has passed $200.00 at or before it (the
peak: later refunds never un-itemize it). An earmarked receipt also carries its conduit's running total.

Every writer of contributions or refunds calls ``receipt_aggregates_refresh`` in its transaction with the
contributor(s) and dates it touched: one statement recomputes those contributors' rows in the affected windows
(a backdated gift, a refund, a redesignation or a merge moves only that contributor's later rows), one more when
an earmarked receipt moves its conduit's totals. ``receipt_aggregates_rebuild`` recomputes a whole committee with
the same SQL; a report build calls ``receipt_aggregates_ensure`` first, which rebuilds when the committee's window
rules changed since (an election added or moved) or a receipt of the period has no row (written by a path that
did not refresh). compliance.reports.queries keeps the full recomputation at report time as the reference the
property test compares with."""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import OperationalError, connection, transaction
from django.utils import timezone

from committees.models import Committee
from committees.windows import AggregationWindow, WindowRules, window_rules
from donations.aggregate_models import AggregateBasis

logger = logging.getLogger(__name__)

REBUILD_ATTEMPTS = 3
DEADLOCK = "40P01"  # PostgreSQL's SQLSTATE for deadlock_detected
ITEMIZATION_THRESHOLD = Decimal("200.00")
THRESHOLD_CENTS = int(ITEMIZATION_THRESHOLD * 100)
CENTS = "CAST(ROUND({col} * 100) AS BIGINT)"

RECEIPT_AGG_CENTS = (
    f"CASE WHEN c.is_memo AND c.memo_role NOT IN ('to', 'from') THEN 0 ELSE {CENTS.format(col='c.amount')} END"
)
"""What receipt ``c`` adds to its contributor's aggregate, in cents."""
ALWAYS_ITEMIZED = "(c.receipt_type <> 'individual' OR c.is_memo)"
"""Receipts itemized whatever their aggregate."""
ORDER = "ORDER BY d, ord, id ROWS UNBOUNDED PRECEDING"
"""A contributor's receipts (``ord`` 0) and refunds (``ord`` 1) in aggregation order."""


def _date_sql(day: dt.date) -> str:
    """A date literal (ours, never user input) typed for the engine: SQLite keeps dates as ISO text."""
    return f"DATE '{day.isoformat()}'" if connection.vendor == "postgresql" else f"'{day.isoformat()}'"


def window_case(column: str, windows: Sequence[AggregationWindow]) -> str:
    """SQL: the start of the window (of ``windows``) holding the date ``column``; NULL outside them."""
    whens = " ".join(
        f"WHEN {column} >= {_date_sql(w.start)} AND {column} <= {_date_sql(w.end)} THEN {_date_sql(w.start)}"
        for w in windows
    )
    return f"CASE {whens} END"


def _in(column: str, ids: Sequence[int] | None) -> tuple[str, list[int]]:
    if ids is None:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _donor_sql(
    committee_id: int, windows: Sequence[AggregationWindow], donor_ids: Sequence[int] | None
) -> tuple[str, list[Any]]:
    """One statement: recompute the contributors' rows in ``windows`` and upsert those that changed."""
    first, last = windows[0].start, windows[-1].end
    c_in, c_ids = _in("c.donor_id", donor_ids)
    r_in, r_ids = _in("r.donor_id", donor_ids)
    w_gift, w_refund = window_case("rc.date_received", windows), window_case("r.date_refunded", windows)
    sql = f"""
WITH tx AS (
    SELECT c.id AS id, c.donor_id AS donor_id, c.date_received AS d, 0 AS ord,
           {window_case("c.date_received", windows)} AS w, {RECEIPT_AGG_CENTS} AS agg_cents,
           CASE WHEN {ALWAYS_ITEMIZED} THEN 1 ELSE 0 END AS always,
           c.receipt_type AS kind, c.amount AS amount, c.is_memo AS memo
    FROM donations_contribution c
    WHERE c.committee_id = %s AND c.date_received >= %s AND c.date_received <= %s{c_in}
    UNION ALL
    SELECT r.id, r.donor_id, r.date_refunded, 1, {w_refund}, -{CENTS.format(col="r.amount")}, 0, '', r.amount,
           rc.is_memo
    FROM donations_refund r JOIN donations_contribution rc ON rc.id = r.contribution_id
    WHERE r.committee_id = %s AND r.date_refunded >= %s AND r.date_refunded <= %s{r_in} AND {w_gift} = {w_refund}
),
ag AS (
    SELECT tx.*, SUM(agg_cents) OVER (PARTITION BY donor_id, w {ORDER}) AS agg FROM tx WHERE w IS NOT NULL
),
pw AS (
    SELECT ag.*, MAX(agg) OVER (PARTITION BY donor_id, w {ORDER}) AS peak FROM ag
)
INSERT INTO donations_receiptaggregate
    (contribution_id, committee_id, date_received, window_start, aggregate, itemized, receipt_type, amount, is_memo,
     conduit_aggregate)
SELECT pw.id, %s, pw.d, pw.w, pw.agg * 0.01, (pw.always = 1 OR pw.peak > {THRESHOLD_CENTS}), pw.kind, pw.amount,
       pw.memo, NULL
FROM pw WHERE pw.ord = 0
ON CONFLICT (contribution_id) DO UPDATE SET
    date_received = excluded.date_received, window_start = excluded.window_start,
    aggregate = excluded.aggregate, itemized = excluded.itemized, receipt_type = excluded.receipt_type,
    amount = excluded.amount, is_memo = excluded.is_memo
WHERE donations_receiptaggregate.aggregate <> excluded.aggregate
   OR donations_receiptaggregate.itemized <> excluded.itemized
   OR donations_receiptaggregate.window_start <> excluded.window_start
   OR donations_receiptaggregate.date_received <> excluded.date_received
   OR donations_receiptaggregate.is_memo <> excluded.is_memo"""
    return sql, [committee_id, first, last, *c_ids, committee_id, first, last, *r_ids, committee_id]


def _conduit_sql(
    committee_id: int, windows: Sequence[AggregationWindow], conduit_ids: Sequence[int] | None
) -> tuple[str, list[Any]]:
    """One statement: the running total per conduit and window of its earmarked receipts (memo entries count
    zero), written where it changed."""
    first, last = windows[0].start, windows[-1].end
    c_in, c_ids = _in("c.conduit_id", conduit_ids)
    w = window_case("c.date_received", windows)
    sql = f"""
WITH cx AS (
    SELECT c.id AS id, {w} AS w,
           SUM(CASE WHEN c.is_memo THEN 0 ELSE {CENTS.format(col="c.amount")} END) OVER (
               PARTITION BY c.conduit_id, {w} ORDER BY c.date_received, c.id ROWS UNBOUNDED PRECEDING) * 0.01 AS total
    FROM donations_contribution c
    WHERE c.committee_id = %s AND c.date_received >= %s AND c.date_received <= %s AND c.conduit_id IS NOT NULL{c_in}
)
UPDATE donations_receiptaggregate SET conduit_aggregate = cx.total
FROM cx
WHERE donations_receiptaggregate.contribution_id = cx.id AND cx.w IS NOT NULL
  AND (donations_receiptaggregate.conduit_aggregate IS NULL
       OR donations_receiptaggregate.conduit_aggregate <> cx.total)"""
    return sql, [committee_id, first, last, *c_ids]


def _recompute(
    committee: Committee,
    windows: Sequence[AggregationWindow],
    donors: Sequence[int] | None,
    conduits: Sequence[int] | None,
) -> int:
    """The donor statement (and the conduit one) over ``windows``, for those donors and conduits (None: all of them;
    empty: none). Returns how many rows changed."""
    statements = []
    if donors is None or donors:
        statements.append(_donor_sql(committee.pk, windows, donors))
    if conduits is None or conduits:
        statements.append(_conduit_sql(committee.pk, windows, conduits))
    changed = 0
    with connection.cursor() as cursor:
        for sql, params in statements:
            cursor.execute(sql, params)
            changed += max(cursor.rowcount, 0)
    return changed


def receipt_aggregates_refresh(
    *,
    committee: Committee,
    donor_ids: Iterable[int],
    first: dt.date,
    last: dt.date | None = None,
    conduit_ids: Iterable[int | None] = (),
    rules: WindowRules | None = None,
) -> int:
    """Recompute the kept aggregates of ``donor_ids`` (and the conduit totals of ``conduit_ids``) in every window
    holding a day from ``first`` through ``last`` (default: ``first``); call it in the transaction that wrote
    their receipts or refunds. Returns how many rows changed."""
    windows = (rules or window_rules(committee)).windows_between(first, last or first)
    donors = sorted({int(pk) for pk in donor_ids})
    conduits = sorted({int(pk) for pk in conduit_ids if pk is not None})
    return _recompute(committee, windows, donors, conduits)


def _span(committee: Committee) -> tuple[dt.date, dt.date] | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(d), MAX(d) FROM (SELECT MIN(date_received) AS d FROM donations_contribution WHERE committee_id"
            " = %s UNION ALL SELECT MAX(date_received) FROM donations_contribution WHERE committee_id = %s"
            " UNION ALL SELECT MAX(date_refunded) FROM donations_refund WHERE committee_id = %s) t",
            [committee.pk] * 3,
        )
        low, high = cursor.fetchone()
    if low is None:
        return None
    return _as_date(low), _as_date(high)


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def receipt_aggregates_rebuild(*, committee: Committee) -> int:
    """Recompute every kept aggregate of ``committee`` from its books (one pass per statement) and record the
    window rules they follow. Returns how many rows changed."""
    rules = window_rules(committee)
    span = _span(committee)
    changed = 0
    if span is not None:
        # No table lock (it would stall every committee's gifts): the pass writes each contributor's rows in date
        # order, so a new gift (the newest row) only makes it wait. A backdated entry rewriting the same contributor's
        # later rows at the same moment can deadlock with it; PostgreSQL aborts one and the report build retries
        # (``receipt_aggregates_ensure``), the entry's request is refused and can be sent again.
        with transaction.atomic():
            changed = _recompute(committee, rules.windows_between(*span), None, None)
    AggregateBasis.objects.update_or_create(
        committee=committee, defaults={"basis": rules.basis, "rebuilt_at": timezone.now()}
    )
    logger.info("receipt aggregates rebuilt", extra={"committee_id": committee.pk, "rows_changed": changed})
    return changed


def receipt_aggregates_rebuild_all() -> int:
    """Every committee's kept aggregates, rebuilt (after the table was added; operators: aggregates_check)."""
    return sum(receipt_aggregates_rebuild(committee=c) for c in Committee.objects.order_by("pk").iterator())


def receipt_aggregates_ensure(*, committee: Committee, first: dt.date, last: dt.date) -> bool:
    """Make the kept aggregates usable for a report of ``first``..``last``: rebuilt when the committee's window rules
    changed since the last rebuild, or when a receipt dated in that span has no row. Returns True when it rebuilt."""
    rules = window_rules(committee)
    kept = AggregateBasis.objects.filter(committee=committee).values_list("basis", flat=True).first()
    if kept == rules.basis and not _rows_missing(committee.pk, first, last):
        return False
    reason = "window rules changed" if kept is not None and kept != rules.basis else "rows missing"
    logger.warning("receipt aggregates stale, rebuilding", extra={"committee_id": committee.pk, "reason": reason})
    for attempt in range(REBUILD_ATTEMPTS):
        try:
            receipt_aggregates_rebuild(committee=committee)
            return True
        except OperationalError as exc:  # a deadlock with a writer (see receipt_aggregates_rebuild): again
            if attempt + 1 == REBUILD_ATTEMPTS or getattr(exc.__cause__, "sqlstate", None) != DEADLOCK:
                raise
            logger.warning("receipt aggregates rebuild deadlocked, retrying", extra={"committee_id": committee.pk})
    return True


def _rows_missing(committee_id: int, first: dt.date, last: dt.date) -> bool:
    """Whether a contribution dated ``first``..``last`` has no ReceiptAggregate (two index range counts)."""
    sql = """
SELECT (SELECT COUNT(*) FROM donations_contribution WHERE committee_id = %s AND date_received >= %s
          AND date_received <= %s)
     - (SELECT COUNT(*) FROM donations_receiptaggregate WHERE committee_id = %s AND date_received >= %s
          AND date_received <= %s)"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [committee_id, first, last] * 2)
        (missing,) = cursor.fetchone()
    return bool(missing)


@dataclass
class _Pending:
    committee: Committee
    donors: set[int] = field(default_factory=set)
    conduits: set[int] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None


_deferred: contextvars.ContextVar[_Pending | None] = contextvars.ContextVar("aggregates_deferred", default=None)


@contextmanager
def receipt_aggregates_deferred(*, committee: Committee) -> Iterator[None]:
    """Inside one import's transaction: the writers' refreshes for ``committee`` are collected and run once when the
    block ends (one statement for every contributor touched, over the days touched), not once per row. Nothing is
    run when the block raises: its transaction is rolled back."""
    pending = _Pending(committee=committee)
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    if pending.first is not None:
        receipt_aggregates_refresh(
            committee=committee,
            donor_ids=pending.donors,
            first=pending.first,
            last=pending.last,
            conduit_ids=pending.conduits,
        )


def receipt_aggregates_record(
    *, committee: Committee, donor_id: int, on: dt.date, conduit_id: int | None = None
) -> int:
    """After one receipt or refund dated ``on`` was written for ``donor_id`` (through ``conduit_id``, if earmarked):
    the contributor's window holding that day, and the conduit's (later, inside ``receipt_aggregates_deferred``)."""
    pending = _deferred.get()
    if pending is not None and pending.committee.pk == committee.pk:
        pending.donors.add(donor_id)
        if conduit_id is not None:
            pending.conduits.add(conduit_id)
        pending.first = on if pending.first is None else min(pending.first, on)
        pending.last = on if pending.last is None else max(pending.last, on)
        return 0
    return receipt_aggregates_refresh(committee=committee, donor_ids=[donor_id], first=on, conduit_ids=[conduit_id])


def receipt_aggregates_refresh_donor(*, committee: Committee, donor_id: int) -> int:
    """Every window of one contributor (after a merge moved receipts and refunds to them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT MIN(d), MAX(d) FROM (SELECT date_received AS d FROM donations_contribution WHERE committee_id = %s"
            " AND donor_id = %s UNION ALL SELECT date_refunded FROM donations_refund WHERE committee_id = %s"
            " AND donor_id = %s) t",
            [committee.pk, donor_id] * 2,
        )
        low, high = cursor.fetchone()
    if low is None:
        return 0
    return receipt_aggregates_refresh(
        committee=committee, donor_ids=[donor_id], first=_as_date(low), last=_as_date(high)
    )
