"""Refunds and lost disputes: new records linked to the gift, never edits of it.

Staff refunds call Stripe first and record the refund with Stripe's id; the `charge.refunded` webhook
records any refund it has not seen (one started in Stripe's dashboard, or one whose recording failed
after Stripe accepted it). The unique Stripe refund id makes both paths land once."""

import logging
import uuid
from datetime import datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.services import SYSTEM_STRIPE, audit_record
from donations.models import Contribution, Refund
from donations.payments import get_payment_gateway
from donations.services.aggregates import receipt_aggregates_record
from donations.services.limits import limit_record_refund
from fundraising.exceptions import ApplicationError
from fundraising.fec_dates import fec_date_received
from fundraising.money import dollars

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")


def contribution_refundable(contribution: Contribution) -> Decimal:
    """What is left of a gift to refund: its amount less refunds (a voided refund check is a negative refund) and
    less what came back as returned or bounced (negative entries pointing at it)."""
    refunded = contribution.refunds.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    returned = contribution.returns.aggregate(total=Coalesce(Sum("amount"), ZERO))["total"]
    return contribution.amount - refunded + returned


def refund_issue(
    *, contribution: Contribution, amount: Decimal | None, reason: str, actor: AbstractBaseUser | None
) -> Refund:
    """Staff refund a gift in full (amount None) or in part. Card gifts are refunded through Stripe."""
    amount = dollars(amount) if amount is not None else contribution_refundable(contribution)
    if amount <= 0:
        raise ApplicationError("The refund must be a positive amount.", field="amount")
    if amount > contribution_refundable(contribution):
        raise ApplicationError(
            f"Only ${contribution_refundable(contribution):.2f} of this gift is left to refund.", field="amount"
        )
    stripe_refund_id = ""
    refunded_at = timezone.now()
    if contribution.stripe_payment_intent_id:
        result = get_payment_gateway().create_refund(
            payment_intent_id=contribution.stripe_payment_intent_id,
            amount=amount,
            idempotency_key=f"refund-{contribution.transaction_id}-{uuid.uuid4()}",
            metadata={"contribution": contribution.transaction_id},
        )
        stripe_refund_id, refunded_at = result.id, result.created
    return refund_record(
        contribution=contribution,
        amount=amount,
        refunded_at=refunded_at,
        reason=reason,
        actor=actor,
        source=Refund.Source.STAFF,
        stripe_refund_id=stripe_refund_id,
    )


@transaction.atomic
def refund_record(
    *,
    contribution: Contribution,
    amount: Decimal,
    refunded_at: datetime,
    reason: str,
    actor: AbstractBaseUser | None,
    source: str,
    kind: str = Refund.Kind.REFUND,
    stripe_refund_id: str = "",
    stripe_dispute_id: str = "",
    external_id: str = "",
    transaction_id: str = "",
) -> Refund:
    """Write the refund record, lower the donor's limit total, and audit it. Idempotent on the Stripe ids."""
    contribution = (
        Contribution.objects.select_for_update(of=("self",), no_key=True)
        .select_related("committee")
        .get(pk=contribution.pk)
    )
    for field, value in (("stripe_refund_id", stripe_refund_id), ("stripe_dispute_id", stripe_dispute_id)):
        if value:
            existing = Refund.objects.filter(**{field: value}).first()
            if existing is not None:
                return existing
    if amount > contribution_refundable(contribution):
        raise ApplicationError("The refunds would exceed the gift.", field="amount")
    committee = contribution.committee
    refund = Refund.objects.create(
        committee=committee,
        contribution=contribution,
        donor_id=contribution.donor_id,
        kind=kind,
        source=source,
        amount=amount,
        refunded_at=refunded_at,
        date_refunded=fec_date_received(received_at=refunded_at, committee_time_zone=committee.time_zone),
        reason=reason[:200],
        stripe_refund_id=stripe_refund_id,
        stripe_dispute_id=stripe_dispute_id,
        external_id=external_id,
        created_by=actor if actor is not None and actor.pk else None,
        **({"transaction_id": transaction_id} if transaction_id else {}),
    )
    limit_record_refund(
        committee=committee, donor=contribution.donor, period_key=contribution.limit_period_key, amount=amount
    )
    receipt_aggregates_record(committee=committee, donor_id=refund.donor_id, on=refund.date_refunded)
    audit_record(
        actor=actor,
        actor_label="" if actor else SYSTEM_STRIPE,
        action=f"contribution.{kind}",
        obj=refund,
        before={"refundable": contribution_refundable(contribution) + amount},
        after={"amount": amount, "contribution": contribution.transaction_id, "stripe_refund": stripe_refund_id},
        reason=reason,
    )
    logger.info("refund recorded refund=%s contribution=%s kind=%s", refund.pk, contribution.pk, kind)
    return refund


def refunds_sync_from_charge(*, charge_id: str) -> list[Refund]:
    """Re-read the charge from Stripe and record every refund on it we have not recorded yet."""
    charge = get_payment_gateway().retrieve_charge(charge_id)
    contribution = Contribution.objects.filter(stripe_charge_id=charge.id).first()
    if contribution is None and charge.payment_intent_id:
        contribution = Contribution.objects.filter(stripe_payment_intent_id=charge.payment_intent_id).first()
    if contribution is None:
        logger.info("charge.refunded for unknown charge=%s: not ours", charge_id)
        return []
    recorded = []
    for refund in charge.refunds:
        if refund.status not in ("succeeded", "pending"):
            continue
        recorded.append(
            refund_record(
                contribution=contribution,
                amount=refund.amount,
                refunded_at=refund.created,
                reason="Refunded in Stripe",
                actor=None,
                source=Refund.Source.STRIPE,
                stripe_refund_id=refund.id,
            )
        )
    return recorded


_DISPUTE_ORDER = {
    Contribution.Status.RECEIVED: 0,
    Contribution.Status.DISPUTED: 1,
    Contribution.Status.DISPUTE_WON: 2,
    Contribution.Status.DISPUTE_LOST: 2,
}


@transaction.atomic
def dispute_record(
    *, charge_id: str, dispute_id: str, status: str, amount: Decimal, closed_at: datetime | None
) -> Contribution | None:
    """A dispute opened or closed. State only moves forward (events can arrive out of order); a lost
    dispute is a refund record for the disputed amount."""
    contribution = (
        Contribution.objects.select_for_update(of=("self",), no_key=True).filter(stripe_charge_id=charge_id).first()
    )
    if contribution is None:
        logger.info("dispute %s for unknown charge=%s: not ours", dispute_id, charge_id)
        return None
    target = {"won": Contribution.Status.DISPUTE_WON, "lost": Contribution.Status.DISPUTE_LOST}.get(
        status, Contribution.Status.DISPUTED
    )
    if _DISPUTE_ORDER[target] > _DISPUTE_ORDER[contribution.status]:
        before = contribution.status
        contribution.status = target
        contribution.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            actor_label=SYSTEM_STRIPE,
            action="contribution.dispute",
            obj=contribution,
            before={"status": before},
            after={"status": target, "dispute": dispute_id},
        )
    lost_amount = min(amount, contribution_refundable(contribution))
    if target == Contribution.Status.DISPUTE_LOST and lost_amount > 0:
        refund_record(
            contribution=contribution,
            amount=lost_amount,
            refunded_at=closed_at or timezone.now(),
            reason="Dispute lost (chargeback)",
            actor=None,
            source=Refund.Source.STRIPE,
            kind=Refund.Kind.DISPUTE_LOST,
            stripe_dispute_id=dispute_id,
        )
    return contribution
