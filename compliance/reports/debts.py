"""Schedule D: debts and obligations other than loans, owed by the committee or to it (11 CFR 104.3(d) and
104.11: a debt is disclosed from the report covering the day it is incurred until it is paid, with its balance at
the start of the period, what was incurred and paid in it, and the balance at its close). Owed by the committee:
``SD10`` and summary line 10 (Form 3P: ``SD12``, line 12) together with loan balances; owed to it: ``SD9`` and
line 9 (Form 3P: ``SD11``, line 11).

A change of the amount that is not a payment (compliance.models.DebtAdjustment) goes in "incurred this period",
a decrease (forgiven, an estimate corrected down) as a negative amount: the balance at close is the beginning
balance plus what was incurred less what was paid (the FEC's SchD.json spec, BALANCE AT CLOSE: "Beginning Balance
+ (Incurred amount - Payment amount)"; "payment" is only what was paid, "auto-calculated from debt repayments"),
and the FEC asks filers to show balance reductions such as forgiven debt as a negative amount incurred this period
with an explanation (ISPolitical's FEC filing help, "How does the FEC report new debts under $500?")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from compliance.fec.records import ScheduleD
from compliance.reports.lines import FormLines
from compliance.reports.queries import CENTS, Window, _fetchall
from compliance.reports.rows import DebtRow, field_names
from compliance.reports.schedules import Converters

_INDIVIDUAL_ENTITIES = ("IND", "CAN")


def _paid_sql(date_test: str) -> str:
    return (
        f"COALESCE((SELECT SUM({CENTS.format(col='p.amount')}) FROM compliance_debtpayment p WHERE p.debt_id = d.id"
        f" AND p.date_paid {date_test}), 0)"
    )


def _adjusted_sql(date_test: str) -> str:
    """Adjustments of the debt's amount (signed: more billed +, forgiven -, an estimate corrected either way)."""
    return (
        f"COALESCE((SELECT SUM({CENTS.format(col='a.amount')}) FROM compliance_debtadjustment a"
        f" WHERE a.debt_id = d.id AND a.date_adjusted {date_test}), 0)"
    )


_COLUMNS = {
    "direction": "d.direction",
    "transaction_id": "d.transaction_id",
    "entity_type": "d.entity_type",
    "organization_name": "d.organization_name",
    "last_name": "d.last_name",
    "first_name": "d.first_name",
    "middle_name": "d.middle_name",
    "prefix": "d.prefix",
    "suffix": "d.suffix",
    "street_1": "d.street_1",
    "street_2": "d.street_2",
    "city": "d.city",
    "state": "d.state",
    "zip_code": "d.zip_code",
    "purpose": "d.purpose",
    "date_incurred": "d.date_incurred",
    "cents": CENTS.format(col="d.amount"),
    "paid_cents": _paid_sql("<= %s"),
    "paid_before_cents": _paid_sql("< %s"),
    "adjusted_cents": _adjusted_sql("<= %s"),
    "adjusted_before_cents": _adjusted_sql("< %s"),
}


def debt_rows(*, window: Window) -> list[DebtRow]:
    """Debts on this report: every debt incurred up to the end of the period that was incurred in it, still had a
    balance at its start or changed in it, in direction, date and transaction id order."""
    names = field_names(DebtRow)
    select = ", ".join(f"{_COLUMNS[name]} AS {name}" for name in names)
    sql = f"""
SELECT {", ".join(f"t.{name}" for name in names)} FROM (
    SELECT {select} FROM compliance_debt d WHERE d.committee_id = %s AND d.date_incurred <= %s
) t
WHERE t.date_incurred >= %s OR t.cents + t.adjusted_before_cents > t.paid_before_cents
    OR t.adjusted_cents <> t.adjusted_before_cents
ORDER BY t.direction DESC, t.date_incurred, t.transaction_id"""
    params = [
        window.coverage_through,
        window.coverage_from,
        window.coverage_through,
        window.coverage_from,
        window.committee_id,
        window.coverage_through,
    ]
    return [DebtRow.from_row(row) for row in _fetchall(sql, [*params, window.coverage_from])]


def _started_before(row: DebtRow, window: Window, conv: Converters) -> bool:
    return conv.date(row.date_incurred) < window.coverage_from


def debt_balances_cents(rows: Sequence[DebtRow]) -> dict[str, int]:
    """Outstanding at the end of the period, per direction (``by``, ``to``)."""
    out = {"by": 0, "to": 0}
    for row in rows:
        out[row.direction] += max(0, _balance_at_close(row))
    return out


def _balance_at_close(row: DebtRow) -> int:
    return int(row.cents) + int(row.adjusted_cents) - int(row.paid_cents)


def schedule_d_records(
    rows: Iterable[DebtRow], *, filer: str, lines: FormLines, window: Window, conv: Converters
) -> Iterator[ScheduleD]:
    amount = conv.amount
    for row in rows:
        individual = row.entity_type in _INDIVIDUAL_ENTITIES
        before = _started_before(row, window, conv)
        cents, paid, paid_before = int(row.cents), int(row.paid_cents), int(row.paid_before_cents)
        adjusted, adjusted_before = int(row.adjusted_cents), int(row.adjusted_before_cents)
        yield ScheduleD(
            form_type=lines.schedule_d_by if row.direction == "by" else lines.schedule_d_to,
            filer_committee_id_number=filer,
            transaction_id=row.transaction_id,
            entity_type=row.entity_type,
            creditor_organization_name="" if individual else row.organization_name,
            creditor_last_name=row.last_name if individual else "",
            creditor_first_name=row.first_name if individual else "",
            creditor_middle_name=row.middle_name if individual else "",
            creditor_prefix=row.prefix if individual else "",
            creditor_suffix=row.suffix if individual else "",
            creditor_street_1=row.street_1,
            creditor_street_2=row.street_2,
            creditor_city=row.city,
            creditor_state=row.state,
            creditor_zip=row.zip_code,
            purpose_of_debt_or_obligation=row.purpose,
            beginning_balance=amount((cents + adjusted_before if before else 0) - paid_before),
            incurred_amount=amount((0 if before else cents) + adjusted - adjusted_before),
            payment_amount=amount(paid - paid_before),
            balance_at_close=amount(_balance_at_close(row)),
        )
