"""Money is Decimal dollars with two places everywhere except the Stripe boundary (integer cents)."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def dollars(value: Decimal | int | str) -> Decimal:
    """Quantize to cents. Floats are refused: they cannot represent money exactly."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    quantized = dollars(amount)
    if quantized != amount:
        raise ValueError(f"{amount} has more than two decimal places")
    return int(quantized * 100)


def from_cents(cents: int) -> Decimal:
    if not isinstance(cents, int):
        raise TypeError("cents must be an integer")
    return (Decimal(cents) / 100).quantize(CENT)
