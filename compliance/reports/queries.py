"""Set-based SQL for reports: running aggregates, itemization and totals computed in the database.

Everything here is plain SQL that PostgreSQL and SQLite both run (window functions, CTEs, UNION ALL). Money
is summed as integer cents (``CAST(ROUND(amount * 100) AS BIGINT)``), so totals are exact on both engines.
Schedule rows are read through a server-side cursor (``connection.chunked_cursor()``: a named cursor on
PostgreSQL), ``fetchmany`` at a time: memory stays flat however many rows a report has. Each is handed on as
a named row (:mod:`compliance.reports.rows`): the SELECT list is generated from the row type's fields, each
field naming its SQL expression, so a column can never land in the wrong field.

How a contributor's aggregate is computed (11 CFR 104.3(a)(4), 104.8): every receipt and contribution refund
of the committee from the start of the aggregation window (election cycle for F3/F3P, calendar year for
F3X) to the end of the period, per donor, in date order (receipts before refunds on the same day, then by
id); refunds count negatively, memo entries count zero (except redesignation/reattribution TO (+) and FROM (-)
rows, which move money between elections or contributors). A receipt is itemized when it is not an individual
contribution (committee, candidate, transfer, loan, offset, other receipts are always itemized), or when the
donor's running aggregate has exceeded $200.00 at or before it in the window (``peak``): the gift that
crosses the line and every later gift, even after a refund takes the total back under $200.

Those aggregates are kept at write time (donations.services.aggregates, the rule's one definition in SQL):
when the window says ``kept`` (the build checked they are current, compliance.reports.kept), the itemized
receipts and totals read them, an index range over the period. Otherwise (and as the reference the property test
compares the kept rows with) the CTE chain below recomputes them over the window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from compliance.reports.lines import LOAN_RECEIPT_TYPES, LOAN_REPAYMENT_KINDS, REFUND_CLASS_OF_RECEIPT, FormLines
from compliance.reports.rows import DISBURSEMENT, REFUND, DisbursementRow, LoanRow, ReceiptRow, field_names
from donations.services.aggregates import ALWAYS_ITEMIZED, CENTS, RECEIPT_AGG_CENTS, THRESHOLD_CENTS
from fundraising.db_reads import read_connection as connection  # the replica inside a read session

FETCH = 5000
_T = TypeVar("_T")


@dataclass(frozen=True)
class Window:
    """The dates one report looks at: its period, and where aggregates and column B start."""

    committee_id: int
    coverage_from: dt.date
    coverage_through: dt.date
    aggregation_from: dt.date
    cycle_break: dt.date | None = None
    """First day of a new election cycle inside the period (a post-general report): aggregates restart there."""
    kept: bool = False
    """The kept aggregates (donations.ReceiptAggregate) are current for this window: read them."""

    def partition(self) -> str:
        """The window partition for per-contributor aggregates: the donor, and the cycle when one starts inside
        the period (the date is ours, never user input, so it is written into the SQL as a literal)."""
        if self.cycle_break is None:
            return "donor_id"
        return f"donor_id, CASE WHEN d >= '{self.cycle_break.isoformat()}' THEN 1 ELSE 0 END"

    def refund_counts(self) -> str:
        """SQL condition on a refund ``r`` of the gift ``rc``: the refund lowers an aggregate only in the window
        its gift was received in. A refund of a prior year's (F3X) or prior cycle's (F3, F3P) contribution is not
        counted in the current aggregate (FEC, refunds of contributions: the refund is disclosed, the current
        period's aggregate is not reduced). Dates are ours, written as literals like ``partition``."""
        condition = f"rc.date_received >= '{self.aggregation_from.isoformat()}'"
        if self.cycle_break is not None:
            day = self.cycle_break.isoformat()
            condition += f" AND NOT (r.date_refunded >= '{day}' AND rc.date_received < '{day}')"
        return condition


def _receipt_cte(
    *,
    conduit_totals: bool,
    donors_with_refunds_only: bool = False,
    partition: str = "donor_id",
    refund_counts: str = "TRUE",
) -> str:
    """The CTE chain [ca ->] hot -> tx -> ag -> pw -> pk (params: ``_cte_params``, same flags).

    ``hot``: the donors whose running aggregate needs computing: those whose positive receipts in the window
    add up to $200.00 or more (the running aggregate never exceeds that sum, so every other donor's
    individual gifts stay unitemized; ``>=`` on the plain amounts keeps a margin for SQLite's float sums),
    or who have a receipt that is itemized whatever its aggregate (not an individual contribution, or a
    memo entry). Only their rows go through the window sort (most of the cost of a report): most donors of
    a campaign give small amounts and never reach $200.
    ``ca``: running totals per conduit of the earmarked receipts (``pk.conduit_agg``, the conduit memo's
    aggregate; 0 without ``conduit_totals``)."""
    donor_filter = ""
    if donors_with_refunds_only:
        donor_filter = (
            " AND c.donor_id IN (SELECT r2.donor_id FROM donations_refund r2 WHERE r2.committee_id = %s"
            " AND r2.date_refunded >= %s AND r2.date_refunded <= %s)"
        )
    cents = CENTS.format(col="c.amount")
    conduit_cte, conduit_col, conduit_join = "", "0 AS conduit_agg", ""
    if conduit_totals:
        by_conduit = partition.replace("donor_id", "c.conduit_id").replace(" d ", " c.date_received ")
        conduit_cte = f"""
ca AS (
    SELECT c.id AS id,
           SUM(CASE WHEN c.is_memo THEN 0 ELSE {cents} END) OVER (
               PARTITION BY {by_conduit} ORDER BY c.date_received, c.id ROWS UNBOUNDED PRECEDING) AS conduit_agg
    FROM donations_contribution c
    WHERE c.committee_id = %s AND c.date_received >= %s AND c.date_received <= %s AND c.conduit_id IS NOT NULL
),"""
        conduit_col = "COALESCE(ca.conduit_agg, 0) AS conduit_agg"
        conduit_join = " LEFT JOIN ca ON ca.id = pw.id AND pw.ord = 0"
    return f"""
WITH{conduit_cte}
hot AS (
    SELECT c.donor_id AS donor_id
    FROM donations_contribution c
    WHERE c.committee_id = %s AND c.date_received >= %s AND c.date_received <= %s{donor_filter}
    GROUP BY c.donor_id
    HAVING SUM(CASE WHEN c.is_memo OR c.amount <= 0 THEN 0 ELSE c.amount END) >= {THRESHOLD_CENTS // 100}
        OR MAX(CASE WHEN {ALWAYS_ITEMIZED} THEN 1 ELSE 0 END) = 1
),
tx AS (
    SELECT c.id AS id, c.donor_id AS donor_id, c.date_received AS d, 0 AS ord,
           {RECEIPT_AGG_CENTS} AS agg_cents,
           c.receipt_type AS kind, c.is_memo AS memo
    FROM donations_contribution c
    WHERE c.committee_id = %s AND c.date_received >= %s AND c.date_received <= %s
      AND c.donor_id IN (SELECT donor_id FROM hot)
    UNION ALL
    SELECT r.id, r.donor_id, r.date_refunded, 1, -{CENTS.format(col="r.amount")}, '', FALSE
    FROM donations_refund r JOIN donations_contribution rc ON rc.id = r.contribution_id
    WHERE r.committee_id = %s AND r.date_refunded >= %s AND r.date_refunded <= %s
      AND r.donor_id IN (SELECT donor_id FROM hot) AND {refund_counts}
),
ag AS (
    SELECT tx.*,
           SUM(agg_cents) OVER (PARTITION BY {partition} ORDER BY d, ord, id ROWS UNBOUNDED PRECEDING) AS agg
    FROM tx
),
pw AS (
    SELECT ag.*, MAX(agg) OVER (PARTITION BY {partition} ORDER BY d, ord, id ROWS UNBOUNDED PRECEDING) AS peak
    FROM ag
),
pk AS (
    SELECT pw.*, {conduit_col} FROM pw{conduit_join}
)"""


def _cte_params(window: Window, *, donors_with_refunds_only: bool = False, conduit_totals: bool = False) -> list[Any]:
    base = [window.committee_id, window.aggregation_from, window.coverage_through]
    extra = [window.committee_id, window.coverage_from, window.coverage_through] if donors_with_refunds_only else []
    return [*(base if conduit_totals else []), *base, *extra, *base, *base]


_ITEMIZED_PK = f"(pk.kind <> 'individual' OR pk.memo OR pk.peak > {THRESHOLD_CENTS})"
"""Whether a ``pk`` row (a receipt of a ``hot`` donor) is itemized, without joining the contribution back."""


def _rank(column: str, ranks: dict[str, int]) -> str:
    whens = " ".join(f"WHEN '{key}' THEN {rank}" for key, rank in ranks.items())
    return f"CASE {column} {whens} ELSE 99 END"


def _receipt_ranks(lines: FormLines) -> dict[str, int]:
    order = lines.sa_order()
    return {kind: order.index(form_type) for kind, (form_type, _) in lines.receipts.items()}


def _disbursement_ranks(lines: FormLines) -> dict[str, int]:
    order = lines.sb_order()
    return {kind: order.index(form_type) for kind, (form_type, _) in lines.disbursements.items()}


def _columns(row_type: type, expressions: Mapping[str, _T]) -> list[_T]:
    """The SQL expressions of ``row_type``'s fields, in field order; every field named exactly once."""
    names = field_names(row_type)
    if set(names) != set(expressions) or len(names) != len(expressions):
        raise TypeError(f"{row_type.__name__}: the SQL names {sorted(expressions)}, the row has {sorted(names)}")
    return [expressions[name] for name in names]


def _receipt_columns(*, aggregate: str, conduit_aggregate: str) -> list[str]:
    return _columns(
        ReceiptRow,
        {
            "transaction_id": "c.transaction_id",
            "receipt_type": "c.receipt_type",
            "entity_type": "dn.entity_type",
            "organization_name": "dn.organization_name",
            "last_name": "dn.last_name",
            "first_name": "dn.first_name",
            "middle_name": "dn.middle_name",
            "prefix": "dn.prefix",
            "suffix": "dn.suffix",
            "street_1": "dn.street_1",
            "street_2": "dn.street_2",
            "city": "dn.city",
            "state": "dn.state",
            "zip_code": "dn.zip_code",
            "election_code": "e.code",
            "date_received": "c.date_received",
            "cents": CENTS.format(col="c.amount"),
            "aggregate_cents": aggregate,
            "purpose": "c.purpose",
            "employer": "dn.employer",
            "occupation": "dn.occupation",
            "committee_fec_id": "dn.committee_fec_id",
            "is_memo": "c.is_memo",
            "memo_text": "c.memo_text",
            "conduit_name": "cd.name",
            "conduit_street_1": "cd.street_1",
            "conduit_street_2": "cd.street_2",
            "conduit_city": "cd.city",
            "conduit_state": "cd.state",
            "conduit_zip_code": "cd.zip_code",
            "conduit_fec_id": "cd.fec_id",
            "conduit_received_date": "c.conduit_received_date",
            "conduit_aggregate_cents": conduit_aggregate,
            "memo_back_reference": "c.memo_back_reference",
            "original_date": "c.original_date",
        },
    )


RECEIPT_COLUMNS = _receipt_columns(aggregate="pk.agg", conduit_aggregate="pk.conduit_agg")
"""The SELECT list of an itemized-receipt row, in ``ReceiptRow`` field order (aggregates recomputed)."""
KEPT_RECEIPT_COLUMNS = _receipt_columns(
    aggregate=CENTS.format(col="s.aggregate"),
    conduit_aggregate=f"COALESCE({CENTS.format(col='s.conduit_aggregate')}, 0)",
)
"""The same, with the kept aggregates (``s``: donations_receiptaggregate)."""


def itemized_receipt_rows(*, window: Window, lines: FormLines) -> Iterator[ReceiptRow]:
    """The period's itemized receipts, in line order, then date, then id."""
    sql, params = itemized_receipt_sql(window=window, lines=lines)
    yield from map(ReceiptRow.from_row, _stream(sql, params))


def itemized_receipt_sql(*, window: Window, lines: FormLines) -> tuple[str, list[Any]]:
    """The SQL and parameters of :func:`itemized_receipt_rows` (one self-contained statement)."""
    if window.kept:
        sql = f"""
SELECT {", ".join(KEPT_RECEIPT_COLUMNS)}
FROM donations_receiptaggregate s
JOIN donations_contribution c ON c.id = s.contribution_id
JOIN donations_donor dn ON dn.id = c.donor_id
LEFT JOIN compliance_election e ON e.id = c.election_id
LEFT JOIN compliance_conduit cd ON cd.id = c.conduit_id
WHERE s.committee_id = %s AND s.itemized AND s.date_received >= %s AND s.date_received <= %s
ORDER BY {_rank("c.receipt_type", _receipt_ranks(lines))}, s.date_received, s.contribution_id"""
        return sql, [window.committee_id, window.coverage_from, window.coverage_through]
    sql = f"""{_receipt_cte(conduit_totals=True, partition=window.partition(), refund_counts=window.refund_counts())}
SELECT {", ".join(RECEIPT_COLUMNS)}
FROM pk
JOIN donations_contribution c ON c.id = pk.id
JOIN donations_donor dn ON dn.id = c.donor_id
LEFT JOIN compliance_election e ON e.id = c.election_id
LEFT JOIN compliance_conduit cd ON cd.id = c.conduit_id
WHERE pk.ord = 0 AND pk.d >= %s AND {_ITEMIZED_PK}
ORDER BY {_rank("c.receipt_type", _receipt_ranks(lines))}, pk.d, pk.id"""
    return sql, [*_cte_params(window, conduit_totals=True), window.coverage_from]


def recomputed_aggregates(*, window: Window) -> dict[int, tuple[int, bool, int]]:
    """contribution id -> (aggregate cents, itemized, conduit aggregate cents) recomputed over ``window``, for the
    contributors the builder sorts (``hot``); the reference the kept aggregates are checked against."""
    cte = _receipt_cte(conduit_totals=True, partition=window.partition(), refund_counts=window.refund_counts())
    sql = f"""{cte}
SELECT pk.id, pk.agg, CASE WHEN {_ITEMIZED_PK} THEN 1 ELSE 0 END, pk.conduit_agg FROM pk WHERE pk.ord = 0"""
    rows = _fetchall(sql, _cte_params(window, conduit_totals=True))
    return {pk: (int(agg), bool(itemized), int(conduit)) for pk, agg, itemized, conduit in rows}


def receipt_totals(*, window: Window) -> list[tuple[str, bool, int, int]]:
    """(receipt type, itemized, cents in the period, cents from the window start), memo entries excluded.

    Itemized totals come from the running aggregates of the ``hot`` donors (see :func:`_receipt_cte`): every
    itemized receipt is theirs. The unitemized totals are the plain totals per receipt type minus those.
    With kept aggregates: one GROUP BY over the kept rows (the ``receipt_agg_period`` covering index)."""
    if window.kept:  # one scan of the kept rows' covering index: itemized and not, per receipt type
        sql = f"""
SELECT s.receipt_type, CASE WHEN s.itemized THEN 1 ELSE 0 END, COUNT(*),
       SUM(CASE WHEN s.date_received >= %s THEN {CENTS.format(col="s.amount")} ELSE 0 END),
       SUM({CENTS.format(col="s.amount")})
FROM donations_receiptaggregate s
WHERE s.committee_id = %s AND s.date_received >= %s AND s.date_received <= %s AND NOT s.is_memo
GROUP BY s.receipt_type, CASE WHEN s.itemized THEN 1 ELSE 0 END"""
        params = [window.coverage_from, window.committee_id, window.aggregation_from, window.coverage_through]
        out = []
        for kind, is_itemized, _count, period, to_date in sorted(_fetchall(sql, params), key=lambda r: (r[0], -r[1])):
            out.append((kind, bool(is_itemized), int(period or 0), int(to_date or 0)))
        return out
    cte = _receipt_cte(conduit_totals=False, partition=window.partition(), refund_counts=window.refund_counts())
    itemized_sql = f"""{cte}
SELECT pk.kind, 1, COUNT(*), SUM(CASE WHEN pk.d >= %s THEN pk.agg_cents ELSE 0 END), SUM(pk.agg_cents)
FROM pk
WHERE pk.ord = 0 AND NOT pk.memo AND {_ITEMIZED_PK}
GROUP BY pk.kind"""
    itemized_params = [*_cte_params(window), window.coverage_from]
    sql = f"""{itemized_sql}
UNION ALL
SELECT c.receipt_type, 0, COUNT(*),
       SUM(CASE WHEN c.date_received >= %s THEN {CENTS.format(col="c.amount")} ELSE 0 END),
       SUM({CENTS.format(col="c.amount")})
FROM donations_contribution c
WHERE c.committee_id = %s AND c.date_received >= %s AND c.date_received <= %s AND NOT c.is_memo
GROUP BY c.receipt_type"""
    base = [window.committee_id, window.aggregation_from, window.coverage_through]
    params = [*itemized_params, window.coverage_from, *base]
    itemized: dict[str, tuple[int, int, int]] = {}
    every: dict[str, tuple[int, int, int]] = {}
    for kind, is_itemized, count, period, to_date in _fetchall(sql, params):
        (itemized if is_itemized else every)[kind] = (int(count), int(period or 0), int(to_date or 0))
    out = []
    for kind in sorted(every):
        count, period, to_date = every[kind]
        i_count, i_period, i_to_date = itemized.get(kind, (0, 0, 0))
        if i_count:
            out.append((kind, True, i_period, i_to_date))
        if count > i_count:
            out.append((kind, False, period - i_period, to_date - i_to_date))
    return out


def refund_back_references(*, window: Window, lines: FormLines) -> dict[int, tuple[str, str]]:
    """refund id -> (transaction id, SA form type) of the gift it refunds, when that gift is itemized in this
    report. Only donors with a refund in the period are looked at, so this stays small."""
    if window.kept:
        sql = """
SELECT r.id, c.transaction_id, c.receipt_type
FROM donations_refund r
JOIN donations_receiptaggregate s ON s.contribution_id = r.contribution_id
JOIN donations_contribution c ON c.id = r.contribution_id
WHERE r.committee_id = %s AND r.date_refunded >= %s AND r.date_refunded <= %s
  AND s.itemized AND s.date_received >= %s AND s.date_received <= %s"""
        params = [window.committee_id, window.coverage_from, window.coverage_through, window.coverage_from]
        return _back_references(sql, [*params, window.coverage_through], lines)
    cte = _receipt_cte(
        conduit_totals=False,
        donors_with_refunds_only=True,
        partition=window.partition(),
        refund_counts=window.refund_counts(),
    )
    sql = f"""{cte}
SELECT r.id, c.transaction_id, c.receipt_type
FROM donations_refund r
JOIN pk ON pk.id = r.contribution_id AND pk.ord = 0
JOIN donations_contribution c ON c.id = r.contribution_id
WHERE r.committee_id = %s AND r.date_refunded >= %s AND r.date_refunded <= %s
  AND pk.d >= %s AND {_ITEMIZED_PK}"""
    params = [
        *_cte_params(window, donors_with_refunds_only=True),
        window.committee_id,
        window.coverage_from,
        window.coverage_through,
        window.coverage_from,
    ]
    return _back_references(sql, params, lines)


def _back_references(sql: str, params: list[Any], lines: FormLines) -> dict[int, tuple[str, str]]:
    return {
        refund_id: (tid, lines.receipts.get(kind, lines.receipts["other"])[0])
        for refund_id, tid, kind in _fetchall(sql, params)
    }


def _refund_class_sql(column: str) -> str:
    whens = " ".join(f"WHEN '{kind}' THEN '{cls}'" for kind, cls in REFUND_CLASS_OF_RECEIPT.items())
    return f"CASE {column} {whens} ELSE 'refund_other' END"


_DISBURSEMENT_SOURCES = _columns(
    DisbursementRow,
    {  # field: (from compliance_disbursement x, from donations_refund r)
        "source": (str(DISBURSEMENT), str(REFUND)),
        "pk": ("x.id", "r.id"),
        "line_class": ("x.kind", _refund_class_sql("c.receipt_type")),
        "transaction_id": ("x.transaction_id", "r.transaction_id"),
        "entity_type": ("x.entity_type", "dn.entity_type"),
        "organization_name": ("x.organization_name", "dn.organization_name"),
        "last_name": ("x.last_name", "dn.last_name"),
        "first_name": ("x.first_name", "dn.first_name"),
        "middle_name": ("x.middle_name", "dn.middle_name"),
        "prefix": ("x.prefix", "dn.prefix"),
        "suffix": ("x.suffix", "dn.suffix"),
        "street_1": ("x.street_1", "dn.street_1"),
        "street_2": ("x.street_2", "dn.street_2"),
        "city": ("x.city", "dn.city"),
        "state": ("x.state", "dn.state"),
        "zip_code": ("x.zip_code", "dn.zip_code"),
        "election_code": ("e.code", "e.code"),
        "date_paid": ("x.date_disbursed", "r.date_refunded"),
        "cents": (CENTS.format(col="x.amount"), CENTS.format(col="r.amount")),
        "purpose": ("x.purpose", "''"),
        "category_code": ("x.category_code", "''"),
        "committee_fec_id": ("x.committee_fec_id", "dn.committee_fec_id"),
        "is_memo": ("x.is_memo", "c.is_memo"),
        "memo_text": ("x.memo_text", "''"),
        "candidate_fec_id": ("x.beneficiary_candidate_fec_id", "''"),
        "candidate_last_name": ("x.beneficiary_candidate_last_name", "''"),
        "candidate_first_name": ("x.beneficiary_candidate_first_name", "''"),
        "candidate_office": ("x.beneficiary_candidate_office", "''"),
        "candidate_state": ("x.beneficiary_candidate_state", "''"),
        "candidate_district": ("x.beneficiary_candidate_district", "''"),
        "refund_kind": ("''", "r.kind"),
    },
)
"""Per ``DisbursementRow`` field, in field order: its expression in each branch of the UNION."""


def disbursement_rows(*, window: Window, lines: FormLines) -> Iterator[DisbursementRow]:
    """Every disbursement and contribution refund dated in the period (all itemized), in line order."""
    names = field_names(DisbursementRow)
    disbursed = ", ".join(f"{x} AS {name}" for name, (x, _) in zip(names, _DISBURSEMENT_SOURCES, strict=True))
    refunded = ", ".join(r for _, r in _DISBURSEMENT_SOURCES)
    sql = f"""
SELECT {", ".join(f"sb.{name}" for name in names)} FROM (
    SELECT {disbursed}
    FROM compliance_disbursement x
    LEFT JOIN compliance_election e ON e.id = x.election_id
    WHERE x.committee_id = %s AND x.date_disbursed >= %s AND x.date_disbursed <= %s
    UNION ALL
    SELECT {refunded}
    FROM donations_refund r
    JOIN donations_contribution c ON c.id = r.contribution_id
    JOIN donations_donor dn ON dn.id = r.donor_id
    LEFT JOIN compliance_election e ON e.id = c.election_id
    WHERE r.committee_id = %s AND r.date_refunded >= %s AND r.date_refunded <= %s
) sb
ORDER BY {_rank("sb.line_class", _disbursement_ranks(lines))}, sb.date_paid, sb.source, sb.pk"""
    params = [window.committee_id, window.coverage_from, window.coverage_through] * 2
    yield from map(DisbursementRow.from_row, _stream(sql, params))


def disbursement_totals(*, committee_id: int, since: dt.date, coverage_from: dt.date, through: dt.date) -> dict:
    """kind or refund class -> (cents in the period, cents since ``since``), memo entries excluded."""
    sql = f"""
SELECT cls, SUM(CASE WHEN d >= %s THEN cents ELSE 0 END), SUM(cents) FROM (
    SELECT x.kind AS cls, x.date_disbursed AS d, {CENTS.format(col="x.amount")} AS cents
    FROM compliance_disbursement x
    WHERE x.committee_id = %s AND x.date_disbursed >= %s AND x.date_disbursed <= %s AND NOT x.is_memo
    UNION ALL
    SELECT {_refund_class_sql("c.receipt_type")}, r.date_refunded, {CENTS.format(col="r.amount")}
    FROM donations_refund r JOIN donations_contribution c ON c.id = r.contribution_id
    WHERE r.committee_id = %s AND r.date_refunded >= %s AND r.date_refunded <= %s AND NOT c.is_memo
) t GROUP BY cls"""
    params = [coverage_from, committee_id, since, through, committee_id, since, through]
    return {cls: (int(period or 0), int(to_date or 0)) for cls, period, to_date in _fetchall(sql, params)}


def _repaid_sql(date_test: str) -> str:
    """Cents repaid on loan ``c`` by the non-memo loan repayments whose date passes ``date_test``."""
    kinds = ", ".join(f"'{k}'" for k in LOAN_REPAYMENT_KINDS)  # our constants, not user input
    return (
        f"COALESCE((SELECT SUM({CENTS.format(col='x.amount')}) FROM compliance_disbursement x WHERE x.loan_id = c.id"
        f" AND NOT x.is_memo AND x.kind IN ({kinds}) AND x.date_disbursed {date_test}), 0)"
    )


_LOAN_COLUMNS = _columns(
    LoanRow,
    {
        "transaction_id": "c.transaction_id",
        "receipt_type": "c.receipt_type",
        "entity_type": "dn.entity_type",
        "organization_name": "dn.organization_name",
        "last_name": "dn.last_name",
        "first_name": "dn.first_name",
        "middle_name": "dn.middle_name",
        "prefix": "dn.prefix",
        "suffix": "dn.suffix",
        "street_1": "dn.street_1",
        "street_2": "dn.street_2",
        "city": "dn.city",
        "state": "dn.state",
        "zip_code": "dn.zip_code",
        "committee_fec_id": "dn.committee_fec_id",
        "election_code": "e.code",
        "date_received": "c.date_received",
        "cents": CENTS.format(col="c.amount"),
        "repaid_cents": _repaid_sql("<= %s"),  # by the end of the period
        "repaid_before_cents": _repaid_sql("< %s"),  # before its start
        "due_date": "t.due_date",
        "interest_rate": "t.interest_rate",
        "secured": "t.secured",
    },
)


def loan_rows(*, window: Window) -> list[LoanRow]:
    """Loans the committee owes on this report's Schedule C: every non-memo loan receipt dated up to the end
    of the period that was received in the period or still had a balance at its start, with the cents repaid
    by the end of the period and before its start. Repayments are the non-memo loan-repayment disbursements
    linked to the loan (``Disbursement.loan``)."""
    names = field_names(LoanRow)
    types = ", ".join(f"'{k}'" for k in LOAN_RECEIPT_TYPES)
    select = ",\n           ".join(f"{sql} AS {name}" for name, sql in zip(names, _LOAN_COLUMNS, strict=True))
    sql = f"""
SELECT {", ".join(f"loans.{name}" for name in names)} FROM (
    SELECT {select}
    FROM donations_contribution c
    JOIN donations_donor dn ON dn.id = c.donor_id
    LEFT JOIN compliance_election e ON e.id = c.election_id
    LEFT JOIN compliance_loanterms t ON t.contribution_id = c.id
    WHERE c.committee_id = %s AND c.receipt_type IN ({types}) AND NOT c.is_memo AND c.date_received <= %s
) loans
WHERE loans.date_received >= %s OR loans.cents > loans.repaid_before_cents
ORDER BY loans.date_received, loans.transaction_id"""
    params = [
        window.coverage_through,
        window.coverage_from,
        window.committee_id,
        window.coverage_through,
        window.coverage_from,
    ]
    return [LoanRow.from_row(row) for row in _fetchall(sql, params)]


def loan_repayment_references(*, window: Window) -> dict[int, str]:
    """Loan-repayment disbursement id -> transaction id of the loan it repays, for the period's repayments."""
    kinds = ", ".join(f"'{k}'" for k in LOAN_REPAYMENT_KINDS)
    sql = f"""
SELECT x.id, c.transaction_id FROM compliance_disbursement x JOIN donations_contribution c ON c.id = x.loan_id
WHERE x.committee_id = %s AND x.date_disbursed >= %s AND x.date_disbursed <= %s AND x.kind IN ({kinds})"""
    params = [window.committee_id, window.coverage_from, window.coverage_through]
    return dict(_fetchall(sql, params))


def loan_balance_cents(rows: Sequence[LoanRow]) -> int:
    """Total outstanding at the end of the period of ``loan_rows`` (summary line 10 / F3P line 12)."""
    return sum(max(0, row.balance_cents) for row in rows)


def net_cash_cents(*, committee_id: int, start: dt.date | None, end: dt.date) -> int:
    """Receipts minus refunds minus disbursements and independent expenditures (current versions, by dissemination
    date) dated start..end inclusive (memo entries excluded)."""
    lower = "" if start is None else " AND {col} >= %s"
    sql = f"""
SELECT
  (SELECT COALESCE(SUM({CENTS.format(col="c.amount")}), 0) FROM donations_contribution c
    WHERE c.committee_id = %s AND NOT c.is_memo AND c.date_received <= %s{lower.format(col="c.date_received")})
 - (SELECT COALESCE(SUM({CENTS.format(col="r.amount")}), 0) FROM donations_refund r
    WHERE r.committee_id = %s AND r.date_refunded <= %s{lower.format(col="r.date_refunded")})
 - (SELECT COALESCE(SUM({CENTS.format(col="x.amount")}), 0) FROM compliance_disbursement x
    WHERE x.committee_id = %s AND NOT x.is_memo AND x.date_disbursed <= %s{lower.format(col="x.date_disbursed")})
 - (SELECT COALESCE(SUM({CENTS.format(col="i.amount")}), 0) FROM compliance_independentexpenditure i
    WHERE i.committee_id = %s AND NOT i.is_memo AND i.dissemination_date <= %s{lower.format(col="i.dissemination_date")}
    AND NOT EXISTS (SELECT 1 FROM compliance_independentexpenditure n WHERE n.corrects_id = i.id))"""
    one = [committee_id, end] + ([] if start is None else [start])
    ((value,),) = _fetchall(sql, one * 4)
    return int(value or 0)


def period_row_estimate(*, window: Window) -> int:
    """Upper bound of the records a report writes (for progress): every transaction dated in the period."""
    sql = """
SELECT (SELECT COUNT(*) FROM donations_contribution WHERE committee_id = %s AND date_received >= %s
          AND date_received <= %s)
     + (SELECT COUNT(*) FROM donations_refund WHERE committee_id = %s AND date_refunded >= %s AND date_refunded <= %s)
     + (SELECT COUNT(*) FROM compliance_disbursement WHERE committee_id = %s AND date_disbursed >= %s
          AND date_disbursed <= %s)"""
    ((value,),) = _fetchall(sql, [window.committee_id, window.coverage_from, window.coverage_through] * 3)
    return int(value or 0)


SESSION_SETTINGS = {"work_mem": "256MB", "jit": "off"}
"""PostgreSQL settings while a report is built: the window sorts and hash aggregates of a big report fit in
memory instead of spilling to disk, and JIT compilation (100-300 ms per statement) does not pay off."""


@contextmanager
def tuned_session() -> Iterator[None]:
    """``SESSION_SETTINGS`` for the duration of a build (PostgreSQL only), the previous values restored after
    (connections are pooled and reused)."""
    if connection.vendor != "postgresql":
        yield
        return
    saved: dict[str, str] = {}
    with connection.cursor() as cursor:
        for name, value in SESSION_SETTINGS.items():
            cursor.execute("SELECT current_setting(%s), set_config(%s, %s, false)", [name, name, value])
            saved[name] = cursor.fetchone()[0]
    try:
        yield
    finally:
        if connection.connection is not None and not connection.needs_rollback:
            with connection.cursor() as cursor:
                for name, value in saved.items():
                    cursor.execute("SELECT set_config(%s, %s, false)", [name, value])


def _fetchall(sql: str, params: Sequence[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _stream(sql: str, params: Sequence[Any]) -> Iterator[tuple]:
    """Rows through a server-side cursor (PostgreSQL) or a plain cursor (SQLite), ``FETCH`` at a time."""
    connection.ensure_connection()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(FETCH)
            if not rows:
                return
            yield from rows


def cents_to_decimal(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)
