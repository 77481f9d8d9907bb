"""Data passed across the payment boundary. Amounts are Decimal dollars here; cents exist only
inside stripe_gateway.py."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class IntentResult:
    id: str
    client_secret: str
    status: str
    amount: Decimal
    latest_charge_id: str = ""


@dataclass(frozen=True)
class RefundResult:
    id: str
    amount: Decimal
    status: str
    charge_id: str
    created: datetime


@dataclass(frozen=True)
class ChargeResult:
    id: str
    amount: Decimal
    amount_refunded: Decimal
    payment_intent_id: str
    disputed: bool
    refunds: tuple[RefundResult, ...]
    metadata: dict[str, str]


@dataclass(frozen=True)
class SubscriptionResult:
    id: str
    customer_id: str
    status: str
    client_secret: str = ""


@dataclass(frozen=True)
class SavedCardResult:
    """The card a PaymentIntent saved to its customer (express giving): ids, brand and last four digits only."""

    payment_method_id: str
    customer_id: str
    brand: str
    last4: str
    attached: bool


@dataclass(frozen=True)
class BalanceTransactionResult:
    """One Stripe balance transaction. ``amount`` is gross and ``net`` = amount - fee, signed as Stripe signs
    them (money leaving the balance is negative); ``category`` is Stripe's reporting category."""

    id: str
    type: str
    category: str
    amount: Decimal
    fee: Decimal
    net: Decimal
    created: datetime
    source_id: str


@dataclass(frozen=True)
class PayoutResult:
    id: str
    amount: Decimal
    status: str
    created: datetime
    arrival: datetime
    failure_code: str = ""


@dataclass(frozen=True)
class GatewayEvent:
    id: str
    type: str
    created: int
    payload: dict[str, Any] = field(repr=False)


class InvalidWebhook(Exception):
    """The webhook body or its signature could not be verified."""


@dataclass(frozen=True)
class SetupIntentResult:
    """A SetupIntent (saving a card for later charges, e.g. a monthly gift's new card)."""

    id: str
    client_secret: str
    status: str
    customer_id: str
    payment_method_id: str
    metadata: dict[str, str]
