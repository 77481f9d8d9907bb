"""In-kind contributions (11 CFR 104.13(a)): the goods or services received are reported as a contribution on
Schedule A and, as their use, as a memo expenditure on Schedule B (memo entries never count in the totals). The
memo disbursement back-references the receipt, as FECfile+'s IN_KIND_OUT does."""

from __future__ import annotations

from compliance.reports.lines import FormLines
from compliance.reports.queries import Window, _fetchall


def in_kind_references(*, window: Window, lines: FormLines) -> dict[int, tuple[str, str]]:
    """In-kind memo disbursement id -> (transaction id, SA form type) of the receipt it mirrors, for the period."""
    sql = """
SELECT x.id, c.transaction_id, c.receipt_type FROM compliance_disbursement x
JOIN donations_contribution c ON c.id = x.in_kind_of_id
WHERE x.committee_id = %s AND x.date_disbursed >= %s AND x.date_disbursed <= %s AND x.in_kind_of_id IS NOT NULL"""
    params = [window.committee_id, window.coverage_from, window.coverage_through]
    return {pk: (tid, lines.receipts.get(kind, lines.receipts["other"])[0]) for pk, tid, kind in _fetchall(sql, params)}
