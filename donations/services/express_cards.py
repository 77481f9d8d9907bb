"""Saved cards for express giving: opened with the donor's consent at checkout, completed when the payment that
saves the card succeeds (webhook), used by one-tap gifts (donations.services.express) and forgotten by the donor.

Links and the device cookie are signed and carry only the card's public id (and a link's amount); a link expires
after EXPRESS_LINK_MAX_AGE_DAYS. Nothing here logs card data: ids only."""

import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from audit.services import audit_record
from donations.models import Donation, ExpressCard
from donations.payments import get_payment_gateway
from fundraising.exceptions import ApplicationError
from fundraising.money import dollars

logger = logging.getLogger(__name__)
LINK_SALT = "express-giving-link"
DEVICE_SALT = "express-giving-device"
FORGET_SALT = "express-giving-forget"
_INVALID_LINK = "This giving link is not valid or has expired. Please use the donation form."


@dataclass(frozen=True)
class ExpressLink:
    amount: Decimal
    url: str


def express_card_open(*, donation: Donation, consent_text: str) -> ExpressCard:
    """In the checkout's transaction: the donor ticked the consent box. The card is saved when this gift is paid."""
    return ExpressCard.objects.create(
        committee=donation.committee,
        donor=donation.donor,
        donation=donation,
        stripe_customer_id="",
        consent_text=consent_text[:300],
        consented_at=timezone.now(),
    )


def express_card_activate(*, donation_public_id: str, payment_intent_id: str) -> ExpressCard | None:
    """payment_intent.succeeded for a gift whose donor consented: keep the card the payment saved (its id, brand
    and last four digits for the donor to recognise it). Once only; nothing when there was no consent."""
    card = (
        ExpressCard.objects.filter(donation__public_id=donation_public_id, stripe_payment_method_id="")
        .select_related("donation")
        .first()
    )
    if card is None or not payment_intent_id:
        return None
    saved = get_payment_gateway().intent_saved_card(payment_intent_id)
    if not saved.attached or not saved.payment_method_id:
        logger.info("express card not saved donation=%s intent=%s", donation_public_id, payment_intent_id)
        return None
    with transaction.atomic():
        updated = ExpressCard.objects.filter(pk=card.pk, stripe_payment_method_id="").update(
            stripe_payment_method_id=saved.payment_method_id,
            stripe_customer_id=saved.customer_id or card.stripe_customer_id,
            brand=saved.brand[:20],
            last4=saved.last4[:4],
            updated_at=timezone.now(),
        )
        if updated:
            audit_record(
                actor=None,
                actor_label="donor:express-consent",
                action="express_card.saved",
                obj=card,
                after={"payment_method": saved.payment_method_id, "donation": str(donation_public_id)},
                reason=card.consent_text,
            )
    logger.info("express card saved card=%s intent=%s", card.public_id, payment_intent_id)
    card.refresh_from_db()
    return card


def _usable(public_id: str) -> ExpressCard | None:
    card = (
        ExpressCard.objects.filter(public_id=public_id, forgotten_at__isnull=True)
        .exclude(stripe_payment_method_id="")
        .select_related("committee", "donor", "donation__page")
        .first()
    )
    return card


# --- signed links and the device cookie -------------------------------------------------------------------
def express_link_token(card: ExpressCard, amount: Decimal) -> str:
    return signing.dumps({"c": str(card.public_id), "a": f"{dollars(amount):.2f}"}, salt=LINK_SALT, compress=True)


def express_card_from_link(token: str) -> tuple[ExpressCard, Decimal]:
    """The saved card and amount of a receipt's one-tap link. Refused when altered, expired or the card forgotten."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=settings.EXPRESS_LINK_MAX_AGE_DAYS * 86400)
        amount = dollars(Decimal(data["a"]))
        card = _usable(data["c"])
    except (signing.BadSignature, KeyError, TypeError, ArithmeticError, ValueError):
        raise ApplicationError(_INVALID_LINK) from None
    if card is None:
        raise ApplicationError(_INVALID_LINK)
    return card, amount


def express_device_value(card: ExpressCard) -> str:
    """What the recognised-device cookie holds (the view signs it with DEVICE_SALT and the cookie's max age)."""
    return str(card.public_id)


def express_card_for_device(public_id: str | None, *, committee_id: int) -> ExpressCard | None:
    """The usable saved card a recognised device points at, for this committee only."""
    if not public_id:
        return None
    try:
        card = _usable(public_id)
    except (ValueError, signing.BadSignature):
        return None
    return card if card is not None and card.committee_id == committee_id else None


def express_links(card: ExpressCard, *, amounts: list[Decimal]) -> list[ExpressLink]:
    """The one-tap links of a receipt: one per amount, absolute, signed, expiring."""
    out = []
    for amount in amounts:
        path = reverse("express-link", args=[express_link_token(card, amount)])
        out.append(ExpressLink(amount=dollars(amount), url=f"{settings.PUBLIC_BASE_URL}{path}"))
    return out


def express_forget_url(card: ExpressCard) -> str:
    token = signing.dumps(str(card.public_id), salt=FORGET_SALT, compress=True)
    return f"{settings.PUBLIC_BASE_URL}{reverse('express-forget', args=[token])}"


def express_card_from_forget_token(token: str) -> ExpressCard:
    try:
        public_id = signing.loads(token, salt=FORGET_SALT)
        card = ExpressCard.objects.filter(public_id=public_id).select_related("committee").first()
    except (signing.BadSignature, ValueError):
        card = None
    if card is None:
        raise ApplicationError("This link is not valid.")
    return card


def express_card_forget(*, card: ExpressCard, actor_label: str) -> ExpressCard:
    """The donor's "forget my card": detached at Stripe, stamped forgotten here (the row stays). Idempotent."""
    if card.forgotten_at is not None:
        return card
    if card.stripe_payment_method_id:
        get_payment_gateway().detach_payment_method(card.stripe_payment_method_id)
    with transaction.atomic():
        updated = ExpressCard.objects.filter(pk=card.pk, forgotten_at__isnull=True).update(
            forgotten_at=timezone.now(), updated_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=None,
                actor_label=actor_label,
                action="express_card.forgotten",
                obj=card,
                before={"forgotten": False},
                after={"forgotten": True},
            )
    card.refresh_from_db()
    logger.info("express card forgotten card=%s", card.public_id)
    return card
