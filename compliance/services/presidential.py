"""Form 3P entries beyond receipts and disbursements, audited: a primary expenditure's allocation to states
(11 CFR 106.2; the summary page's state columns and F3PS) and items on hand to be liquidated (line 31, F3P31)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum

from audit.services import audit_record
from committees.models import Committee
from compliance.fec.cover_layouts import F3P_STATES_A
from compliance.models import Disbursement, LiquidationItem, StateAllocation
from compliance.services import transactions as tx
from compliance.services.reports import reports_flag_for_amendment
from fundraising.exceptions import ApplicationError

ALLOCATION_STATES = frozenset(code for code in F3P_STATES_A if code != "total")
"""The states and territories Form 3P has a column for (no AS, MP or foreign)."""
ZERO = Decimal("0.00")


def _presidential(committee: Committee) -> None:
    if committee.committee_type != "presidential":
        raise ApplicationError("Only a presidential committee reports on Form 3P.", field="committee")


@transaction.atomic
def state_allocation_enter(
    *,
    disbursement: Disbursement,
    state: str,
    amount: Decimal,
    note: str = "",
    actor: AbstractBaseUser | None = None,
) -> StateAllocation:
    """Allocate ``amount`` of an operating expenditure to ``state``. A negative amount takes back part of an
    earlier allocation to the same state; the disbursement's allocations never exceed it, nor go below zero."""
    disbursement = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
    committee = disbursement.committee
    _presidential(committee)
    state = (state or "").upper()
    if state not in ALLOCATION_STATES:
        raise ApplicationError(f"{state!r} has no Form 3P allocation column.", field="state")
    if disbursement.kind != Disbursement.Kind.OPERATING or disbursement.is_memo:
        raise ApplicationError(
            "Only an operating expenditure (not a memo) is allocated to states.", field="disbursement"
        )
    if amount == 0 or amount != amount.quantize(Decimal("0.01")):
        raise ApplicationError("The amount is non-zero dollars and cents.", field="amount")
    rows = StateAllocation.objects.filter(disbursement=disbursement)
    total = rows.aggregate(t=Sum("amount"))["t"] or ZERO
    in_state = rows.filter(state=state).aggregate(t=Sum("amount"))["t"] or ZERO
    if in_state + amount < 0:
        raise ApplicationError(f"Only ${in_state:,.2f} is allocated to {state}.", field="amount")
    if total + amount > disbursement.amount:
        left = disbursement.amount - total
        raise ApplicationError(f"Only ${left:,.2f} of this expenditure is unallocated.", field="amount")
    row = StateAllocation.objects.create(
        committee=committee,
        disbursement=disbursement,
        state=state,
        amount=amount,
        note=note[:100],
        created_by=actor if actor is not None and actor.pk else None,
    )
    audit_record(
        actor=actor,
        action="state_allocation.entered",
        obj=row,
        after={"disbursement": disbursement.transaction_id, "state": state, "amount": amount},
    )
    reports_flag_for_amendment(committee=committee, dates={disbursement.date_disbursed})
    return row


@dataclass(frozen=True)
class ItemSource:
    """Who gave the item to the committee or sold it to it (F3P31 columns 4-15, 20-21)."""

    entity_type: str
    street_1: str
    city: str
    state: str
    zip_code: str
    organization_name: str = ""
    last_name: str = ""
    first_name: str = ""
    street_2: str = ""
    employer: str = ""
    occupation: str = ""


@transaction.atomic
def liquidation_item_enter(
    *,
    committee: Committee,
    source: ItemSource,
    description: str,
    date_acquired: dt.date,
    fair_market_value: Decimal,
    election_code: str,
    transaction_id: str = "",
    actor: AbstractBaseUser | None = None,
) -> LiquidationItem:
    """An item on hand to be liquidated, from ``date_acquired`` (Form 3P line 31 and its F3P31 record)."""
    _presidential(committee)
    if source.entity_type not in ("IND", "ORG", "COM", "CAN"):
        raise ApplicationError("entity_type is IND, ORG, COM or CAN.", field="entity_type")
    person = source.entity_type in ("IND", "CAN")
    if person and not (source.last_name.strip() and source.first_name.strip()):
        raise ApplicationError("A person's last and first names are required.", field="last_name")
    if not person and not source.organization_name.strip():
        raise ApplicationError("The organization's name is required.", field="organization_name")
    if fair_market_value <= 0:
        raise ApplicationError("The fair market value must be positive.", field="fair_market_value")
    if not description.strip():
        raise ApplicationError("Describe the item.", field="description")
    code = election_code.upper()
    if len(code) != 5 or code[0] not in "PG" or not code[1:].isdigit():
        raise ApplicationError("The election is P or G and a year, e.g. P2028.", field="election_code")
    transaction_id = transaction_id.strip().upper()
    if transaction_id and not (transaction_id.isascii() and transaction_id.isalnum() and len(transaction_id) <= 20):
        raise ApplicationError("A transaction id is up to 20 letters and digits.", field="transaction_id")
    taken = LiquidationItem.objects.filter(committee=committee, transaction_id=transaction_id).exists()
    if transaction_id and (taken or tx.transaction_id_taken(committee=committee, transaction_id=transaction_id)):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    item = LiquidationItem(
        committee=committee,
        entity_type=source.entity_type,
        organization_name="" if person else source.organization_name,
        last_name=source.last_name if person else "",
        first_name=source.first_name if person else "",
        street_1=source.street_1,
        street_2=source.street_2,
        city=source.city,
        state=source.state.upper(),
        zip_code=source.zip_code,
        employer=source.employer,
        occupation=source.occupation,
        election_code=code,
        description=description.strip()[:100],
        date_acquired=date_acquired,
        fair_market_value=fair_market_value,
        created_by=actor if actor is not None and actor.pk else None,
    )
    if transaction_id:
        item.transaction_id = transaction_id
    item.full_clean(exclude=["committee", "created_by"])
    item.save()
    audit_record(
        actor=actor,
        action="liquidation_item.entered",
        obj=item,
        after={"transaction_id": item.transaction_id, "value": fair_market_value, "acquired": date_acquired},
    )
    reports_flag_for_amendment(committee=committee, dates={date_acquired}, cash_chain=False)
    return item


@transaction.atomic
def liquidation_item_liquidate(
    *, item: LiquidationItem, on: dt.date, actor: AbstractBaseUser | None = None
) -> LiquidationItem:
    """The item was sold or otherwise disposed of on ``on``: it is no longer on hand from that day."""
    item = LiquidationItem.objects.select_for_update().get(pk=item.pk)
    if item.liquidated_on is not None:
        raise ApplicationError(f"This item was already liquidated on {item.liquidated_on}.", field="liquidated_on")
    if on < item.date_acquired:
        raise ApplicationError("An item cannot be liquidated before it was acquired.", field="liquidated_on")
    item.liquidated_on = on
    item.save(update_fields=["liquidated_on", "updated_at"])
    audit_record(
        actor=actor,
        action="liquidation_item.liquidated",
        obj=item,
        before={"liquidated_on": None},
        after={"liquidated_on": on},
    )
    reports_flag_for_amendment(committee=item.committee, dates={on}, cash_chain=False)
    return item
