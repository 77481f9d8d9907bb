"""Reads for the console's Debts pages (Schedule D): each debt with what was paid on it and what is still owed,
by direction. The balance is compliance.services.debts.debt_totals, the one the payment and adjustment
services check."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from committees.models import Committee
from compliance.models import Debt
from compliance.services.debts import debt_totals

ZERO = Decimal("0.00")


def party_name(debt: Debt) -> str:
    """The creditor or debtor as a name: an organization's or committee's name, else the person's."""
    if debt.organization_name:
        return debt.organization_name
    return " ".join(p for p in (debt.prefix, debt.first_name, debt.middle_name, debt.last_name, debt.suffix) if p)


@dataclass(frozen=True)
class DebtLine:
    debt: Debt
    name: str
    incurred: Decimal
    """The amount with every adjustment (more billed, forgiven, an estimate corrected)."""
    paid: Decimal
    outstanding: Decimal


@dataclass(frozen=True)
class DebtSide:
    direction: str
    label: str
    lines: list[DebtLine]
    outstanding: Decimal
    """Still owed over every debt of this side, paid ones shown or not."""


def debt_line(debt: Debt) -> DebtLine:
    totals = debt_totals(debt)
    return DebtLine(
        debt=debt, name=party_name(debt), incurred=totals.incurred, paid=totals.paid, outstanding=totals.outstanding
    )


def debts_by_direction(*, committee: Committee, include_paid: bool = False) -> list[DebtSide]:
    """Owed by the committee (Schedule D, line 10), then owed to it (line 9), oldest first; paid debts only with
    ``include_paid``."""
    sides = []
    for direction, label in Debt.Direction.choices:
        debts = Debt.objects.filter(committee=committee, direction=direction).order_by("date_incurred", "pk")
        lines = [debt_line(d) for d in debts]
        sides.append(
            DebtSide(
                direction=direction,
                label=label,
                lines=lines if include_paid else [x for x in lines if x.outstanding > 0],
                outstanding=sum((x.outstanding for x in lines), ZERO),
            )
        )
    return sides
