"""Stripe's test cards: the ``pm_card_*`` / ``tok_*`` shortcuts and raw test numbers, and what each does."""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass


@dataclass(frozen=True)
class TestCard:
    """A test card: its number, brand, and the outcome of charging it."""

    number: str
    brand: str
    funding: str = "credit"
    country: str = "US"
    #: None = charges succeed; otherwise the error ``code`` of the decline (``card_declined``, ``expired_card``…).
    decline_code: str | None = None
    error_code: str = "card_declined"
    #: "always" = every payment needs 3DS; None = never.
    authentication: str | None = None
    #: Charges succeed, then a dispute is opened shortly after.
    dispute: bool = False
    #: Attaching works but charges decline (``pm_card_chargeCustomerFail``).
    attach_ok_charge_fails: bool = False

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def fingerprint(self) -> str:
        """Stable per card number, 16 alphanumerics like Stripe's."""
        digest = hashlib.sha256(f"emulator-fingerprint:{self.number}".encode()).digest()
        alphabet = string.ascii_letters + string.digits
        return "".join(alphabet[b % len(alphabet)] for b in digest[:16])

    @property
    def network(self) -> str:
        return {"amex": "amex", "mastercard": "mastercard", "discover": "discover"}.get(self.brand, self.brand)


#: Shortcut name (the part after ``pm_card_`` / ``tok_``) -> card.
CARDS: dict[str, TestCard] = {
    "visa": TestCard("4242424242424242", "visa"),
    "visa_debit": TestCard("4000056655665556", "visa", funding="debit"),
    "mastercard": TestCard("5555555555554444", "mastercard"),
    "mastercard_debit": TestCard("5200828282828210", "mastercard", funding="debit"),
    "amex": TestCard("378282246310005", "amex"),
    "discover": TestCard("6011111111111117", "discover"),
    "chargeDeclined": TestCard("4000000000000002", "visa", decline_code="generic_decline"),
    "chargeDeclinedInsufficientFunds": TestCard("4000000000009995", "visa", decline_code="insufficient_funds"),
    "chargeDeclinedLostCard": TestCard("4000000000009987", "visa", decline_code="lost_card"),
    "chargeDeclinedStolenCard": TestCard("4000000000009979", "visa", decline_code="stolen_card"),
    "chargeDeclinedFraudulent": TestCard("4100000000000019", "visa", decline_code="fraudulent"),
    "chargeDeclinedExpiredCard": TestCard(
        "4000000000000069", "visa", decline_code="expired_card", error_code="expired_card"
    ),
    "chargeDeclinedIncorrectCvc": TestCard(
        "4000000000000127", "visa", decline_code="incorrect_cvc", error_code="incorrect_cvc"
    ),
    "chargeDeclinedProcessingError": TestCard(
        "4000000000000119", "visa", decline_code="processing_error", error_code="processing_error"
    ),
    "riskLevelHighest": TestCard("4000000000004954", "visa", decline_code="fraudulent"),
    "chargeCustomerFail": TestCard(
        "4000000000000341", "visa", decline_code="generic_decline", attach_ok_charge_fails=True
    ),
    "authenticationRequired": TestCard("4000002760003184", "visa", authentication="always"),
    "threeDSecure2Required": TestCard("4000000000003220", "visa", authentication="always"),
    "createDispute": TestCard("4000000000000259", "visa", dispute=True),
}

_BY_NUMBER = {card.number: card for card in CARDS.values()}
_BY_NUMBER.setdefault("4000002500003155", CARDS["authenticationRequired"])

#: The choices offered by the Stripe.js stand-in's test Payment Element.
ELEMENT_CHOICES = (
    "pm_card_visa",
    "pm_card_chargeDeclined",
    "pm_card_authenticationRequired",
    "pm_card_threeDSecure2Required",
    "pm_card_createDispute",
)


def card_for_shortcut(name: str) -> TestCard | None:
    """The card for ``pm_card_visa`` / ``tok_visa`` / ``card_visa`` style shortcuts, or None."""
    for prefix in ("pm_card_", "tok_", "card_"):
        if name.startswith(prefix):
            return CARDS.get(name[len(prefix) :])
    return None


def card_for_number(number: str) -> TestCard:
    """The card for a raw number; unknown numbers behave like a plain successful card of a guessed brand."""
    digits = "".join(ch for ch in str(number) if ch.isdigit())
    known = _BY_NUMBER.get(digits)
    if known:
        return known
    brand = {"4": "visa", "5": "mastercard", "3": "amex", "6": "discover"}.get(digits[:1], "unknown")
    return TestCard(digits or "4242424242424242", brand)


def card_for_fingerprint(fingerprint: str) -> TestCard | None:
    """Reverse lookup used when a stored PaymentMethod is charged again."""
    for card in list(CARDS.values()):
        if card.fingerprint == fingerprint:
            return card
    return None
