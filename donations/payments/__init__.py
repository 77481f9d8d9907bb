"""The payment boundary. Everything outside this package speaks the DTOs in gateway.py."""

from django.conf import settings

from donations.payments.gateway import (
    BalanceTransactionResult,
    ChargeResult,
    GatewayEvent,
    IntentResult,
    InvalidWebhook,
    PayoutResult,
    RefundResult,
    SavedCardResult,
    SetupIntentResult,
    SubscriptionResult,
)
from donations.payments.stripe_gateway import StripeGateway

_gateways: dict[tuple[str, str], StripeGateway] = {}


def get_payment_gateway() -> StripeGateway:
    """One gateway (and so one pooled HTTP client) per configured key and API base."""
    key = (settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)
    gateway = _gateways.get(key)
    if gateway is None:
        gateway = _gateways[key] = StripeGateway()
    return gateway


__all__ = [
    "BalanceTransactionResult",
    "ChargeResult",
    "GatewayEvent",
    "IntentResult",
    "InvalidWebhook",
    "PayoutResult",
    "RefundResult",
    "SavedCardResult",
    "SetupIntentResult",
    "StripeGateway",
    "SubscriptionResult",
    "get_payment_gateway",
]
