"""Express giving: a gift in one tap with the card the donor saved (donations.services.express_cards), from a
signed link in a receipt or on a recognised device. It is a checkout like any other: the card-testing guard, the
election and amount rules, the limit check and its reservation, the per-card check, then an off-session charge.

A card that wants authentication (3-D Secure) cannot be charged off-session: ``ExpressNeedsForm`` sends the donor
to the normal form, where Stripe.js can show the challenge."""

from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpRequest

from committees.models import Election
from donations.models import Donation, DonationPage, ExpressCard
from donations.selectors import election_for_gift
from donations.services.card_testing import (
    CardCheck,
    CheckoutSource,
    checkout_guard,
    checkout_record_failed_attempt,
    checkout_remember_intent,
)
from donations.services.checkout import AFFIRMATIONS, DONOR_FIELDS, checkout_amount_check
from donations.services.donations import donation_start
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError, PaymentDeclined

AUTHENTICATION_REQUIRED = "authentication_required"


class ExpressNeedsForm(ApplicationError):
    """The saved card cannot be charged without the donor (authentication required): use the normal form."""


@dataclass(frozen=True)
class ExpressGift:
    """What the confirm page shows before the tap."""

    card: ExpressCard
    page: DonationPage
    amount: Decimal
    election: Election | None


def express_gift_preview(
    *, card: ExpressCard, page: DonationPage, amount: Decimal, election_code: str = ""
) -> ExpressGift:
    """The gift a tap would make (amount checked against the page, election in force): raises ApplicationError."""
    if card.committee_id != page.committee_id:
        raise ApplicationError("This saved card is not for this campaign.")
    election = election_for_gift(committee=page.committee, code=election_code, page=page)
    amount = checkout_amount_check(amount=amount, page=page)
    return ExpressGift(card=card, page=page, amount=amount, election=election)


def express_give(*, gift: ExpressGift, request: HttpRequest, via: str, captcha_token: str = "") -> Donation:
    """Charge the saved card for ``gift``. ``via`` ("receipt-link" or "device") is kept in the gift's attribution.
    Raises TooManyAttempts, ApplicationError (limit, page rules), ExpressNeedsForm or PaymentDeclined."""
    card = gift.card
    donor = card.donor
    source = CheckoutSource(
        request=request, email=donor.email, payment_method=card.stripe_payment_method_id, captcha_token=captcha_token
    )
    checkout_guard(source)
    check = CardCheck(source)
    try:
        donation = donation_start(
            committee=gift.page.committee,
            election=gift.election,
            amount=gift.amount,
            donor_data=DonorInput(**{name: getattr(donor, name) for name in DONOR_FIELDS}),
            page=gift.page,
            attribution={"express": via},
            affirmations=dict(AFFIRMATIONS),  # shown on the confirm page: the tap affirms them again
            client_ip=source.ip or None,
            before_payment=check.check,
            express_card=card,
        )
    except PaymentDeclined as exc:
        code = exc.extra.get("decline_code", "")
        if code == AUTHENTICATION_REQUIRED:
            raise ExpressNeedsForm(
                "Your bank wants to confirm this payment with you. Please give with the form below.",
                extra={"payment_intent": exc.extra.get("payment_intent", "")},
            ) from exc
        checkout_record_failed_attempt(
            intent_id=exc.extra.get("payment_intent", ""),
            attempt=exc.extra.get("charge", ""),
            ip=source.ip,
            email=source.email,
            fingerprint=exc.extra.get("fingerprint") or check.fingerprint,
            session=source.session,
        )
        raise
    checkout_remember_intent(intent_id=donation.stripe_payment_intent_id, source=source)
    return donation
