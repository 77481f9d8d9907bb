"""Named rows from the report queries to the schedule builders: one frozen dataclass per query.

:mod:`compliance.reports.queries` selects the columns in the order of these fields (it names each field's SQL
expression) and builds one row per cursor row; :mod:`compliance.reports.schedules` reads the fields by name.
Values are as the database returns them: amounts in integer cents, ``None`` for an outer join that found
nothing; dates are ``datetime.date`` on PostgreSQL and ISO text on SQLite (``Day``), booleans 0/1 on SQLite."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any, ClassVar, TypeVar

Day = dt.date | str
"""A date as the database returns it: ``datetime.date`` (PostgreSQL), ISO text (SQLite)."""

_Row = TypeVar("_Row")


def field_names(row_type: type) -> tuple[str, ...]:
    """The row type's fields, in the order the query selects them."""
    return tuple(f.name for f in fields(row_type))


def _from_row(cls: type[_Row]) -> type[_Row]:
    """Give a frozen, slotted row class ``from_row(cursor_row)``: the same instance as ``cls(*cursor_row)``, built
    in about half the time. dataclasses' frozen ``__init__`` calls ``object.__setattr__(self, "name", value)`` per
    field; this unpacks the row (a wrong column count fails) and writes each slot through its descriptor. The hot
    path of a report builds one row per itemized transaction; instances stay immutable."""
    names = field_names(cls)
    namespace: dict[str, Any] = {f"_set_{name}": getattr(cls, name).__set__ for name in names}
    namespace |= {"_new": object.__new__, "_cls": cls}
    body = "".join(f"    _set_{name}(self, {name})\n" for name in names)
    source = f"def from_row(row):\n    ({', '.join(names)},) = row\n    self = _new(_cls)\n{body}    return self\n"
    exec(compile(source, f"<{cls.__name__}.from_row>", "exec"), namespace)  # noqa: S102 (our field names only)
    cls.from_row = staticmethod(namespace["from_row"])  # type: ignore[attr-defined]
    return cls


@_from_row
@dataclass(frozen=True, slots=True)
class ReceiptRow:
    """An itemized receipt (Schedule A): the contribution, its donor, election and conduit, and the donor's and
    the conduit's running aggregates at this receipt (``queries.itemized_receipt_rows``)."""

    transaction_id: str
    receipt_type: str
    entity_type: str
    organization_name: str
    last_name: str
    first_name: str
    middle_name: str
    prefix: str
    suffix: str
    street_1: str
    street_2: str
    city: str
    state: str
    zip_code: str
    election_code: str | None
    date_received: Day
    cents: int
    aggregate_cents: int
    purpose: str
    employer: str
    occupation: str
    committee_fec_id: str
    is_memo: bool
    memo_text: str
    conduit_name: str | None
    conduit_street_1: str | None
    conduit_street_2: str | None
    conduit_city: str | None
    conduit_state: str | None
    conduit_zip_code: str | None
    conduit_fec_id: str | None
    conduit_received_date: Day | None
    conduit_aggregate_cents: int
    memo_back_reference: str
    original_date: Day | None

    from_row: ClassVar[Callable[[Sequence[Any]], ReceiptRow]]


DISBURSEMENT = 0
REFUND = 1
"""``DisbursementRow.source``: a compliance.Disbursement, or a donations.Refund (a contribution refund)."""


@_from_row
@dataclass(frozen=True, slots=True)
class DisbursementRow:
    """A Schedule B line: a disbursement or a contribution refund dated in the period
    (``queries.disbursement_rows``). A refund's payee is the donor; it has no purpose, category or beneficiary
    candidate of its own."""

    source: int
    pk: int
    line_class: str
    """Disbursement kind, or refund class (``lines.REFUND_CLASSES``): the key of ``FormLines.disbursements``."""
    transaction_id: str
    entity_type: str
    organization_name: str
    last_name: str
    first_name: str
    middle_name: str
    prefix: str
    suffix: str
    street_1: str
    street_2: str
    city: str
    state: str
    zip_code: str
    election_code: str | None
    date_paid: Day
    cents: int
    purpose: str
    category_code: str
    committee_fec_id: str
    is_memo: bool
    memo_text: str
    candidate_fec_id: str
    candidate_last_name: str
    candidate_first_name: str
    candidate_office: str
    candidate_state: str
    candidate_district: str
    refund_kind: str
    """``refund`` or ``dispute_lost`` for a refund; empty for a disbursement."""

    from_row: ClassVar[Callable[[Sequence[Any]], DisbursementRow]]


@_from_row
@dataclass(frozen=True, slots=True)
class LoanRow:
    """A loan the committee owes on this report's Schedule C, with what was repaid by the end of the period and
    before its start (``queries.loan_rows``)."""

    transaction_id: str
    receipt_type: str
    entity_type: str
    organization_name: str
    last_name: str
    first_name: str
    middle_name: str
    prefix: str
    suffix: str
    street_1: str
    street_2: str
    city: str
    state: str
    zip_code: str
    committee_fec_id: str
    election_code: str | None
    date_received: Day
    cents: int
    repaid_cents: int
    repaid_before_cents: int
    due_date: Day | None
    interest_rate: Decimal | None
    secured: bool | None

    from_row: ClassVar[Callable[[Sequence[Any]], LoanRow]]

    @property
    def balance_cents(self) -> int:
        """Outstanding at the end of the period."""
        return int(self.cents) - int(self.repaid_cents)


@_from_row
@dataclass(frozen=True, slots=True)
class DebtRow:
    """A debt on this report's Schedule D (``reports.debts.debt_rows``): what was incurred, and what was paid by the
    end of the period and before its start."""

    direction: str
    """``by`` (owed by the committee) or ``to`` (owed to it)."""
    transaction_id: str
    entity_type: str
    organization_name: str
    last_name: str
    first_name: str
    middle_name: str
    prefix: str
    suffix: str
    street_1: str
    street_2: str
    city: str
    state: str
    zip_code: str
    purpose: str
    date_incurred: Day
    cents: int
    paid_cents: int
    paid_before_cents: int
    adjusted_cents: int
    """Changes of the amount other than payments (signed) up to the end of the period."""
    adjusted_before_cents: int

    from_row: ClassVar[Callable[[Sequence[Any]], DebtRow]]
