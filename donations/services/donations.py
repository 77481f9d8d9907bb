"""Starting a gift: validate, find the donor, create the PaymentIntent. Only the signed webhook later
marks the gift paid (services/payments.py)."""

import logging
import uuid
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, Election
from donations.models import Donation, DonationPage, ExpressCard
from donations.payments import get_payment_gateway
from donations.selectors import election_check_for_web_gift
from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.express_cards import express_card_open
from donations.services.limits import limit_release, limit_reserve
from fundraising.exceptions import ApplicationError, PaymentDeclined
from fundraising.money import dollars
from fundraising.queries import one_or_none

logger = logging.getLogger(__name__)

_INTENT_STATUS = {
    "succeeded": Donation.Status.PROCESSING,  # paid at Stripe; recorded when the webhook arrives
    "processing": Donation.Status.PROCESSING,
    "requires_action": Donation.Status.REQUIRES_ACTION,
    "requires_payment_method": Donation.Status.PENDING,
    "requires_confirmation": Donation.Status.PENDING,
    "canceled": Donation.Status.CANCELED,
}


def donation_idempotency_key(donation: Donation) -> str:
    """Derived from our own donation id: a retried or double-submitted checkout never charges twice."""
    return f"donation-{donation.public_id}-intent"


def donation_start(
    *,
    committee: Committee,
    election: Election | None,
    amount: Decimal,
    donor_data: DonorInput,
    page: DonationPage | None = None,
    payment_method: str = "",
    attribution: dict[str, str] | None = None,
    affirmations: dict[str, str] | None = None,
    client_ip: str | None = None,
    before_payment: Callable[[], None] | None = None,
    public_id: uuid.UUID | None = None,
    fee_cover: Decimal = Decimal("0.00"),
    save_card_consent: str = "",
    express_card: ExpressCard | None = None,
) -> Donation:
    """Create (or resume, for a retried public_id) a donation and its Stripe PaymentIntent. ``fee_cover`` is the
    part of ``amount`` the donor added for the processing fee; with ``save_card_consent`` (the words the donor
    agreed to) the card is saved to a Stripe customer for express giving (donations.services.express)."""
    amount = dollars(amount)
    if amount < settings.CHECKOUT_MINIMUM_AMOUNT:
        raise ApplicationError(f"The minimum gift is ${settings.CHECKOUT_MINIMUM_AMOUNT:.2f}.", field="amount")
    election_check_for_web_gift(committee=committee, election=election)
    saving: ExpressCard | None = None  # the consent row opened now; a resumed donation looks its own up below
    with transaction.atomic():
        existing = one_or_none(Donation.objects.filter(public_id=public_id)) if public_id else None
        if existing is not None:
            if existing.amount != amount or existing.committee_id != committee.pk:
                raise ApplicationError("This donation id was already used for another gift.", field="public_id")
            donation = existing
        else:
            donor = donor_get_or_create(committee=committee, data=donor_data)
            period_key = limit_reserve(
                committee=committee,
                donor=donor,
                election=election,
                amount=amount,
                on=timezone.localdate(timezone=committee.tzinfo),
            )
            if before_payment is not None:
                before_payment()  # last check before Stripe (the checkout's per-card limit); refused: nothing is kept
            donation = Donation.objects.create(
                limit_period_key=period_key,
                public_id=public_id or uuid.uuid4(),
                committee=committee,
                page=page,
                donor=donor,
                election=election,
                amount=amount,
                attribution=attribution or {},
                affirmations=affirmations or {},
                client_ip=client_ip,
                fee_cover=dollars(fee_cover),
            )
            if save_card_consent:
                saving = express_card_open(donation=donation, consent_text=save_card_consent)
    if donation.status not in (Donation.Status.PENDING, Donation.Status.REQUIRES_ACTION):
        donation.client_secret = ""
        return donation  # already paid, failed or canceled: nothing to resume
    gateway = get_payment_gateway()
    metadata = {"donation_id": str(donation.public_id), "committee": committee.fec_id}
    express = saving
    if existing is not None and express_card is None:
        express = ExpressCard.objects.filter(donation=donation).first()
    try:
        if express_card is not None:  # one tap: the saved card, off-session (donations.services.express)
            intent = gateway.charge_saved_card(
                amount=amount,
                customer_id=express_card.stripe_customer_id,
                payment_method_id=express_card.stripe_payment_method_id,
                idempotency_key=donation_idempotency_key(donation),
                metadata={**metadata, "express_card": str(express_card.public_id)},
                description=f"Contribution to {committee.name}",
            )
        elif express is not None and not payment_method:
            if not express.stripe_customer_id:
                express.stripe_customer_id = gateway.create_customer(
                    email=donation.donor.email,
                    name=f"{donation.donor.first_name} {donation.donor.last_name}".strip(),
                    metadata={"donor": str(donation.donor_id)},
                    idempotency_key=f"donation-{donation.public_id}-customer",
                )
                express.save(update_fields=["stripe_customer_id", "updated_at"])
            intent = gateway.create_saving_payment_intent(
                amount=amount,
                customer_id=express.stripe_customer_id,
                idempotency_key=donation_idempotency_key(donation),
                metadata=metadata,
                description=f"Contribution to {committee.name}",
            )
        else:
            intent = gateway.create_payment_intent(
                amount=amount,
                idempotency_key=donation_idempotency_key(donation),
                metadata=metadata,
                payment_method=payment_method,
                description=f"Contribution to {committee.name}",
            )
    except PaymentDeclined as exc:
        donation_mark_failed(
            donation,
            code=exc.extra.get("decline_code", "card_declined"),
            message=exc.message,
            intent_id=exc.extra.get("payment_intent", ""),
        )
        raise
    donation.stripe_payment_intent_id = intent.id
    donation.status = _INTENT_STATUS.get(intent.status, Donation.Status.PENDING)
    donation.client_secret = intent.client_secret
    donation.save(update_fields=["stripe_payment_intent_id", "status", "updated_at"])
    logger.info("donation started donation=%s intent=%s status=%s", donation.public_id, intent.id, intent.status)
    return donation


@transaction.atomic
def donation_release_reservation(donation: Donation) -> None:
    """Hand back the limit headroom a checkout held. Once only, whatever calls it."""
    claimed = Donation.objects.filter(pk=donation.pk, reservation_released=False).update(reservation_released=True)
    if claimed:
        limit_release(
            committee=donation.committee,
            donor=donation.donor,
            period_key=donation.limit_period_key,
            amount=donation.amount,
        )
    donation.reservation_released = True


def donation_mark_failed(donation: Donation, *, code: str, message: str, intent_id: str) -> None:
    donation_release_reservation(donation)
    donation.status = Donation.Status.FAILED
    donation.failure_code = code[:64]
    donation.failure_message = message[:255]
    if intent_id:
        donation.stripe_payment_intent_id = intent_id
    donation.save(update_fields=["status", "failure_code", "failure_message", "stripe_payment_intent_id", "updated_at"])
    logger.info("donation declined donation=%s intent=%s code=%s", donation.public_id, intent_id, code)


def donations_expire_abandoned(*, older_than_minutes: int | None = None) -> int:
    """Checkouts left unpaid longer than CHECKOUT_RESERVATION_MINUTES: cancel the PaymentIntent and hand back the
    limit headroom they held. Safe to run from two beat schedulers at once: each donation is claimed with a
    conditional update."""
    minutes = settings.CHECKOUT_RESERVATION_MINUTES if older_than_minutes is None else older_than_minutes
    cutoff = timezone.now() - timedelta(minutes=minutes)
    stale = Donation.objects.filter(
        status__in=[Donation.Status.PENDING, Donation.Status.REQUIRES_ACTION], created_at__lt=cutoff
    ).select_related("committee", "donor")
    expired = 0
    gateway = get_payment_gateway()
    for donation in stale.iterator():
        if donation.stripe_payment_intent_id:
            try:
                intent = gateway.cancel_payment_intent(donation.stripe_payment_intent_id)
            except ApplicationError:
                intent = gateway.retrieve_payment_intent(donation.stripe_payment_intent_id)
            if intent.status in ("succeeded", "processing"):
                continue  # paid after all: the webhook records it
        claimed = Donation.objects.filter(
            pk=donation.pk, status__in=[Donation.Status.PENDING, Donation.Status.REQUIRES_ACTION]
        ).update(status=Donation.Status.CANCELED)
        if claimed:
            donation_release_reservation(donation)
            expired += 1
    if expired:
        logger.info("expired %s abandoned checkouts", expired)
    return expired
