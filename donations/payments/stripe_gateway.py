"""The only module that imports the Stripe SDK.

The client points at STRIPE_API_BASE when it is set (the bundled emulator in development and tests)
and at Stripe itself otherwise. Errors become application errors; money crosses as Decimal dollars.
Logs carry Stripe ids and error codes only: never card data, keys, names or addresses."""

import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal

import stripe
from django.conf import settings

from donations.payments.gateway import (
    BalanceTransactionResult,
    ChargeResult,
    GatewayEvent,
    IntentResult,
    InvalidWebhook,
    PayoutResult,
    RefundResult,
    SetupIntentResult,
    SubscriptionResult,
)
from donations.payments.stripe_express import ExpressGatewayMixin
from fundraising.exceptions import ApplicationError, PaymentDeclined, PaymentGatewayUnavailable
from fundraising.money import from_cents, to_cents

logger = logging.getLogger(__name__)


class _NoBodies(logging.Filter):
    """The SDK logs every request's parameters and response's body at DEBUG: card details (a PaymentMethod's last4,
    expiry, fingerprint), donors' names and emails. Those records are dropped; its other lines carry ids only."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return "API response body" not in message and "Post details" not in message


logging.getLogger("stripe").addFilter(_NoBodies())


def _client() -> stripe.StripeClient:
    base = settings.STRIPE_API_BASE
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        stripe_version=settings.STRIPE_API_VERSION,
        base_addresses={"api": base} if base else {},
        max_network_retries=settings.STRIPE_MAX_NETWORK_RETRIES,
        http_client=stripe.RequestsClient(timeout=20),
    )


@contextmanager
def _stripe_errors(action: str) -> Iterator[None]:
    """Turn SDK exceptions into our application errors."""
    try:
        yield
    except stripe.CardError as exc:
        error = exc.error
        decline_code = getattr(error, "decline_code", None) or getattr(error, "code", None) or "card_declined"
        intent_id = getattr(getattr(error, "payment_intent", None), "id", "") or ""
        charge = getattr(error, "charge", None)
        card = getattr(getattr(error, "payment_method", None), "card", None)
        logger.info("stripe %s declined intent=%s decline_code=%s", action, intent_id, decline_code)
        raise PaymentDeclined(
            exc.user_message or "Your card was declined.",
            extra={
                "decline_code": decline_code,
                "payment_intent": intent_id,
                "charge": charge if isinstance(charge, str) else getattr(charge, "id", "") or "",
                "fingerprint": getattr(card, "fingerprint", "") or "",
            },
        ) from exc
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
        logger.warning("stripe %s unavailable: %s", action, type(exc).__name__)
        raise PaymentGatewayUnavailable("The payment service is unavailable; please try again.") from exc
    except stripe.InvalidRequestError as exc:
        logger.warning("stripe %s refused: code=%s param=%s", action, exc.code, getattr(exc, "param", ""))
        raise ApplicationError(exc.user_message or "The payment service refused the request.") from exc


def _intent_result(intent: stripe.PaymentIntent) -> IntentResult:
    charge = intent.latest_charge
    return IntentResult(
        id=intent.id,
        client_secret=intent.client_secret or "",
        status=intent.status,
        amount=from_cents(intent.amount),
        latest_charge_id=charge if isinstance(charge, str) else getattr(charge, "id", "") or "",
    )


def _refund_result(refund: stripe.Refund) -> RefundResult:
    charge = refund.charge
    return RefundResult(
        id=refund.id,
        amount=from_cents(refund.amount),
        status=refund.status or "",
        charge_id=charge if isinstance(charge, str) else getattr(charge, "id", "") or "",
        created=datetime.fromtimestamp(refund.created, tz=UTC),
    )


def _when(timestamp: int | None) -> datetime:
    return datetime.fromtimestamp(int(timestamp or 0), tz=UTC)


def _balance_transaction_result(txn: stripe.BalanceTransaction) -> BalanceTransactionResult:
    source = txn.source
    return BalanceTransactionResult(
        id=txn.id,
        type=txn.type or "",
        category=txn.reporting_category or "",
        amount=from_cents(txn.amount),
        fee=from_cents(txn.fee),
        net=from_cents(txn.net),
        created=_when(txn.created),
        source_id=source if isinstance(source, str) else getattr(source, "id", "") or "",
    )


def _payout_result(payout: stripe.Payout) -> PayoutResult:
    return PayoutResult(
        id=payout.id,
        amount=from_cents(payout.amount),
        status=payout.status or "",
        created=_when(payout.created),
        arrival=_when(payout.arrival_date),
        failure_code=payout.failure_code or "",
    )


class StripeGateway(ExpressGatewayMixin):
    """Express giving's calls (saved cards, off-session, deferred subscriptions) are in stripe_express.py."""

    def __init__(self) -> None:
        self._client = _client()

    # --- one-time gifts ---------------------------------------------------------------------------
    def create_payment_intent(
        self,
        *,
        amount: Decimal,
        idempotency_key: str,
        metadata: Mapping[str, str],
        payment_method: str = "",
        description: str = "",
        customer_id: str = "",
    ) -> IntentResult:
        params: dict = {"amount": to_cents(amount), "currency": "usd", "metadata": dict(metadata)}
        if description:
            params["description"] = description
        if customer_id:
            params["customer"] = customer_id
        if payment_method:
            params.update(payment_method=payment_method, confirm=True, payment_method_types=["card"])
        else:
            params["automatic_payment_methods"] = {"enabled": True}
        with _stripe_errors("payment_intent.create"):
            intent = self._client.v1.payment_intents.create(params, {"idempotency_key": idempotency_key})
        return _intent_result(intent)

    def retrieve_payment_intent(self, intent_id: str) -> IntentResult:
        with _stripe_errors("payment_intent.retrieve"):
            return _intent_result(self._client.v1.payment_intents.retrieve(intent_id))

    def cancel_payment_intent(self, intent_id: str) -> IntentResult:
        with _stripe_errors("payment_intent.cancel"):
            return _intent_result(self._client.v1.payment_intents.cancel(intent_id))

    def payment_method_fingerprint(self, payment_method_id: str) -> str:
        """The card's fingerprint: the same for every PaymentMethod of one card number ("" for other kinds)."""
        with _stripe_errors("payment_method.retrieve"):
            method = self._client.v1.payment_methods.retrieve(payment_method_id)
        return getattr(getattr(method, "card", None), "fingerprint", "") or ""

    # --- refunds and charges ----------------------------------------------------------------------
    def create_refund(
        self, *, payment_intent_id: str, amount: Decimal, idempotency_key: str, metadata: Mapping[str, str]
    ) -> RefundResult:
        params = {"payment_intent": payment_intent_id, "amount": to_cents(amount), "metadata": dict(metadata)}
        with _stripe_errors("refund.create"):
            refund = self._client.v1.refunds.create(params, {"idempotency_key": idempotency_key})
        return _refund_result(refund)

    def retrieve_charge(self, charge_id: str) -> ChargeResult:
        """The charge as Stripe has it now, with every refund: handlers re-read it when order matters."""
        with _stripe_errors("charge.retrieve"):
            charge = self._client.v1.charges.retrieve(charge_id, {"expand": ["refunds"]})
            refunds = self._client.v1.refunds.list({"charge": charge_id, "limit": 100})
        intent = charge.payment_intent
        return ChargeResult(
            id=charge.id,
            amount=from_cents(charge.amount),
            amount_refunded=from_cents(charge.amount_refunded),
            payment_intent_id=intent if isinstance(intent, str) else getattr(intent, "id", "") or "",
            disputed=bool(charge.disputed),
            refunds=tuple(_refund_result(r) for r in refunds.data),
            metadata=dict(charge.metadata.to_dict()) if charge.metadata else {},
        )

    # --- monthly gifts ----------------------------------------------------------------------------
    def create_customer(self, *, email: str, name: str, metadata: Mapping[str, str], idempotency_key: str) -> str:
        params = {"email": email, "name": name, "metadata": dict(metadata)}
        with _stripe_errors("customer.create"):
            return self._client.v1.customers.create(params, {"idempotency_key": idempotency_key}).id

    def create_monthly_subscription(
        self,
        *,
        customer_id: str,
        amount: Decimal,
        product_name: str,
        metadata: Mapping[str, str],
        idempotency_key: str,
        payment_method: str = "",
    ) -> SubscriptionResult:
        """A monthly price for this amount, then a subscription to it. With a payment method it is
        charged at once; without one the first invoice waits for Stripe.js to confirm it."""
        with _stripe_errors("price.create"):
            price = self._client.v1.prices.create(
                {
                    "currency": "usd",
                    "unit_amount": to_cents(amount),
                    "recurring": {"interval": "month"},
                    "product_data": {"name": product_name},
                },
                {"idempotency_key": f"{idempotency_key}-price"},
            )
        params: dict = {
            "customer": customer_id,
            "items": [{"price": price.id}],
            "metadata": dict(metadata),
            "expand": ["latest_invoice.confirmation_secret"],
        }
        if payment_method:
            with _stripe_errors("payment_method.attach"):
                self._client.v1.payment_methods.attach(payment_method, {"customer": customer_id})
            params["default_payment_method"] = payment_method
            params["payment_behavior"] = "error_if_incomplete"
        else:
            params["payment_behavior"] = "default_incomplete"
            params["payment_settings"] = {"save_default_payment_method": "on_subscription"}
        with _stripe_errors("subscription.create"):
            subscription = self._client.v1.subscriptions.create(params, {"idempotency_key": idempotency_key})
        invoice = subscription.latest_invoice
        secret = getattr(getattr(invoice, "confirmation_secret", None), "client_secret", "") or ""
        return SubscriptionResult(
            id=subscription.id, customer_id=customer_id, status=subscription.status, client_secret=secret
        )

    def invoice_payment_intent_id(self, invoice_id: str) -> str:
        """The PaymentIntent that paid an invoice (invoices carry payments only when asked for)."""
        with _stripe_errors("invoice_payments.list"):
            payments = self._client.v1.invoice_payments.list({"invoice": invoice_id, "limit": 10})
        for item in payments.data:
            intent = getattr(item.payment, "payment_intent", None)
            if intent:
                return intent if isinstance(intent, str) else intent.id
        return ""

    def cancel_subscription(self, subscription_id: str) -> SubscriptionResult:
        with _stripe_errors("subscription.cancel"):
            subscription = self._client.v1.subscriptions.cancel(subscription_id)
        customer = subscription.customer
        return SubscriptionResult(
            id=subscription.id,
            customer_id=customer if isinstance(customer, str) else customer.id,
            status=subscription.status,
        )

    # --- money movement: balance transactions and payouts ------------------------------------------
    def retrieve_balance_transaction(self, txn_id: str) -> BalanceTransactionResult:
        with _stripe_errors("balance_transaction.retrieve"):
            return _balance_transaction_result(self._client.v1.balance_transactions.retrieve(txn_id))

    def payout_balance_transactions(self, payout_id: str) -> list[BalanceTransactionResult]:
        """Every balance transaction a payout settles (and the payout's own, type ``payout``)."""
        with _stripe_errors("balance_transactions.list"):
            page = self._client.v1.balance_transactions.list({"payout": payout_id, "limit": 100})
            return [_balance_transaction_result(t) for t in page.auto_paging_iter()]

    def retrieve_payout(self, payout_id: str) -> PayoutResult:
        with _stripe_errors("payout.retrieve"):
            return _payout_result(self._client.v1.payouts.retrieve(payout_id))

    def list_payouts(self, *, since: datetime) -> list[PayoutResult]:
        """Payouts created at or after ``since``, newest first."""
        with _stripe_errors("payouts.list"):
            page = self._client.v1.payouts.list({"created": {"gte": int(since.timestamp())}, "limit": 100})
            return [_payout_result(p) for p in page.auto_paging_iter()]

    def list_events(self, *, since: datetime, types: list[str]) -> list[GatewayEvent]:
        """Events of ``types`` created at or after ``since`` (Stripe keeps 30 days), oldest first."""
        with _stripe_errors("events.list"):
            page = self._client.v1.events.list(
                {"created": {"gte": int(since.timestamp())}, "types": types, "limit": 100}
            )
            events = [
                GatewayEvent(id=e.id, type=e.type, created=int(e.created), payload=e.to_dict(recursive=True))
                for e in page.auto_paging_iter()
            ]
        return sorted(events, key=lambda e: e.created)

    # --- webhooks ---------------------------------------------------------------------------------
    def parse_webhook(self, *, payload: bytes, signature: str) -> GatewayEvent:
        """Verify Stripe's signature on the raw body, then return the event as plain data."""
        if not signature:
            raise InvalidWebhook("missing Stripe-Signature header")
        try:
            stripe.WebhookSignature.verify_header(
                payload.decode("utf-8"),
                signature,
                settings.STRIPE_WEBHOOK_SECRET,
                settings.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
            )
            data = json.loads(payload)
        except (stripe.SignatureVerificationError, UnicodeDecodeError, ValueError) as exc:
            raise InvalidWebhook(str(exc)) from exc
        if not isinstance(data, dict) or data.get("object") != "event" or not data.get("id"):
            raise InvalidWebhook("body is not a Stripe event")
        return GatewayEvent(
            id=data["id"], type=str(data.get("type", "")), created=int(data.get("created", 0)), payload=data
        )

    # --- donor self-service: a monthly gift's amount and card (issue #16) --------------------------
    def update_subscription_amount(
        self, *, subscription_id: str, amount: Decimal, product_name: str, idempotency_key: str
    ) -> SubscriptionResult:
        """A new monthly price for the subscription's one item, from the next invoice on (no proration)."""
        with _stripe_errors("subscription.retrieve"):
            subscription = self._client.v1.subscriptions.retrieve(subscription_id)
        item_id = subscription["items"].data[0].id
        with _stripe_errors("price.create"):
            price = self._client.v1.prices.create(
                {
                    "currency": "usd",
                    "unit_amount": to_cents(amount),
                    "recurring": {"interval": "month"},
                    "product_data": {"name": product_name},
                },
                {"idempotency_key": f"{idempotency_key}-price"},
            )
        params = {"items": [{"id": item_id, "price": price.id}], "proration_behavior": "none"}
        with _stripe_errors("subscription.update"):
            subscription = self._client.v1.subscriptions.update(
                subscription_id, params, {"idempotency_key": idempotency_key}
            )
        return _subscription_result(subscription)

    def create_setup_intent(
        self, *, customer_id: str, metadata: Mapping[str, str], idempotency_key: str
    ) -> SetupIntentResult:
        """A SetupIntent for a new card, confirmed in the browser by Stripe.js (the Payment Element)."""
        params = {
            "customer": customer_id,
            "usage": "off_session",
            "automatic_payment_methods": {"enabled": True},
            "metadata": dict(metadata),
        }
        with _stripe_errors("setup_intent.create"):
            return _setup_intent_result(
                self._client.v1.setup_intents.create(params, {"idempotency_key": idempotency_key})
            )

    def retrieve_setup_intent(self, setup_intent_id: str) -> SetupIntentResult:
        with _stripe_errors("setup_intent.retrieve"):
            return _setup_intent_result(self._client.v1.setup_intents.retrieve(setup_intent_id))

    def set_subscription_payment_method(self, *, subscription_id: str, payment_method_id: str) -> SubscriptionResult:
        """The card the subscription's next invoices are charged to."""
        with _stripe_errors("subscription.update"):
            subscription = self._client.v1.subscriptions.update(
                subscription_id, {"default_payment_method": payment_method_id}
            )
        return _subscription_result(subscription)


def _id_of(value) -> str:
    return value if isinstance(value, str) else getattr(value, "id", "") or ""


def _subscription_result(subscription: stripe.Subscription) -> SubscriptionResult:
    return SubscriptionResult(id=subscription.id, customer_id=_id_of(subscription.customer), status=subscription.status)


def _setup_intent_result(intent: stripe.SetupIntent) -> SetupIntentResult:
    return SetupIntentResult(
        id=intent.id,
        client_secret=intent.client_secret or "",
        status=intent.status,
        customer_id=_id_of(intent.customer),
        payment_method_id=_id_of(intent.payment_method),
        metadata=dict(intent.metadata.to_dict()) if intent.metadata else {},
    )
