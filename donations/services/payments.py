"""What a paid gift does to our books: exactly one Contribution per successful PaymentIntent."""

import logging
from datetime import datetime

from django.db import transaction

from audit.services import SYSTEM_STRIPE, audit_record
from donations.models import Contribution, Donation
from donations.payments import get_payment_gateway
from donations.services.aggregates import receipt_aggregates_record
from donations.services.card_testing import checkout_record_failed_attempt
from donations.services.donations import donation_release_reservation
from donations.services.limits import limit_record_receipt
from donations.services.receipts import receipt_status_for_new_gift
from donations.signals import contribution_recorded, send_on_commit
from fundraising.exceptions import ApplicationError
from fundraising.fec_dates import fec_date_received
from fundraising.money import from_cents
from fundraising.queries import one_or_none

logger = logging.getLogger(__name__)


class PaymentMismatch(Exception):
    """Stripe's record of a payment disagrees with ours; never guessed at, always surfaced."""


@transaction.atomic(savepoint=False)
def contribution_record_payment(
    *, donation_public_id: str, payment_intent_id: str, amount_cents: int, charge_id: str, paid_at: datetime
) -> Contribution:
    """Record the contribution for a paid donation. Safe to call any number of times: the donation row
    is locked and the contribution is one-to-one with it. Inside the webhook's transaction it takes no savepoint
    (two round trips per gift): a refusal (PaymentMismatch) rolls back the caller's transaction with it."""
    donation = (
        Donation.objects.select_for_update(of=("self",), no_key=True)
        .select_related("committee", "donor", "election")
        .get(public_id=donation_public_id)
    )
    existing = one_or_none(Contribution.objects.filter(donation=donation))  # one-to-one
    if existing is not None:
        return existing
    if donation.stripe_payment_intent_id and donation.stripe_payment_intent_id != payment_intent_id:
        raise PaymentMismatch(f"donation {donation.public_id} has intent {donation.stripe_payment_intent_id}")
    amount = from_cents(amount_cents)
    if amount != donation.amount:
        raise PaymentMismatch(f"donation {donation.public_id} is {donation.amount}, Stripe charged {amount}")
    committee = donation.committee
    contribution = Contribution.objects.create(
        committee=committee,
        donor=donation.donor,
        donation=donation,
        election=donation.election,
        amount=amount,
        received_at=paid_at,
        date_received=fec_date_received(received_at=paid_at, committee_time_zone=committee.time_zone),
        source=Contribution.Source.WEB,
        stripe_payment_intent_id=payment_intent_id,
        stripe_charge_id=charge_id,
        limit_period_key=donation.limit_period_key,
        receipt_status=receipt_status_for_new_gift(donation.donor),
    )
    # The reservation becomes received money (unless it was already handed back, e.g. a decline on the
    # first try followed by a success on the same intent).
    release = not donation.reservation_released
    limit_record_receipt(
        committee=committee,
        donor=donation.donor,
        period_key=donation.limit_period_key,
        amount=amount,
        release_reservation=release,
    )
    receipt_aggregates_record(committee=committee, donor_id=contribution.donor_id, on=contribution.date_received)
    before = {"status": donation.status}
    donation.status = Donation.Status.SUCCEEDED
    donation.stripe_payment_intent_id = payment_intent_id
    donation.reservation_released = True  # under the row lock: one UPDATE with the status
    donation.save(update_fields=["status", "stripe_payment_intent_id", "reservation_released", "updated_at"])
    audit_record(
        actor=None,
        actor_label=SYSTEM_STRIPE,
        action="contribution.received",
        obj=contribution,
        before=before,
        after={"amount": contribution.amount, "date_received": contribution.date_received, "donation": donation.pk},
        reason=f"payment_intent.succeeded {payment_intent_id}",
    )
    # After commit: the receipt (its outbox row is the contribution) and the compliance review go to workers.
    send_on_commit(
        contribution_recorded,
        sender=Contribution,
        contribution_pk=contribution.pk,
        receipt_due=contribution.receipt_status == Contribution.ReceiptStatus.PENDING,
    )
    logger.info("contribution recorded contribution=%s donation=%s", contribution.pk, donation.public_id)
    return contribution


def donation_awaits_payment(*, payment_intent_id: str) -> bool:
    """A checkout of ours on this PaymentIntent that is paid at Stripe but not yet recorded as a contribution."""
    return Donation.objects.filter(
        stripe_payment_intent_id=payment_intent_id,
        status__in=[Donation.Status.PENDING, Donation.Status.REQUIRES_ACTION, Donation.Status.PROCESSING],
        recurring_gift__isnull=True,
    ).exists()


@transaction.atomic
def donation_record_failure(
    *, payment_intent_id: str, code: str, message: str, attempt: str = "", fingerprint: str = ""
) -> None:
    """A failed attempt is kept on the donation; it never becomes a contribution. A later success wins.
    Every failed attempt counts against the checkout's sources (``attempt``, the failed charge, makes a redelivery
    count once); after CHECKOUT_DECLINES_PER_INTENT of them the PaymentIntent is canceled at Stripe."""
    donation = (
        Donation.objects.select_for_update(of=("self",), no_key=True)
        .select_related("donor")
        .filter(stripe_payment_intent_id=payment_intent_id)
        .first()
    )
    if donation is None:
        return
    cancel = checkout_record_failed_attempt(
        intent_id=payment_intent_id,
        attempt=attempt,
        ip=donation.client_ip or "",
        email=donation.donor.email,
        fingerprint=fingerprint,
    )
    if donation.status not in (Donation.Status.SUCCEEDED, Donation.Status.FAILED, Donation.Status.CANCELED):
        donation_release_reservation(donation)
        donation.status = Donation.Status.FAILED
        donation.failure_code = code[:64]
        donation.failure_message = message[:255]
        donation.save(update_fields=["status", "failure_code", "failure_message", "updated_at"])
    if cancel and donation.status == Donation.Status.FAILED:
        _cancel_tested_intent(donation)


def _cancel_tested_intent(donation: Donation) -> None:
    """Cancel a PaymentIntent that collected too many declines: its client secret can confirm nothing more."""
    gateway = get_payment_gateway()
    try:
        intent = gateway.cancel_payment_intent(donation.stripe_payment_intent_id)
    except ApplicationError:  # not cancelable: paid meanwhile, or canceled already
        intent = gateway.retrieve_payment_intent(donation.stripe_payment_intent_id)
    if intent.status != "canceled":
        return  # paid after all: the success webhook records it
    donation_release_reservation(donation)
    donation.status = Donation.Status.CANCELED
    donation.save(update_fields=["status", "updated_at"])
    logger.info("donation canceled after repeated declines donation=%s", donation.public_id)
