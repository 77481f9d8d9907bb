"""Warnings (never blocks) a report carries about the books behind it."""

from __future__ import annotations

import datetime as dt

from committees.models import Committee
from compliance.books.reconciliation import period_reconciled


def reconciliation_warnings(*, committee: Committee, through: dt.date) -> list[str]:
    """A report whose closing day is not covered by a reconciled bank statement says so: the treasurer signs
    cash on hand (11 CFR 104.14(d): the treasurer keeps the records and reconciles them with the bank)."""
    if period_reconciled(committee=committee, through=through):
        return []
    return [
        f"Cash on hand on {through:%m/%d/%Y} is not reconciled with a bank statement: import the statement "
        "(import_bank_statement) and resolve its unmatched items before signing."
    ]
