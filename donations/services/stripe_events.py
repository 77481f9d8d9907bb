"""Stripe webhooks: store each event once, then process it once in a worker.

The endpoint only verifies the signature and stores the event under a unique id (fast 2xx); after commit the
``stripe_event_pending`` signal has the entry layer queue the processing task. Events can arrive twice and in
any order, so every handler is idempotent and state only moves forward."""

import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from donations.models import Contribution, StripeEvent
from donations.payments import BalanceTransactionResult, GatewayEvent, get_payment_gateway
from donations.services.express_cards import express_card_activate
from donations.services.payments import (
    contribution_record_payment,
    donation_awaits_payment,
    donation_record_failure,
)
from donations.services.recurring import (
    recurring_record_ended,
    recurring_record_failed_renewal,
    recurring_record_installment,
)
from donations.services.refunds import dispute_record, refunds_sync_from_charge
from donations.services.stripe_money import dispute_funds_reinstated, dispute_funds_withdrawn, payout_sync
from donations.signals import stripe_event_pending, stripe_event_processed
from fundraising.exceptions import ApplicationError, PaymentGatewayUnavailable
from fundraising.money import from_cents

logger = logging.getLogger(__name__)

Handler = Callable[[dict[str, Any], GatewayEvent], None]


def _ts(value: object, default: int) -> datetime:
    return datetime.fromtimestamp(int(value or default), tz=UTC)


def _id(value: object) -> str:
    """A Stripe reference that may be an id or an expanded object."""
    if isinstance(value, dict):
        return str(value.get("id", ""))
    return str(value or "")


def _on_payment_intent_succeeded(intent: dict[str, Any], event: GatewayEvent) -> None:
    metadata = intent.get("metadata") or {}
    donation_id = metadata.get("donation_id")
    if metadata.get("recurring_gift") or intent.get("invoice"):
        return  # an installment of a monthly gift: recorded from invoice.paid
    if not donation_id:
        logger.info("payment_intent.succeeded without donation_id intent=%s: not ours", intent.get("id"))
        return
    if intent.get("setup_future_usage"):
        # The donor consented to express giving: keep the saved card before the receipt (which links to it) goes.
        express_card_activate(donation_public_id=donation_id, payment_intent_id=intent["id"])
    charge = intent.get("latest_charge")
    contribution_record_payment(
        donation_public_id=donation_id,
        payment_intent_id=intent["id"],
        amount_cents=int(intent.get("amount_received") or intent["amount"]),
        charge_id=charge if isinstance(charge, str) else (charge or {}).get("id", ""),
        paid_at=datetime.fromtimestamp(event.created, tz=UTC),
    )


def _on_payment_intent_failed(intent: dict[str, Any], event: GatewayEvent) -> None:
    error = intent.get("last_payment_error") or {}
    method = error.get("payment_method") if isinstance(error.get("payment_method"), dict) else {}
    donation_record_failure(
        payment_intent_id=intent["id"],
        code=str(error.get("decline_code") or error.get("code") or "payment_failed"),
        message=str(error.get("message") or "Payment failed."),
        attempt=_id(error.get("charge")) or event.id,  # one failed attempt, whoever reports it
        fingerprint=str(((method or {}).get("card") or {}).get("fingerprint") or ""),
    )


def _on_charge_refunded(charge: dict[str, Any], event: GatewayEvent) -> None:
    # Refunds can arrive in any order and several per charge: re-read the charge from Stripe.
    refunds_sync_from_charge(charge_id=charge["id"])


class GiftNotRecordedYet(Exception):
    """An event about one of our charges arrived before the gift itself was recorded (Stripe sends events in
    any order; a fraudulent card is disputed within milliseconds): the task retries it, and the beat redelivers
    it while it stays unprocessed."""


def _wait_for_gift(charge_id: str, payment_intent_id: str = "") -> None:
    """Raise GiftNotRecordedYet when the charge is ours but its gift is not recorded yet: first from our own
    checkout (no Stripe call), else from the charge's metadata at Stripe."""
    if not charge_id or Contribution.objects.filter(stripe_charge_id=charge_id).exists():
        return
    if payment_intent_id and donation_awaits_payment(payment_intent_id=payment_intent_id):
        raise GiftNotRecordedYet(f"charge {charge_id} of {payment_intent_id} is ours, its payment not recorded yet")
    try:
        metadata = get_payment_gateway().retrieve_charge(charge_id).metadata
    except PaymentGatewayUnavailable:
        raise  # transient: the task retries
    except ApplicationError:
        return  # Stripe does not know the charge: not ours, handled as before
    if metadata.get("donation_id") or metadata.get("recurring_gift"):
        raise GiftNotRecordedYet(f"charge {charge_id} is ours but its gift is not recorded yet")


def _on_dispute(dispute: dict[str, Any], event: GatewayEvent) -> None:
    _wait_for_gift(_id(dispute.get("charge")), _id(dispute.get("payment_intent")))
    dispute_record(
        charge_id=_id(dispute.get("charge")),
        dispute_id=dispute["id"],
        status=str(dispute.get("status", "")),
        amount=from_cents(int(dispute.get("amount") or 0)),
        # A chargeback leaves the books the day Stripe withdrew the money, which is when the dispute opened.
        closed_at=_ts(dispute.get("created"), event.created) if event.type == "charge.dispute.closed" else None,
    )


def _dispute_transactions(dispute: dict[str, Any]) -> list[BalanceTransactionResult]:
    return [
        BalanceTransactionResult(
            id=str(t["id"]),
            type=str(t.get("type") or ""),
            category=str(t.get("reporting_category") or ""),
            amount=from_cents(int(t.get("amount") or 0)),
            fee=from_cents(int(t.get("fee") or 0)),
            net=from_cents(int(t.get("net") or 0)),
            created=_ts(t.get("created"), 0),
            source_id=_id(t.get("source")),
        )
        for t in dispute.get("balance_transactions") or []
        if isinstance(t, dict) and t.get("id")
    ]


def _on_dispute_funds_withdrawn(dispute: dict[str, Any], event: GatewayEvent) -> None:
    _wait_for_gift(_id(dispute.get("charge")))
    txns = [t for t in _dispute_transactions(dispute) if t.amount < 0]
    dispute_funds_withdrawn(
        charge_id=_id(dispute.get("charge")),
        dispute_id=dispute["id"],
        amount_withdrawn=txns,
        withdrawn_at=min((t.created for t in txns), default=_ts(event.created, 0)),
    )


def _on_dispute_funds_reinstated(dispute: dict[str, Any], event: GatewayEvent) -> None:
    txns = [t for t in _dispute_transactions(dispute) if t.amount > 0]
    dispute_funds_reinstated(
        charge_id=_id(dispute.get("charge")),
        dispute_id=dispute["id"],
        reinstated=txns,
        reinstated_at=max((t.created for t in txns), default=_ts(event.created, 0)),
    )


def _on_payout(payout: dict[str, Any], event: GatewayEvent) -> None:
    payout_sync(payout_id=payout["id"])


def _invoice_subscription(invoice: dict[str, Any]) -> str:
    details = (invoice.get("parent") or {}).get("subscription_details") or {}
    return _id(details.get("subscription") or invoice.get("subscription"))


def _invoice_payment_intent(invoice: dict[str, Any]) -> str:
    for payment in (invoice.get("payments") or {}).get("data") or []:
        intent = _id((payment.get("payment") or {}).get("payment_intent"))
        if intent:
            return intent
    return _id(invoice.get("payment_intent"))


def _on_invoice_paid(invoice: dict[str, Any], event: GatewayEvent) -> None:
    subscription = _invoice_subscription(invoice)
    if not subscription:
        return
    if not int(invoice.get("amount_paid") or 0):
        return  # a $0 invoice (the trial of a monthly upsell, before its first charge) is no contribution
    paid_at = ((invoice.get("status_transitions") or {}).get("paid_at")) or event.created
    recurring_record_installment(
        subscription_id=subscription,
        invoice_id=invoice["id"],
        amount_cents=int(invoice.get("amount_paid") or 0),
        payment_intent_id=_invoice_payment_intent(invoice)
        or get_payment_gateway().invoice_payment_intent_id(invoice["id"]),
        paid_at=_ts(paid_at, event.created),
    )


def _on_invoice_payment_failed(invoice: dict[str, Any], event: GatewayEvent) -> None:
    subscription = _invoice_subscription(invoice)
    if subscription:
        recurring_record_failed_renewal(subscription_id=subscription, invoice_id=invoice["id"])


def _on_subscription_deleted(subscription: dict[str, Any], event: GatewayEvent) -> None:
    ended = subscription.get("ended_at") or subscription.get("canceled_at") or event.created
    recurring_record_ended(subscription_id=subscription["id"], ended_at=_ts(ended, event.created))


HANDLERS: dict[str, Handler] = {
    "payment_intent.succeeded": _on_payment_intent_succeeded,
    "payment_intent.payment_failed": _on_payment_intent_failed,
    "charge.refunded": _on_charge_refunded,
    "charge.dispute.created": _on_dispute,
    "charge.dispute.closed": _on_dispute,
    "charge.dispute.funds_withdrawn": _on_dispute_funds_withdrawn,
    "charge.dispute.funds_reinstated": _on_dispute_funds_reinstated,
    "payout.paid": _on_payout,
    "payout.failed": _on_payout,
    "payout.canceled": _on_payout,
    "invoice.paid": _on_invoice_paid,
    "invoice.payment_failed": _on_invoice_payment_failed,
    "customer.subscription.deleted": _on_subscription_deleted,
}


def _requeue_due(requeue_after: int | None) -> Q:
    """Not handed to the broker yet (or the hand-over failed), or handed over long enough ago to be lost."""
    seconds = settings.STRIPE_EVENT_REQUEUE_SECONDS if requeue_after is None else requeue_after
    return Q(queued_at__isnull=True) | Q(queued_at__lte=timezone.now() - timedelta(seconds=seconds))


def _announce(pk: int) -> None:
    """Ask the entry layer to queue the event's processing (after the claim committed). A receiver answers True
    once the task is with the broker; when none does, the claim is released so the next sweep queues it."""
    responses = stripe_event_pending.send(sender=StripeEvent, stripe_event_pk=pk)
    if not any(response is True for _, response in responses):
        StripeEvent.objects.filter(pk=pk, processed_at__isnull=True).update(queued_at=None)


def _claim_and_announce(events: QuerySet[StripeEvent], *, limit: int, requeue_after: int | None = None) -> int:
    """Queue each unprocessed event of ``events`` that is due, once: the claim (queued_at) is a conditional
    write under the row lock (SKIP LOCKED: an event being processed, or claimed by a concurrent sweep or
    redelivery, is left alone), so two sweeps or a sweep and a redelivered webhook never queue it twice."""
    with transaction.atomic():
        pks = list(
            events.filter(processed_at__isnull=True)
            .filter(_requeue_due(requeue_after))
            .select_for_update(skip_locked=True, no_key=True)
            .order_by("received_at")
            .values_list("pk", flat=True)[:limit]
        )
        StripeEvent.objects.filter(pk__in=pks).update(queued_at=timezone.now())
    for pk in pks:
        _announce(pk)
    return len(pks)


def stripe_event_record(*, event: GatewayEvent) -> StripeEvent | None:
    """Store a verified event; the stored row is the durable intent to process it (an outbox).
    Returns None for a duplicate delivery. A duplicate of an event not yet processed is queued again only when
    its first hand-over failed or is old enough to have been lost; while it waits in the queue, it is not."""
    handled = event.type in HANDLERS
    try:
        with transaction.atomic():
            # A type nothing acts on (Stripe sends several events per gift) is kept, marked processed: no task.
            now = timezone.now()
            record = StripeEvent.objects.create(
                event_id=event.id,
                type=event.type,
                payload=event.payload,
                queued_at=now if handled else None,
                processed_at=None if handled else now,
            )
            if handled:
                transaction.on_commit(lambda: _announce(record.pk))
    except IntegrityError:
        logger.info("stripe event duplicate event=%s type=%s", event.id, event.type)
        _claim_and_announce(StripeEvent.objects.filter(event_id=event.id), limit=1)
        return None
    logger.info("stripe event stored event=%s type=%s", event.id, event.type)
    return record


def stripe_events_redeliver(
    *, older_than_seconds: int = 60, limit: int = 5000, requeue_queued_after: int | None = None
) -> int:
    """Queue again the stored events still unprocessed after a while (a failed enqueue, a crashed worker, the
    broker's data lost), skipping those queued less than STRIPE_EVENT_REQUEUE_SECONDS ago (still waiting in a
    backlog; ``requeue_queued_after`` overrides it, 0 after the broker lost its data). Idempotent: processing
    an event twice applies it once. Returns how many were queued."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    events = StripeEvent.objects.filter(received_at__lt=cutoff, error="")
    return _claim_and_announce(events, limit=limit, requeue_after=requeue_queued_after)


# Claim and mark in one statement: the UPDATE takes the row lock (a concurrent redelivery waits, then finds it
# processed and claims nothing) and returns what the handler needs. Rolled back with the handler if it fails.
_CLAIM_SQL = f"""
    UPDATE {StripeEvent._meta.db_table} SET processed_at = %s, attempts = attempts + 1, error = ''
    WHERE id = %s AND processed_at IS NULL
    RETURNING id, event_id, type, payload, received_at, processed_at
"""  # noqa: S608  (the table name is ours; every value is a parameter)


def stripe_event_process(*, stripe_event_pk: int) -> None:
    """Apply one stored event exactly once (the row lock serialises concurrent redeliveries)."""
    with transaction.atomic():
        record = next(iter(StripeEvent.objects.raw(_CLAIM_SQL, [timezone.now(), stripe_event_pk])), None)
        if record is None:
            return  # processed already (or no such event)
        handler = HANDLERS.get(record.type)
        if handler is not None:
            payload = record.payload
            event = GatewayEvent(
                id=record.event_id, type=record.type, created=int(payload.get("created", 0)), payload=payload
            )
            handler(payload["data"]["object"], event)
        else:
            logger.info("stripe event ignored event=%s type=%s", record.event_id, record.type)
        lag = max(0.0, (record.processed_at - record.received_at).total_seconds())
        event_type = record.type
        transaction.on_commit(
            lambda: stripe_event_processed.send(sender=StripeEvent, event_type=event_type, lag_seconds=lag)
        )


#: What the catch-up sync asks Stripe for (every type we act on).
SYNCED_EVENT_TYPES = sorted(HANDLERS)


def stripe_events_catch_up(*, since: datetime) -> int:
    """Store every event Stripe has since ``since`` that we never received (a webhook outage); each stored one
    is processed like a delivered webhook. Idempotent: an event already stored is skipped."""
    stored = 0
    for event in get_payment_gateway().list_events(since=since, types=SYNCED_EVENT_TYPES):
        if stripe_event_record(event=event) is not None:
            stored += 1
    return stored


def stripe_event_mark_error(*, stripe_event_pk: int, error: str) -> None:
    StripeEvent.objects.filter(pk=stripe_event_pk).update(error=error[:2000])
