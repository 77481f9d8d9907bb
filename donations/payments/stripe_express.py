"""Stripe calls of express giving and the monthly upsell: a sibling of stripe_gateway.py (the one module that
owns the Stripe SDK), which it extends with its client and error handling. Money crosses as Decimal dollars.

Everything outside donations/payments reaches these through ``get_payment_gateway()`` (StripeGateway inherits
them)."""

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from donations.payments.gateway import IntentResult, SavedCardResult, SubscriptionResult
from fundraising.money import to_cents


class ExpressGatewayMixin:
    """Mixed into StripeGateway: ``self._client`` is its StripeClient; ``_stripe_errors`` and ``_intent_result`` its
    helpers (imported late: stripe_gateway imports this module)."""

    # --- express giving: a card saved with consent, charged off-session ----------------------------
    def create_saving_payment_intent(
        self,
        *,
        amount: Decimal,
        customer_id: str,
        idempotency_key: str,
        metadata: Mapping[str, str],
        description: str = "",
    ) -> IntentResult:
        """A PaymentIntent for the Payment Element that also saves the card to the customer for later gifts
        (setup_future_usage=off_session): only when the donor ticked the consent box."""
        from donations.payments.stripe_gateway import _intent_result, _stripe_errors

        params: dict = {
            "amount": to_cents(amount),
            "currency": "usd",
            "customer": customer_id,
            "setup_future_usage": "off_session",
            "automatic_payment_methods": {"enabled": True},
            "metadata": dict(metadata),
        }
        if description:
            params["description"] = description
        with _stripe_errors("payment_intent.create"):
            intent = self._client.v1.payment_intents.create(params, {"idempotency_key": idempotency_key})
        return _intent_result(intent)

    def charge_saved_card(
        self,
        *,
        amount: Decimal,
        customer_id: str,
        payment_method_id: str,
        idempotency_key: str,
        metadata: Mapping[str, str],
        description: str = "",
    ) -> IntentResult:
        """One tap: confirm at once, off-session, with the saved card. A card that wants authentication is
        declined (decline_code ``authentication_required``): the caller sends the donor to the full form."""
        from donations.payments.stripe_gateway import _intent_result, _stripe_errors

        params: dict = {
            "amount": to_cents(amount),
            "currency": "usd",
            "customer": customer_id,
            "payment_method": payment_method_id,
            "payment_method_types": ["card"],
            "off_session": True,
            "confirm": True,
            "metadata": dict(metadata),
        }
        if description:
            params["description"] = description
        with _stripe_errors("payment_intent.create"):
            intent = self._client.v1.payment_intents.create(params, {"idempotency_key": idempotency_key})
        return _intent_result(intent)

    def intent_saved_card(self, intent_id: str) -> SavedCardResult:
        """The card a paid PaymentIntent saved: its PaymentMethod id, the customer, brand and last four digits."""
        from donations.payments.stripe_gateway import _stripe_errors

        with _stripe_errors("payment_intent.retrieve"):
            intent = self._client.v1.payment_intents.retrieve(intent_id, {"expand": ["payment_method"]})
        method = intent.payment_method
        card = getattr(method, "card", None)
        customer = intent.customer
        return SavedCardResult(
            payment_method_id=method if isinstance(method, str) else getattr(method, "id", "") or "",
            customer_id=customer if isinstance(customer, str) else getattr(customer, "id", "") or "",
            brand=getattr(card, "brand", "") or "",
            last4=getattr(card, "last4", "") or "",
            attached=bool(getattr(method, "customer", None)),
        )

    def detach_payment_method(self, payment_method_id: str) -> None:
        """Forget a saved card at Stripe. Already detached is fine."""
        from donations.payments.stripe_gateway import _stripe_errors

        with _stripe_errors("payment_method.retrieve"):
            method = self._client.v1.payment_methods.retrieve(payment_method_id)
        if not getattr(method, "customer", None):
            return
        with _stripe_errors("payment_method.detach"):
            self._client.v1.payment_methods.detach(payment_method_id)

    # --- the monthly upsell: a subscription on the saved card, first charged next month ---------------
    def create_deferred_monthly_subscription(
        self,
        *,
        customer_id: str,
        payment_method_id: str,
        amount: Decimal,
        first_charge_at: datetime,
        product_name: str,
        metadata: Mapping[str, str],
        idempotency_key: str,
    ) -> SubscriptionResult:
        """A monthly subscription whose first installment is charged at ``first_charge_at`` (a free trial until
        then: nothing is charged today)."""
        from donations.payments.stripe_gateway import _stripe_errors

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
        params = {
            "customer": customer_id,
            "items": [{"price": price.id}],
            "default_payment_method": payment_method_id,
            "trial_end": int(first_charge_at.timestamp()),
            "off_session": True,
            "metadata": dict(metadata),
        }
        with _stripe_errors("subscription.create"):
            subscription = self._client.v1.subscriptions.create(params, {"idempotency_key": idempotency_key})
        return SubscriptionResult(id=subscription.id, customer_id=customer_id, status=subscription.status)
