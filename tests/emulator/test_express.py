"""What express giving and the monthly upsell need from the emulator, as Stripe does it: a card saved to a customer
by a PaymentIntent with setup_future_usage, charged again off-session (or declined with authentication_required),
detached; and a subscription on trial until next month (nothing charged today)."""

from __future__ import annotations

import time

import pytest
import stripe

from stripe_emulator.testing import RunningEmulator

from .conftest import WebhookReceiver


def _saved_card(client: stripe.StripeClient, card: str = "pm_card_visa") -> tuple[str, str]:
    customer = client.v1.customers.create({"email": "express@example.org"})
    pi = client.v1.payment_intents.create(
        {
            "amount": 2500,
            "currency": "usd",
            "customer": customer.id,
            "setup_future_usage": "off_session",
            "automatic_payment_methods": {"enabled": True},
        }
    )
    assert pi.setup_future_usage == "off_session"
    confirmed = client.v1.payment_intents.confirm(pi.id, {"payment_method": card})
    if confirmed.status == "requires_action":
        return customer.id, confirmed.payment_method
    assert confirmed.status == "succeeded"
    method = client.v1.payment_methods.retrieve(confirmed.payment_method)
    assert method.customer == customer.id  # saved: attached to the customer by the payment
    return customer.id, method.id


def test_saved_card_is_charged_off_session_and_listed_on_the_customer(stripe_client: stripe.StripeClient) -> None:
    customer, method = _saved_card(stripe_client)
    listed = stripe_client.v1.customers.payment_methods.list(customer)
    assert [m.id for m in listed.data] == [method]
    again = stripe_client.v1.payment_intents.create(
        {
            "amount": 5000,
            "currency": "usd",
            "customer": customer,
            "payment_method": method,
            "payment_method_types": ["card"],
            "off_session": True,
            "confirm": True,
        }
    )
    assert again.status == "succeeded" and again.amount_received == 5000
    charge = stripe_client.v1.charges.retrieve(again.latest_charge)
    assert charge.payment_method == method and charge.customer == customer


def test_off_session_charge_that_needs_authentication_is_declined(stripe_client: stripe.StripeClient) -> None:
    customer = stripe_client.v1.customers.create({})
    method = stripe_client.v1.payment_methods.attach("pm_card_authenticationRequired", {"customer": customer.id})
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.payment_intents.create(
            {
                "amount": 2500,
                "currency": "usd",
                "customer": customer.id,
                "payment_method": method.id,
                "off_session": True,
                "confirm": True,
            }
        )
    assert caught.value.code == "authentication_required"


def test_a_detached_card_can_no_longer_be_charged_for_the_customer(stripe_client: stripe.StripeClient) -> None:
    customer, method = _saved_card(stripe_client)
    detached = stripe_client.v1.payment_methods.detach(method)
    assert detached.customer is None
    assert stripe_client.v1.customers.payment_methods.list(customer).data == []


def test_trial_until_next_month_charges_nothing_today_then_bills_monthly(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    customer, method = _saved_card(stripe_client)
    price = stripe_client.v1.prices.create(
        {"currency": "usd", "unit_amount": 2500, "recurring": {"interval": "month"}, "product_data": {"name": "m"}}
    )
    trial_end = int(time.time()) + 20 * 86400
    sub = stripe_client.v1.subscriptions.create(
        {
            "customer": customer,
            "items": [{"price": price.id}],
            "default_payment_method": method,
            "trial_end": trial_end,
            "off_session": True,
        }
    )
    assert sub.status == "trialing" and sub.trial_end == trial_end and sub.billing_cycle_anchor == trial_end
    assert sub["items"].data[0].current_period_end == trial_end
    first = stripe_client.v1.invoices.retrieve(sub.latest_invoice)
    assert first.status == "paid" and first.amount_paid == 0 and first.billing_reason == "subscription_create"

    emulator.advance_clock(months=1)
    renewed = stripe_client.v1.subscriptions.retrieve(sub.id)
    assert renewed.status == "active"
    invoices = stripe_client.v1.invoices.list({"subscription": sub.id}).data
    cycle = [i for i in invoices if i.billing_reason == "subscription_cycle"]
    assert len(cycle) == 1 and cycle[0].status == "paid" and cycle[0].amount_paid == 2500
    assert cycle[0].lines.data[0].period.start == trial_end
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.subscriptions.create(
            {"customer": customer, "items": [{"price": price.id}], "trial_end": int(time.time()) - 10}
        )
