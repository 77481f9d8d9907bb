"""The processing fee a donor may choose to cover, from the one definition of Stripe's card rate
(STRIPE_CARD_FEE_PERCENT and STRIPE_CARD_FEE_FIXED in config/settings/components/stripe.py)."""

from decimal import ROUND_UP, Decimal

from django.conf import settings

from fundraising.money import CENT, dollars


def card_fee_rate() -> tuple[Decimal, Decimal]:
    """(percent as a fraction, fixed dollars): 2.9% + $0.30 is (0.029, 0.30)."""
    return Decimal(settings.STRIPE_CARD_FEE_PERCENT) / 100, dollars(Decimal(settings.STRIPE_CARD_FEE_FIXED))


def fee_cover_for(amount: Decimal) -> Decimal:
    """What to add to ``amount`` so that after the card fee on the whole charge the committee still receives
    ``amount``: total = (amount + fixed) / (1 - percent), rounded up to the cent; the cover is total - amount."""
    percent, fixed = card_fee_rate()
    total = ((dollars(amount) + fixed) / (1 - percent)).quantize(CENT, rounding=ROUND_UP)
    return total - dollars(amount)
