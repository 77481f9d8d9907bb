"""Money that did not stay: a contribution check returned unpaid (bounced) or returned to the contributor
uncashed, and a refund check the contributor never cashed (voided).

- A returned or bounced contribution is a *negative* entry on the receipt's own Schedule A line (FECfile+'s
  RETURN_RECEIPT / PAC_RETURN / PARTY_RETURN: "Returned/Bounced Receipt"), so the line, the contributor's
  aggregate and the limit total all drop by the amount (11 CFR 103.3(a): a contribution is not deposited or
  is returned; 104.3(a)).
- A voided refund check is a *negative* refund on the refund's own line (SB20A-C on Form 3, SB28A-C on 3X and
  3P; FECfile+'s REFUND_..._VOID), so the refund total drops and the money counts again for the contributor.

Both are new rows pointing at the original; nothing is edited."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.services import audit_record
from compliance.services import transactions as tx
from compliance.services.reports import reports_flag_for_amendment
from donations.models import Contribution, Refund
from donations.services.aggregates import receipt_aggregates_record
from donations.services.limits import limit_record_refund, limit_totals_recompute
from fundraising.exceptions import ApplicationError

RETURN_PURPOSE = "Returned/bounced contribution"


def return_refusal(contribution: Contribution) -> ApplicationError | None:
    """Why ``contribution`` cannot be marked returned or bounced (None: it can, up to what is left of it)."""
    if contribution.is_memo or contribution.amount <= 0 or contribution.returned_of_id:
        return ApplicationError("Only a receipt itself can be returned.", field="transaction_id")
    left = tx.refundable(contribution)
    if left <= 0:
        return ApplicationError(f"${left:,.2f} of this receipt can still be returned.", field="amount")
    return None


def void_refusal(refund: Refund) -> ApplicationError | None:
    """Why the check of ``refund`` cannot be voided (None: it can)."""
    if refund.kind == Refund.Kind.VOID or refund.amount <= 0:
        return ApplicationError("Only a refund can be voided.", field="transaction_id")
    if refund.stripe_refund_id or refund.stripe_dispute_id:
        return ApplicationError("A card refund went back through Stripe; there is no check to void.", field="kind")
    if refund.voids.exists():
        return ApplicationError("This refund check was already voided.", field="transaction_id")
    return None


@transaction.atomic
def contribution_return(
    *,
    contribution: Contribution,
    date_returned: dt.date,
    amount: Decimal | None = None,
    reason: str = "",
    transaction_id: str = "",
    source: str = Contribution.Source.STAFF,
    external_id: str = "",
    actor: AbstractBaseUser | None = None,
) -> Contribution:
    """Record that ``contribution`` (or ``amount`` of it) came back unpaid or was returned uncashed."""
    original = Contribution.objects.select_for_update(of=("self",), no_key=True).get(pk=contribution.pk)
    refused = return_refusal(original)
    if refused is not None:
        raise refused
    left = tx.refundable(original)
    amount = left if amount is None else amount
    if amount <= 0 or amount > left:
        raise ApplicationError(f"${left:,.2f} of this receipt can still be returned.", field="amount")
    if date_returned < original.date_received:
        raise ApplicationError("A receipt cannot come back before it arrived.", field="date")
    if transaction_id and tx.transaction_id_taken(committee=original.committee, transaction_id=transaction_id):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    committee = original.committee
    returned = Contribution(
        committee=committee,
        donor_id=original.donor_id,
        election_id=original.election_id,
        receipt_type=original.receipt_type,
        amount=-amount,
        received_at=tx.noon(date_returned, committee),
        date_received=date_returned,
        source=source,
        external_id=external_id,
        purpose=(reason or RETURN_PURPOSE)[:100],
        memo_text=f"Returned: {original.transaction_id}"[:100],
        limit_period_key=original.limit_period_key,
        returned_of=original,
        created_by=actor if actor is not None and actor.pk else None,
    )
    if transaction_id:
        returned.transaction_id = transaction_id
    returned.save()
    limit_totals_recompute(committee=committee, donor=original.donor)
    receipt_aggregates_record(committee=committee, donor_id=returned.donor_id, on=date_returned)
    audit_record(
        actor=actor,
        action="contribution.returned",
        obj=returned,
        before={"receipt": original.transaction_id, "returnable": left},
        after={"amount": -amount, "date": date_returned, "transaction_id": returned.transaction_id},
        reason=reason,
    )
    reports_flag_for_amendment(committee=committee, dates={date_returned})
    return returned


@transaction.atomic
def refund_void(
    *,
    refund: Refund,
    date_voided: dt.date,
    reason: str = "",
    transaction_id: str = "",
    source: str = Refund.Source.STAFF,
    external_id: str = "",
    actor: AbstractBaseUser | None = None,
) -> Refund:
    """Record that the check of ``refund`` was voided (never cashed): a negative refund on its line."""
    original = (
        Refund.objects.select_for_update(of=("self",), no_key=True).select_related("contribution").get(pk=refund.pk)
    )
    refused = void_refusal(original)
    if refused is not None:
        raise refused
    if date_voided < original.date_refunded:
        raise ApplicationError("A refund check cannot be voided before it was written.", field="date")
    committee = original.committee
    if transaction_id and tx.transaction_id_taken(committee=committee, transaction_id=transaction_id):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    void = Refund(
        committee=committee,
        contribution=original.contribution,
        donor_id=original.donor_id,
        kind=Refund.Kind.VOID,
        source=source,
        amount=-original.amount,
        refunded_at=tx.noon(date_voided, committee),
        date_refunded=date_voided,
        reason=(reason or f"Void of refund check {original.transaction_id}")[:200],
        external_id=external_id,
        voided_refund=original,
        created_by=actor if actor is not None and actor.pk else None,
    )
    if transaction_id:
        void.transaction_id = transaction_id
    void.save()
    receipt_aggregates_record(committee=committee, donor_id=void.donor_id, on=date_voided)
    limit_record_refund(
        committee=committee,
        donor=original.contribution.donor,
        period_key=original.contribution.limit_period_key,
        amount=-original.amount,
    )
    audit_record(
        actor=actor,
        action="refund.voided",
        obj=void,
        before={"refund": original.transaction_id, "amount": original.amount},
        after={"amount": void.amount, "date": date_voided, "transaction_id": void.transaction_id},
        reason=reason,
    )
    reports_flag_for_amendment(committee=committee, dates={date_voided})
    return void
