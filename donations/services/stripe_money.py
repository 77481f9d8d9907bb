"""Stripe's money movement into our ledger: fees and nets (balance transactions), payouts and what each
settles, and disputed money that Stripe withdraws and reinstates.

Everything is read back from Stripe (webhooks only say that something happened), written idempotently under
Stripe's ids, audited as the Stripe system actor, and announced after commit (``payout_settled``) so the
compliance books can turn the fees into operating expenditures."""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from audit.services import SYSTEM_STRIPE, audit_record
from committees.models import Committee
from donations.models import BalanceTransaction, Contribution, Payout, Refund
from donations.payments import BalanceTransactionResult, PayoutResult, get_payment_gateway
from donations.services.aggregates import receipt_aggregates_record
from donations.services.limits import limit_record_receipt
from donations.services.refunds import contribution_refundable, dispute_record, refund_record
from donations.signals import payout_settled, send_on_commit
from fundraising.exceptions import ApplicationError, PaymentGatewayUnavailable
from fundraising.fec_dates import fec_date_received

logger = logging.getLogger(__name__)

_KINDS = {
    "charge": BalanceTransaction.Kind.CHARGE,
    "refund": BalanceTransaction.Kind.REFUND,
    "dispute": BalanceTransaction.Kind.DISPUTE,
    "dispute_reversal": BalanceTransaction.Kind.DISPUTE_REVERSAL,
    "payout": BalanceTransaction.Kind.PAYOUT,
    "payout_reversal": BalanceTransaction.Kind.PAYOUT_FAILURE,
}
SETTLED = (Payout.Status.PAID, Payout.Status.FAILED)


def _kind(txn: BalanceTransactionResult) -> str:
    return _KINDS.get(txn.category) or _KINDS.get(txn.type) or BalanceTransaction.Kind.OTHER


def _owner(txn: BalanceTransactionResult) -> tuple[Contribution | None, Refund | None]:
    """The gift (and refund or chargeback) a balance transaction belongs to, by the source's Stripe id."""
    return _owner_of(txn.source_id)


def _owner_of(source: str) -> tuple[Contribution | None, Refund | None]:
    if source.startswith(("ch_", "py_")):
        return _charge_owner(source)[0], None
    if source.startswith(("re_", "pyr_")):
        refund = Refund.objects.filter(stripe_refund_id=source).select_related("contribution").first()
        return (refund.contribution if refund else None), refund
    if source.startswith(("dp_", "du_")):
        refund = Refund.objects.filter(stripe_dispute_id=source).select_related("contribution").first()
        return (refund.contribution if refund else None), refund
    return None, None


def balance_transaction_record(*, txn: BalanceTransactionResult, payout: Payout | None = None) -> BalanceTransaction:
    """Store one balance transaction once (and link it to its payout when that is learnt later)."""
    existing = BalanceTransaction.objects.filter(stripe_id=txn.id).first()
    if existing is not None:
        changed = []
        if payout is not None and existing.payout_id is None:
            existing.payout = payout
            changed.append("payout")
        if existing.contribution_id is None:
            contribution, refund = _owner(txn)
            if contribution is not None:
                existing.contribution, existing.refund, existing.committee_id = (
                    contribution,
                    refund,
                    contribution.committee_id,
                )
                changed += ["contribution", "refund", "committee"]
        if changed:
            existing.save(update_fields=changed)
        return existing
    contribution, refund = _owner(txn)
    return BalanceTransaction.objects.create(
        stripe_id=txn.id,
        committee_id=contribution.committee_id if contribution else (payout.committee_id if payout else None),
        kind=_kind(txn),
        stripe_type=txn.type,
        amount=txn.amount,
        fee=txn.fee,
        net=txn.net,
        created_at_stripe=txn.created,
        source_id=txn.source_id,
        payout=payout,
        contribution=contribution,
        refund=refund,
    )


@transaction.atomic
def payout_sync(*, payout_id: str) -> Payout:
    """Read a payout and every balance transaction it settles from Stripe and store them (idempotent: run it
    for every payout event, and again from the catch-up sync). Announces a settled payout after commit."""
    gateway = get_payment_gateway()
    result = gateway.retrieve_payout(payout_id)
    payout = _payout_upsert(result)
    committees: set[int] = set()
    for txn in gateway.payout_balance_transactions(payout_id):
        row = balance_transaction_record(txn=txn, payout=payout)
        if row.committee_id:
            committees.add(row.committee_id)
    if payout.committee_id is None and len(committees) == 1:
        payout.committee_id = committees.pop()
    elif len(committees) > 1:
        logger.warning("payout=%s carries money of %d committees", payout.stripe_payout_id, len(committees))
    if payout.committee_id is not None:  # the arrival day in the committee's time zone
        payout.arrival_date = fec_date_received(
            received_at=payout.arrival_at, committee_time_zone=payout.committee.time_zone
        )
    payout.synced_at = timezone.now()
    payout.save(update_fields=["committee", "arrival_date", "synced_at", "updated_at"])
    BalanceTransaction.objects.filter(
        payout=payout, committee__isnull=True, kind=BalanceTransaction.Kind.PAYOUT
    ).update(committee_id=payout.committee_id)
    if payout.status in SETTLED:
        send_on_commit(payout_settled, sender=Payout, payout_pk=payout.pk)
    return payout


def _payout_upsert(result: PayoutResult) -> Payout:
    payout = Payout.objects.select_for_update().filter(stripe_payout_id=result.id).first()
    if payout is None:
        payout = Payout.objects.create(
            stripe_payout_id=result.id,
            amount=result.amount,
            status=result.status,
            created_at_stripe=result.created,
            arrival_at=result.arrival,
            arrival_date=result.arrival.date(),
            failure_code=result.failure_code,
        )
        audit_record(
            actor=None,
            actor_label=SYSTEM_STRIPE,
            action="payout.recorded",
            obj=payout,
            after={"payout": result.id, "amount": result.amount, "status": result.status},
        )
        return payout
    if payout.status != result.status:
        before = payout.status
        payout.status, payout.failure_code, payout.arrival_at = result.status, result.failure_code, result.arrival
        payout.save(update_fields=["status", "failure_code", "arrival_at", "updated_at"])
        audit_record(
            actor=None,
            actor_label=SYSTEM_STRIPE,
            action="payout.status",
            obj=payout,
            before={"status": before},
            after={"status": result.status, "failure_code": result.failure_code},
        )
    return payout


def _charge_owner(charge_id: str) -> tuple[Contribution | None, bool]:
    """(the gift a charge paid, whether the charge is ours). Monthly installments carry only their
    PaymentIntent, so an unknown charge is looked up in Stripe."""
    found = Contribution.objects.filter(stripe_charge_id=charge_id).first()
    if found is not None:
        return found, True
    try:
        charge = get_payment_gateway().retrieve_charge(charge_id)
    except PaymentGatewayUnavailable:
        raise
    except ApplicationError:
        return None, False
    if charge.payment_intent_id:
        found = Contribution.objects.filter(stripe_payment_intent_id=charge.payment_intent_id).first()
        if found is not None:
            return found, True
    return None, bool(charge.metadata.get("donation_id") or charge.metadata.get("recurring_gift"))


def payout_unattributed_fees(*, payout_pk: int) -> int:
    """How many of a payout's fees belong to a gift of ours not recorded yet (0: its fees can be booked; fees of
    charges that are not ours, e.g. sold outside this app, are left to the treasurer)."""
    rows = BalanceTransaction.objects.filter(payout_id=payout_pk, committee__isnull=True, fee__gt=0)
    return sum(1 for row in rows if row.kind == BalanceTransaction.Kind.CHARGE and _charge_owner(row.source_id)[1])


@transaction.atomic
def payout_relink(*, payout_pk: int) -> Payout:
    """Link a payout's balance transactions to gifts recorded since it was stored (events arrive in any order),
    and take the payout's committee from them."""
    payout = Payout.objects.select_for_update().get(pk=payout_pk)
    unlinked = payout.balance_transactions.filter(contribution__isnull=True).exclude(
        kind__in=(BalanceTransaction.Kind.PAYOUT, BalanceTransaction.Kind.PAYOUT_FAILURE)
    )
    for row in unlinked:
        contribution, refund = _owner_of(row.source_id)
        if contribution is not None:
            row.contribution, row.refund, row.committee_id = contribution, refund, contribution.committee_id
            row.save(update_fields=["contribution", "refund", "committee"])
    committees = set(payout.balance_transactions.exclude(committee__isnull=True).values_list("committee_id", flat=True))
    if payout.committee_id is None and len(committees) == 1:
        payout.committee_id = committees.pop()
        payout.arrival_date = fec_date_received(
            received_at=payout.arrival_at, committee_time_zone=payout.committee.time_zone
        )
        payout.save(update_fields=["committee", "arrival_date", "updated_at"])
    return payout


def payouts_sync_since(*, since: datetime) -> list[Payout]:
    """Catch up every payout Stripe created since ``since`` (after an outage; idempotent)."""
    return [payout_sync(payout_id=p.id) for p in get_payment_gateway().list_payouts(since=since)]


@transaction.atomic
def dispute_funds_withdrawn(
    *, charge_id: str, dispute_id: str, amount_withdrawn: list[BalanceTransactionResult], withdrawn_at: datetime
) -> Refund | None:
    """Stripe took the disputed money back: it leaves the books now, dated the withdrawal, as a chargeback
    refund of the gift (lowering the donor's total). A later loss adds nothing; a win reinstates it."""
    contribution = dispute_record(
        charge_id=charge_id, dispute_id=dispute_id, status="needs_response", amount=0, closed_at=None
    )
    if contribution is None:
        return None
    existing = Refund.objects.filter(stripe_dispute_id=dispute_id).first()
    if existing is not None:
        return existing
    amount = min(
        -sum((t.amount for t in amount_withdrawn if t.amount < 0), start=0), contribution_refundable(contribution)
    )
    if amount <= 0:
        return None
    refund = refund_record(
        contribution=contribution,
        amount=amount,
        refunded_at=withdrawn_at,
        reason="Disputed: funds withdrawn by the card issuer",
        actor=None,
        source=Refund.Source.STRIPE,
        kind=Refund.Kind.DISPUTE_LOST,
        stripe_dispute_id=dispute_id,
    )
    for txn in amount_withdrawn:
        balance_transaction_record(txn=txn)
    return refund


@transaction.atomic
def dispute_funds_reinstated(
    *, charge_id: str, dispute_id: str, reinstated: list[BalanceTransactionResult], reinstated_at: datetime
) -> Contribution | None:
    """A won dispute: Stripe returned the money, so it is received again, dated the reinstatement: a new
    receipt from the same donor for the same election, pointing at the original in its memo."""
    withdrawal = Refund.objects.filter(stripe_dispute_id=dispute_id).select_related("contribution__committee").first()
    if withdrawal is None:
        logger.info("dispute reinstated without a recorded withdrawal dispute=%s charge=%s", dispute_id, charge_id)
        return None
    original = withdrawal.contribution
    external_id = f"reinstated:{dispute_id}"
    existing = Contribution.objects.filter(
        committee=original.committee, source=Contribution.Source.WEB, external_id=external_id
    ).first()
    if existing is not None:
        return existing
    amount = sum((t.amount for t in reinstated if t.amount > 0), start=0) or withdrawal.amount
    amount = min(amount, withdrawal.amount)
    committee: Committee = original.committee
    contribution = Contribution.objects.create(
        committee=committee,
        donor_id=original.donor_id,
        election_id=original.election_id,
        receipt_type=original.receipt_type,
        amount=amount,
        received_at=reinstated_at,
        date_received=fec_date_received(received_at=reinstated_at, committee_time_zone=committee.time_zone),
        source=Contribution.Source.WEB,
        external_id=external_id,
        limit_period_key=original.limit_period_key,
        payment_method=original.payment_method,
        memo_text=f"Dispute won: funds reinstated ({original.transaction_id})"[:100],
    )
    limit_record_receipt(
        committee=committee,
        donor=original.donor,
        period_key=original.limit_period_key,
        amount=amount,
        release_reservation=False,
    )
    receipt_aggregates_record(committee=committee, donor_id=contribution.donor_id, on=contribution.date_received)
    dispute_record(charge_id=charge_id, dispute_id=dispute_id, status="won", amount=0, closed_at=reinstated_at)
    audit_record(
        actor=None,
        actor_label=SYSTEM_STRIPE,
        action="contribution.dispute_reinstated",
        obj=contribution,
        after={"amount": amount, "original": original.transaction_id, "dispute": dispute_id},
        reason="Dispute won: the card issuer returned the funds",
    )
    for txn in reinstated:
        row = balance_transaction_record(txn=txn)
        if row.contribution_id is None:
            BalanceTransaction.objects.filter(pk=row.pk).update(contribution=original, committee=committee)
    return contribution
