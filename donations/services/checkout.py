"""The one checkout: the donation page (donations/web) and the API (donations/api) both start a gift here.

Each entry point checks the shape of what it was sent (its form or serializer, built from the field rules below)
and calls ``checkout_start`` with a ``CheckoutInput``. In order, before any Stripe call: the card-testing guard,
the attribution's size, the page or committee (they must agree when both are given), the election, the amount
and frequency rules of the page, the affirmations; then the
gift itself (donation_start or recurring_start: the donor, the limit check and its reservation, the
PaymentIntent or subscription; just before Stripe, the per-card check on the card's fingerprint). A decline at
creation counts against the source's lockout."""

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from django.conf import settings
from django.http import HttpRequest

from donations.models import Donation, DonationPage, Donor
from donations.selectors import committee_get, donation_page_get, election_for_gift
from donations.services.card_testing import (
    CardCheck,
    CheckoutSource,
    checkout_guard,
    checkout_record_failed_attempt,
    checkout_remember_intent,
)
from donations.services.donations import donation_start
from donations.services.donors import DonorInput
from donations.services.limits import person_limit
from donations.services.recurring import recurring_start
from fundraising.exceptions import ApplicationError, PaymentDeclined
from fundraising.fees import fee_cover_for
from fundraising.money import dollars
from fundraising.validators import US_STATES

# Field rules shared by the page's form and the API's serializer.
AFFIRMATIONS = {
    "own_funds": "This contribution is made from my own funds, not those of another person.",
    "citizen": "I am a U.S. citizen or lawfully admitted permanent resident (green card holder).",
    "not_contractor": "I am not a federal government contractor.",
    "personal_card": "I am making this contribution with my own personal credit or debit card, not a corporate or "
    "business card.",
    "age": "I am at least eighteen years old.",
}
FREQUENCIES = {"once": "One time", "monthly": "Monthly"}
# What a donor who is not employed reports as both employer and occupation (FEC practice).
NOT_EMPLOYED = {"retired": "Retired", "not_employed": "Not employed"}
# The donor fields a checkout takes, with the lengths the Donor model (and the FEC record) allows.
DONOR_FIELDS = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "street_1",
    "street_2",
    "city",
    "state",
    "zip_code",
    "email",
    "phone",
    "employer",
    "occupation",
)
DONOR_MAX_LENGTH = {
    name: Donor._meta.get_field(name).max_length for name in DONOR_FIELDS if name not in ("state", "zip_code", "email")
}
ZIP_CODE_REGEX = r"^\d{5}(-?\d{4})?$"
ZIP_CODE_MESSAGE = "Enter a 5-digit ZIP code or ZIP+4."
# A gift comes from a U.S. address (ZZ, foreign, is for staff entry and imports). The page's list also leaves out
# the military post codes (AA, AE, AP), as it always has; the API accepts them.
CHECKOUT_STATES = frozenset(US_STATES - {"ZZ"})
PAGE_STATES = frozenset(CHECKOUT_STATES - {"AA", "AE", "AP"})
# The consent a donor gives by ticking the express giving box: stored with the saved card (ExpressCard).
SAVE_CARD_CONSENT = (
    "Save my card with the campaign's payment processor so I can give again with one tap, from a link in my "
    "receipt or on this device. I can forget it at any time."
)
# Attribution (refcode, UTM parameters) is kept with every gift: bounded so no one can store megabytes in it.
ATTRIBUTION_MAX_KEYS = 20
ATTRIBUTION_MAX_KEY_LENGTH = 40
ATTRIBUTION_MAX_VALUE_LENGTH = 200
ATTRIBUTION_MAX_BYTES = 2048  # the whole mapping, as JSON


@dataclass(frozen=True)
class CheckoutInput:
    """A gift as a donor asked for it, already shaped by the entry point's form or serializer."""

    amount: Decimal
    donor: DonorInput
    frequency: str = "once"
    page_slug: str = ""  # the donation page, or
    committee_fec_id: str = ""  # the committee, for an API gift without a page
    election_code: str = ""  # blank: the page's default, else the committee's next election
    affirmations: tuple[str, ...] = ()  # keys of AFFIRMATIONS
    attribution: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    payment_method: str = ""
    captcha_token: str = ""
    public_id: uuid.UUID | None = None  # client-chosen id: a retry never charges twice (one-time gifts)
    cover_fee: bool = False  # the donor adds the processing fee (fundraising.fees): part of the contribution
    save_card: bool = False  # the donor consents to express giving: the card is saved for one-tap gifts


@dataclass(frozen=True)
class CheckoutResult:
    donation: Donation
    page: DonationPage | None
    client_secret: str  # for Stripe.js; empty when there is nothing left to confirm


def checkout_amount_check(*, amount: Decimal, page: DonationPage | None) -> Decimal:
    """The smallest gift anyone may start (CHECKOUT_MINIMUM_AMOUNT, the card-testing floor), and the page's own
    minimum and maximum. Returns the amount in dollars and cents."""
    amount = dollars(amount)
    minimum = max(settings.CHECKOUT_MINIMUM_AMOUNT, page.minimum_amount if page is not None else Decimal("0"))
    if amount < minimum:
        raise ApplicationError(f"The minimum gift is ${minimum:.2f}.", field="amount")
    if page is not None and amount > page.maximum_amount:
        law = person_limit(committee=page.committee)  # over what federal law allows: say so, with its figure
        if law is not None and amount > law[0]:
            raise ApplicationError(law[1], field="amount", extra={"limit": f"{law[0]:.2f}"})
        raise ApplicationError(f"The maximum gift on this page is ${page.maximum_amount:.2f}.", field="amount")
    return amount


def checkout_attribution_check(attribution: Mapping[str, str]) -> dict[str, str]:
    """Refuse an attribution with too many keys, too long a key or value, or too big as a whole (400, field
    ``attribution``). Returns it as a plain dict."""
    if len(attribution) > ATTRIBUTION_MAX_KEYS:
        raise ApplicationError(f"At most {ATTRIBUTION_MAX_KEYS} attribution keys.", field="attribution")
    for key, value in attribution.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise ApplicationError("Attribution keys and values are text.", field="attribution")
        if len(key) > ATTRIBUTION_MAX_KEY_LENGTH:
            raise ApplicationError(
                f"Attribution keys are at most {ATTRIBUTION_MAX_KEY_LENGTH} characters.", field="attribution"
            )
        if len(value) > ATTRIBUTION_MAX_VALUE_LENGTH:
            raise ApplicationError(
                f"Attribution values are at most {ATTRIBUTION_MAX_VALUE_LENGTH} characters.", field="attribution"
            )
    if len(json.dumps(dict(attribution), ensure_ascii=False).encode()) > ATTRIBUTION_MAX_BYTES:
        raise ApplicationError(f"Attribution is at most {ATTRIBUTION_MAX_BYTES} bytes.", field="attribution")
    return dict(attribution)


def checkout_frequencies(page: DonationPage | None) -> list[str]:
    """What a gift may be: one-time and/or monthly, as the page allows (both without a page)."""
    if page is None:
        return list(FREQUENCIES)
    return [f for f in FREQUENCIES if (f == "once" and page.allow_one_time) or (f == "monthly" and page.allow_monthly)]


def checkout_start(*, checkout: CheckoutInput, request: HttpRequest) -> CheckoutResult:
    """Start a gift (one-time or the first installment of a monthly one) and return what Stripe.js needs.
    Raises ApplicationError (with the field at fault) when it is refused, TooManyAttempts when the source
    is rate-limited or locked out, PaymentDeclined when a given payment method is declined."""
    source = CheckoutSource(
        request=request,
        email=checkout.donor.email,
        payment_method=checkout.payment_method,
        captcha_token=checkout.captcha_token,
    )
    checkout_guard(source)
    attribution = checkout_attribution_check(checkout.attribution)
    page = donation_page_get(slug=checkout.page_slug) if checkout.page_slug else None
    if page is not None and checkout.committee_fec_id and checkout.committee_fec_id != page.committee.fec_id:
        raise ApplicationError("This donation page is not that committee's.", field="committee")
    committee = page.committee if page is not None else committee_get(fec_id=checkout.committee_fec_id)
    election = election_for_gift(committee=committee, code=checkout.election_code, page=page)
    amount = checkout_amount_check(amount=checkout.amount, page=page)
    fee_cover = fee_cover_for(amount) if checkout.cover_fee else Decimal("0.00")
    if fee_cover:
        # The cover is part of the contribution: the page's maximum and the law's limit see the total.
        amount = checkout_amount_check(amount=amount + fee_cover, page=page)
    if checkout.frequency not in checkout_frequencies(page):
        kind = "monthly" if checkout.frequency == "monthly" else "one-time"
        raise ApplicationError(f"This page does not offer {kind} gifts.", field="frequency")
    unknown = [name for name in checkout.affirmations if name not in AFFIRMATIONS]
    if unknown:
        raise ApplicationError(f"Unknown affirmation: {unknown[0]}.", field="affirmations")
    common = {
        "committee": committee,
        "election": election,
        "amount": amount,
        "donor_data": checkout.donor,
        "page": page,
        "payment_method": checkout.payment_method,
        "attribution": attribution,
        "affirmations": {name: AFFIRMATIONS[name] for name in checkout.affirmations},
        "client_ip": source.ip or None,
        "fee_cover": fee_cover,
    }
    card = CardCheck(source)
    common["before_payment"] = card.check
    try:
        if checkout.frequency == "monthly":
            donation = recurring_start(**common)
        else:
            donation = donation_start(
                **common,
                public_id=checkout.public_id,
                save_card_consent=SAVE_CARD_CONSENT if checkout.save_card and not checkout.payment_method else "",
            )
    except PaymentDeclined as exc:
        checkout_record_failed_attempt(
            intent_id=exc.extra.get("payment_intent", ""),
            attempt=exc.extra.get("charge", ""),
            ip=source.ip,
            email=source.email,
            fingerprint=exc.extra.get("fingerprint") or card.fingerprint,
            session=source.session,
        )
        raise
    checkout_remember_intent(intent_id=donation.stripe_payment_intent_id, source=source)
    return CheckoutResult(donation=donation, page=page, client_secret=getattr(donation, "client_secret", ""))
