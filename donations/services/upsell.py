"""The monthly upsell: after a paid one-time gift, the thank-you page offers to give the same amount every month,
starting a month from today, to the same election while it is ahead (then the next, as every monthly gift does).

With the card the gift saved with the donor's consent (express giving) it starts at once. A card paid once without
that consent cannot be charged again, so then the offer collects the card again: a SetupIntent confirmed by the
Payment Element (donations.services.card_setup, as the self-service "update card" does), re-read from Stripe before
the subscription starts on it. The subscription is the recurring service's (RecurringGift; each paid invoice is recorded
by ``recurring_record_installment`` and looked ahead at the limit), on trial until the first charge. Accepting is
checked against the limit for that first installment, stored with the donor's consent in words, and idempotent: a
double click starts one subscription (MonthlyUpsell is one per gift, taken under the gift's row lock)."""

import calendar
import logging
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from committees.models import Election
from donations.models import Donation, ExpressCard, MonthlyUpsell, RecurringGift
from donations.payments import SetupIntentResult, get_payment_gateway
from donations.services.card_setup import card_setup_confirmed, card_setup_start
from donations.services.limits import limit_remaining
from fundraising.exceptions import ApplicationError

logger = logging.getLogger(__name__)
UPSELL_CARD_ATTEMPTS = 5  # SetupIntents one gift's offer may start (each a card the donor tries to add)


@dataclass(frozen=True)
class UpsellOffer:
    donation: Donation
    card: ExpressCard | None  # None: the donor did not save the card, the offer collects it again
    amount: Decimal
    first_charge: date
    election: Election | None

    @property
    def consent_text(self) -> str:
        election = f" Each gift is for the {self.election.label}, while it is ahead." if self.election else ""
        return (
            f"Yes, give ${self.amount:,.2f} every month starting {self.first_charge:%B} {self.first_charge.day}, "
            f"{self.first_charge.year}, charged to {self.card.label if self.card else 'the card I enter next'}, "
            f"until I cancel.{election}"
        )


def _month_later(day: date) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _election_on(donation: Donation, on: date) -> Election | None:
    election = donation.election
    if election is None or election.date >= on:
        return election
    return Election.objects.filter(committee=donation.committee, date__gte=on).order_by("date").first()


def upsell_offer(donation: Donation) -> UpsellOffer | None:
    """The offer for this gift, or None: not a paid one-time gift, the page offers no monthly gifts, no election
    ahead, or already accepted. ``card`` is the card the gift saved, or None (the offer then asks for a card)."""
    if donation.recurring_gift_id or donation.status != Donation.Status.SUCCEEDED:
        return None
    if donation.page is not None and not donation.page.allow_monthly:
        return None
    if MonthlyUpsell.objects.filter(donation=donation).exists():
        return None
    card = ExpressCard.objects.filter(donation=donation, forgotten_at__isnull=True).exclude(stripe_payment_method_id="")
    card = card.first()
    first = _month_later(timezone.localdate(timezone=donation.committee.tzinfo))
    election = _election_on(donation, first)
    if donation.election is not None and election is None:
        return None  # no election ahead for the first installment
    return UpsellOffer(donation=donation, card=card, amount=donation.amount, first_charge=first, election=election)


def _limit_check(donation: Donation, offer: UpsellOffer) -> None:
    remaining = limit_remaining(
        committee=donation.committee, donor=donation.donor, election=offer.election, on=offer.first_charge
    )
    if remaining is not None and remaining < offer.amount:
        raise ApplicationError(
            f"A monthly gift of ${offer.amount:,.2f} would go over the federal limit: you can still give "
            f"${remaining:,.2f} for that election.",
            field="consent",
            extra={"remaining": f"{remaining:.2f}"},
        )


def _setup_metadata(donation: Donation) -> dict[str, str]:
    return {"upsell_of": str(donation.public_id), "purpose": "monthly-upsell"}


def upsell_card_start(*, donation: Donation, consented: bool) -> tuple[UpsellOffer, SetupIntentResult]:
    """The donor accepted an offer that has no saved card: checked (consent, offer, limit) before they are asked
    for a card, then a SetupIntent on a Stripe customer for them, for Stripe.js to confirm (nothing is charged).
    At most UPSELL_CARD_ATTEMPTS per gift, so the offer is no way to test cards. Raises ApplicationError."""
    if not consented:
        raise ApplicationError("Tick the box to confirm the monthly gift.", field="consent")
    offer = upsell_offer(donation)
    if offer is None:
        raise ApplicationError("This gift cannot be made monthly.")
    if offer.card is not None:
        raise ApplicationError("This gift's saved card is used for the monthly gift.")
    _limit_check(donation, offer)
    attempts_key = f"upsell:card-attempts:{donation.public_id}"
    cache.add(attempts_key, 0, timeout=86400)
    if cache.incr(attempts_key) > UPSELL_CARD_ATTEMPTS:
        logger.info("monthly upsell card attempts exhausted donation=%s", donation.public_id)
        raise ApplicationError("Too many attempts to add a card. Please give monthly from the donation form.")
    donor = donation.donor
    customer_id = get_payment_gateway().create_customer(
        email=donor.email,
        name=f"{donor.first_name} {donor.last_name}".strip(),
        metadata={"donor": str(donor.pk)},
        idempotency_key=f"upsell-{donation.public_id}-customer",
    )
    intent = card_setup_start(
        customer_id=customer_id, metadata=_setup_metadata(donation), key_prefix=f"upsell-{donation.public_id}-card"
    )
    return offer, intent


def upsell_accept(
    *, donation: Donation, consented: bool, client_ip: str | None = None, setup_intent_id: str = ""
) -> RecurringGift:
    """Start the monthly gift the donor agreed to, on the gift's saved card or, when there is none, on the card
    the donor just confirmed (``setup_intent_id``, from upsell_card_start). Raises ApplicationError (no consent,
    over the limit, no offer, the card not confirmed)."""
    if not consented:
        raise ApplicationError("Tick the box to confirm the monthly gift.", field="consent")
    with transaction.atomic():
        locked = Donation.objects.select_for_update(of=("self",), no_key=True).get(pk=donation.pk)
        existing = MonthlyUpsell.objects.filter(donation=locked).select_related("recurring_gift").first()
        if existing is not None and existing.recurring_gift is not None:
            return existing.recurring_gift  # a double click: the first one started it
        offer = upsell_offer(locked)
        if offer is None:
            raise ApplicationError("This gift cannot be made monthly.")
        _limit_check(locked, offer)
        if offer.card is not None:
            customer_id, payment_method_id = offer.card.stripe_customer_id, offer.card.stripe_payment_method_id
        elif not setup_intent_id:
            raise ApplicationError("Enter the card for the monthly gift.", field="card")
        else:
            intent = card_setup_confirmed(setup_intent_id=setup_intent_id, metadata=_setup_metadata(locked))
            customer_id, payment_method_id = intent.customer_id, intent.payment_method_id
        gift = RecurringGift.objects.create(
            committee=locked.committee,
            page=locked.page,
            donor=locked.donor,
            election=offer.election,
            amount=offer.amount,
            attribution={**locked.attribution, "upsell_of": str(locked.public_id)},
            affirmations=locked.affirmations,
        )
        upsell = MonthlyUpsell.objects.create(
            donation=locked,
            recurring_gift=gift,
            consent_text=offer.consent_text[:300],
            consented_at=timezone.now(),
            client_ip=client_ip,
        )
        tz = locked.committee.tzinfo
        subscription = get_payment_gateway().create_deferred_monthly_subscription(
            customer_id=customer_id,
            payment_method_id=payment_method_id,
            amount=offer.amount,
            first_charge_at=timezone.make_aware(datetime.combine(offer.first_charge, time(12)), tz),
            product_name=f"Monthly contribution to {locked.committee.name}",
            metadata={"recurring_gift": str(gift.public_id), "committee": locked.committee.fec_id},
            idempotency_key=f"upsell-{locked.public_id}-subscription",
        )
        gift.stripe_customer_id = customer_id
        gift.stripe_subscription_id = subscription.id
        gift.status = RecurringGift.Status.ACTIVE
        gift.save(update_fields=["stripe_customer_id", "stripe_subscription_id", "status", "updated_at"])
        after = {"amount": offer.amount, "first_charge": offer.first_charge, "upsell_of": str(locked.public_id)}
        if setup_intent_id and offer.card is None:
            after["setup_intent"] = setup_intent_id
        audit_record(
            actor=None,
            actor_label="donor:monthly-upsell",
            action="recurring.started",
            obj=gift,
            after=after,
            reason=upsell.consent_text,
        )
    logger.info("monthly upsell gift=%s donation=%s subscription=%s", gift.public_id, locked.public_id, subscription.id)
    return gift
