"""Debts and obligations other than loans (Schedule D; 11 CFR 104.3(d), 104.11): entered when incurred, paid by
new rows. A payment on a debt owed by the committee is an operating expenditure (Schedule B) linked to the debt;
a payment received on a debt owed to the committee is an offset to operating expenditures (Schedule A) linked
to it. A change of the amount other than a payment is an adjustment (compliance.services.debt_adjustments). The
report builder (compliance.reports.debts) shows each debt until it is paid."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum

from audit.services import audit_record
from committees.models import Committee
from compliance.models import Debt, DebtPayment, Disbursement
from compliance.services import transactions as tx
from compliance.services.entries import Counterparty, money_receive, payee_from, stored_entity
from compliance.services.reports import reports_flag_for_amendment
from donations.models import Contribution
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError

ZERO = Decimal("0.00")


@transaction.atomic
def debt_enter(
    *,
    committee: Committee,
    direction: str,
    who: Counterparty,
    amount: Decimal,
    date_incurred: dt.date,
    purpose: str,
    transaction_id: str = "",
    source: str = Debt.Source.STAFF,
    external_id: str = "",
    actor: AbstractBaseUser | None = None,
) -> Debt:
    """A debt owed by the committee (``direction`` "by": an unpaid invoice) or to it ("to")."""
    if direction not in Debt.Direction.values:
        raise ApplicationError("direction is 'by' (owed by the committee) or 'to' (owed to it).", field="direction")
    if amount <= 0:
        raise ApplicationError("The amount must be positive.", field="amount")
    if not purpose.strip():
        raise ApplicationError("Say what the debt is for.", field="purpose")
    if transaction_id and tx.transaction_id_taken(committee=committee, transaction_id=transaction_id):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    imported = Debt.objects.filter(committee=committee, source=source, external_id=external_id)
    if source == Debt.Source.IMPORT and external_id and imported.exists():
        raise ApplicationError(f"Debt {external_id} was already imported.", field="transaction_id")
    payee = payee_from(who.identity)
    debt = Debt(
        committee=committee,
        direction=direction,
        entity_type=stored_entity(who.code),
        prefix=payee.prefix,
        first_name=payee.first_name,
        middle_name=payee.middle_name,
        last_name=payee.last_name,
        suffix=payee.suffix,
        organization_name=payee.organization_name,
        committee_fec_id=payee.committee_fec_id,
        street_1=payee.street_1,
        street_2=payee.street_2,
        city=payee.city,
        state=payee.state,
        zip_code=payee.zip_code,
        purpose=purpose[:100],
        date_incurred=date_incurred,
        amount=amount,
        source=source,
        external_id=external_id,
        created_by=actor if actor is not None and actor.pk else None,
    )
    if transaction_id:
        debt.transaction_id = transaction_id
    debt.full_clean(exclude=["committee", "created_by"])
    debt.save()
    audit_record(
        actor=actor,
        action="debt.entered",
        obj=debt,
        after={"direction": direction, "amount": amount, "date": date_incurred, "transaction_id": debt.transaction_id},
    )
    reports_flag_for_amendment(committee=committee, dates={date_incurred})
    return debt


@dataclass(frozen=True)
class DebtTotals:
    """A debt up to a day: what was incurred (the amount plus every adjustment), paid, and still owed."""

    incurred: Decimal
    adjusted: Decimal
    paid: Decimal

    @property
    def outstanding(self) -> Decimal:
        return self.incurred - self.paid


def debt_totals(debt: Debt, *, on: dt.date | None = None) -> DebtTotals:
    """The one definition of a debt's balance: its amount, plus its adjustments (more billed, forgiven, an estimate
    corrected), less its payments, each counted from its own date (``on``: up to that day; None: all)."""
    payments, adjustments = debt.payments.all(), debt.adjustments.all()
    if on is not None:
        payments, adjustments = payments.filter(date_paid__lte=on), adjustments.filter(date_adjusted__lte=on)
    paid = payments.aggregate(total=Sum("amount"))["total"] or ZERO
    adjusted = adjustments.aggregate(total=Sum("amount"))["total"] or ZERO
    return DebtTotals(incurred=debt.amount + adjusted, adjusted=adjusted, paid=paid)


def debt_balance(debt: Debt, *, on: dt.date | None = None) -> Decimal:
    return debt_totals(debt, on=on).outstanding


def debt_lowest_balance(debt: Debt, *, since: dt.date) -> Decimal:
    """The least the debt's balance is on ``since`` or any later day: what a payment or a decrease dated ``since``
    may take off without the balance falling below zero on some day after it (a later payment already counted)."""
    days = {since}
    days.update(debt.payments.filter(date_paid__gt=since).values_list("date_paid", flat=True))
    days.update(debt.adjustments.filter(date_adjusted__gt=since).values_list("date_adjusted", flat=True))
    return min(debt_balance(debt, on=day) for day in days)


@transaction.atomic
def debt_pay(
    *,
    debt: Debt,
    amount: Decimal,
    date_paid: dt.date,
    purpose: str = "",
    actor: AbstractBaseUser | None = None,
) -> DebtPayment:
    """Pay (or receive payment of) part or all of ``debt``: the money moves on Schedule A or B and the debt's
    balance drops on Schedule D."""
    debt = Debt.objects.select_for_update().get(pk=debt.pk)
    left = debt_lowest_balance(debt, since=date_paid)
    balance = debt_balance(debt)
    if amount <= 0 or amount > left:
        raise ApplicationError(f"${left:,.2f} of this debt is unpaid.", field="amount")
    if date_paid < debt.date_incurred:
        raise ApplicationError("A debt cannot be paid before it was incurred.", field="date")
    who = Counterparty(
        code=debt.entity_type,
        identity=tx_identity(debt),
    )
    payment = DebtPayment(debt=debt, amount=amount, date_paid=date_paid)
    if debt.direction == Debt.Direction.OWED_BY:
        payment.disbursement = tx.disbursement_enter(
            committee=debt.committee,
            payee=payee_from(who.identity),
            amount=amount,
            date_disbursed=date_paid,
            kind=Disbursement.Kind.OPERATING,
            purpose=(purpose or debt.purpose)[:100],
            memo_text=f"Payment on debt {debt.transaction_id}"[:100],
            actor=actor,
        )
    else:
        payment.contribution = money_receive(
            committee=debt.committee,
            kind="offset",
            who=who,
            amount=amount,
            date_received=date_paid,
            purpose=(purpose or f"Payment of debt: {debt.purpose}")[:100],
            source=Contribution.Source.STAFF,
            actor=actor,
        ).contribution
    payment.save()
    audit_record(
        actor=actor,
        action="debt.paid",
        obj=debt,
        before={"balance": balance},
        after={"paid": amount, "date": date_paid, "balance": balance - amount},
    )
    return payment


def tx_identity(debt: Debt) -> DonorInput:
    """The debt's other party as a donor/payee identity."""
    return DonorInput(
        entity_type=debt.entity_type,
        organization_name=debt.organization_name,
        committee_fec_id=debt.committee_fec_id,
        first_name=debt.first_name,
        last_name=debt.last_name,
        middle_name=debt.middle_name,
        prefix=debt.prefix,
        suffix=debt.suffix,
        street_1=debt.street_1,
        street_2=debt.street_2,
        city=debt.city,
        state=debt.state,
        zip_code=debt.zip_code,
    )
