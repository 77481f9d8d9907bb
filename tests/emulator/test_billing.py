"""Products, prices, subscriptions, invoices, renewals on the global clock and on test clocks."""

from __future__ import annotations

import pytest
import stripe

from stripe_emulator.testing import RunningEmulator

from .conftest import WebhookReceiver


def _monthly_price(client: stripe.StripeClient, amount: int = 2500) -> stripe.Price:
    return client.v1.prices.create(
        {
            "currency": "usd",
            "unit_amount": amount,
            "recurring": {"interval": "month"},
            "product_data": {"name": "Monthly gift"},
        }
    )


def _subscriber(client: stripe.StripeClient, **extra: object) -> tuple[stripe.Customer, stripe.Subscription]:
    customer = client.v1.customers.create({"email": "monthly@example.org", **extra})
    sub = client.v1.subscriptions.create(
        {
            "customer": customer.id,
            "items": [{"price": _monthly_price(client).id}],
            "default_payment_method": "pm_card_visa",
            "metadata": {"recurring_donation_id": "3"},
        }
    )
    return customer, sub


def _subscription_of(invoice: dict) -> str:
    return invoice["parent"]["subscription_details"]["subscription"]


def test_products_and_prices(stripe_client: stripe.StripeClient) -> None:
    product = stripe_client.v1.products.create({"name": "Campaign 2026"})
    assert product.id.startswith("prod_")
    price = stripe_client.v1.prices.create(
        {"currency": "usd", "unit_amount": 1000, "product": product.id, "recurring": {"interval": "month"}}
    )
    assert price.id.startswith("price_") and price.type == "recurring" and price.recurring.interval == "month"
    one_time = stripe_client.v1.prices.create({"currency": "usd", "unit_amount": 500, "product_data": {"name": "x"}})
    assert one_time.type == "one_time" and one_time.recurring is None
    assert stripe_client.v1.prices.retrieve(price.id).unit_amount == 1000
    assert [p.id for p in stripe_client.v1.prices.list({"product": product.id}).data] == [price.id]
    assert stripe_client.v1.products.retrieve(product.id).name == "Campaign 2026"
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.prices.create({"currency": "usd", "product": product.id})


def test_six_monthly_renewals(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    customer, sub = _subscriber(stripe_client)
    assert sub.id.startswith("sub_") and sub.status == "active"
    item = sub["items"].data[0]
    assert item.id.startswith("si_") and item.current_period_end > item.current_period_start
    first = stripe_client.v1.invoices.retrieve(sub.latest_invoice)
    assert first.status == "paid" and first.billing_reason == "subscription_create"
    assert first.parent.subscription_details.subscription == sub.id

    for _ in range(6):
        emulator.advance_clock(months=1)
    invoices = stripe_client.v1.invoices.list({"subscription": sub.id, "limit": 100}).data
    assert len(invoices) == 7 and all(i.status == "paid" for i in invoices)
    assert sorted(i.billing_reason for i in invoices).count("subscription_cycle") == 6
    assert len({i.id for i in invoices}) == 7 and all(i.id.startswith("in_") for i in invoices)

    paid = receiver.wait_for_type("invoice.paid", count=7)
    assert len(paid) == 7
    assert {_subscription_of(d.event["data"]["object"]) for d in paid} == {sub.id}
    assert all(d.event["data"]["object"]["amount_paid"] == 2500 for d in paid)
    receiver.wait_for_type("invoice.payment_succeeded", count=7)

    # Each renewal paid through a PaymentIntent, reachable through the invoice's payments.
    latest = stripe_client.v1.invoices.retrieve(invoices[0].id, {"expand": ["payments"]})
    payment = latest.payments.data[0]
    assert payment.id.startswith("inpay_") and payment.status == "paid"
    pi = stripe_client.v1.payment_intents.retrieve(payment.payment.payment_intent)
    assert pi.status == "succeeded" and pi.customer == customer.id
    listed = stripe_client.v1.invoice_payments.list({"invoice": invoices[0].id})
    assert [p.id for p in listed.data] == [payment.id]
    periods = [i.lines.data[0].period for i in sorted(invoices, key=lambda i: i.created)]
    assert all(later.start == earlier.end for earlier, later in zip(periods, periods[1:], strict=False))
    current = stripe_client.v1.subscriptions.retrieve(sub.id)["items"].data[0]
    assert current.current_period_start == periods[-1].start


def test_default_incomplete_waits_for_confirmation(
    stripe_client: stripe.StripeClient, receiver: WebhookReceiver
) -> None:
    customer = stripe_client.v1.customers.create({})
    sub = stripe_client.v1.subscriptions.create(
        {
            "customer": customer.id,
            "items": [{"price": _monthly_price(stripe_client).id}],
            "payment_behavior": "default_incomplete",
            "payment_settings": {"save_default_payment_method": "on_subscription"},
            "expand": ["latest_invoice.confirmation_secret"],
        }
    )
    assert sub.status == "incomplete" and sub.latest_invoice.status == "open"
    secret = sub.latest_invoice.confirmation_secret
    assert secret.type == "payment_intent"
    pi_id = secret.client_secret.split("_secret_")[0]
    confirmed = stripe_client.v1.payment_intents.confirm(pi_id, {"payment_method": "pm_card_visa"})
    assert confirmed.status == "succeeded"
    after = stripe_client.v1.subscriptions.retrieve(sub.id)
    assert after.status == "active" and after.default_payment_method == confirmed.payment_method
    assert stripe_client.v1.invoices.retrieve(sub.latest_invoice.id).status == "paid"
    updated = receiver.wait_for_type("customer.subscription.updated")[0].event
    assert updated["data"]["previous_attributes"]["status"] == "incomplete"
    receiver.wait_for_type("invoice.paid")


def test_renewal_decline_makes_subscription_past_due(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    customer, sub = _subscriber(stripe_client)
    emulator.set_default_payment_method(customer.id, "pm_card_chargeCustomerFail")
    emulator.advance_clock(months=1)
    failed = receiver.wait_for_type("invoice.payment_failed")[0].event["data"]["object"]
    assert _subscription_of(failed) == sub.id and failed["status"] == "open"
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "past_due"
    # Paying the open invoice with a good card brings it back.
    paid = stripe_client.v1.invoices.pay(failed["id"], {"payment_method": "pm_card_visa"})
    assert paid.status == "paid"
    assert stripe_client.v1.subscriptions.retrieve(sub.id).status == "active"


def test_attach_then_charge_fails_card(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    customer = stripe_client.v1.customers.create({})
    pm = stripe_client.v1.payment_methods.attach("pm_card_chargeCustomerFail", {"customer": customer.id})
    sub = stripe_client.v1.subscriptions.create(
        {
            "customer": customer.id,
            "items": [{"price": _monthly_price(stripe_client).id}],
            "default_payment_method": pm.id,
        }
    )
    assert sub.status == "incomplete"
    receiver.wait_for_type("invoice.payment_failed")
    with pytest.raises(stripe.CardError):
        stripe_client.v1.subscriptions.create(
            {
                "customer": customer.id,
                "items": [{"price": _monthly_price(stripe_client).id}],
                "default_payment_method": pm.id,
                "payment_behavior": "error_if_incomplete",
            }
        )


def test_cancel_now_and_at_period_end(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    _, sub = _subscriber(stripe_client)
    canceled = stripe_client.v1.subscriptions.cancel(sub.id)
    assert canceled.status == "canceled" and canceled.canceled_at
    deleted = receiver.wait_for_type("customer.subscription.deleted")[0].event["data"]["object"]
    assert deleted["id"] == sub.id and deleted["status"] == "canceled"

    _, later = _subscriber(stripe_client)
    flagged = stripe_client.v1.subscriptions.update(later.id, {"cancel_at_period_end": True, "metadata": {"x": "1"}})
    assert flagged.cancel_at_period_end is True and flagged.status == "active"
    emulator.advance_clock(months=1)
    assert stripe_client.v1.subscriptions.retrieve(later.id).status == "canceled"
    assert len(stripe_client.v1.invoices.list({"subscription": later.id}).data) == 1
    receiver.wait_for_type("customer.subscription.deleted", count=2)


def test_pause_collection_voids_renewals(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    _, sub = _subscriber(stripe_client)
    paused = stripe_client.v1.subscriptions.update(sub.id, {"pause_collection": {"behavior": "void"}})
    assert paused.pause_collection.behavior == "void"
    emulator.advance_clock(months=1)
    statuses = sorted(i.status for i in stripe_client.v1.invoices.list({"subscription": sub.id}).data)
    assert statuses == ["paid", "void"]
    stripe_client.v1.subscriptions.update(sub.id, {"pause_collection": ""})
    emulator.advance_clock(months=1)
    statuses = sorted(i.status for i in stripe_client.v1.invoices.list({"subscription": sub.id}).data)
    assert statuses == ["paid", "paid", "void"]


def test_test_clocks(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    start = 1_767_225_600  # 2026-01-01T00:00:00Z
    clock = stripe_client.v1.test_helpers.test_clocks.create({"frozen_time": start, "name": "renewals"})
    assert clock.id.startswith("clock_") and clock.status == "ready"
    customer, sub = _subscriber(stripe_client, test_clock=clock.id)
    assert customer.test_clock == clock.id and sub.test_clock == clock.id
    assert sub["items"].data[0].current_period_start == start
    advanced = stripe_client.v1.test_helpers.test_clocks.advance(clock.id, {"frozen_time": start + 62 * 86400})
    assert advanced.status == "ready" and advanced.frozen_time == start + 62 * 86400
    invoices = stripe_client.v1.invoices.list({"subscription": sub.id}).data
    assert len(invoices) == 3 and all(i.status == "paid" for i in invoices)
    assert max(i.created for i in invoices) == 1_772_323_200  # 2026-03-01, the second renewal
    receiver.wait_for_type("invoice.paid", count=3)


def test_subscription_items_and_list(stripe_client: stripe.StripeClient) -> None:
    customer, sub = _subscriber(stripe_client)
    item = sub["items"].data[0]
    assert stripe_client.v1.subscription_items.retrieve(item.id).subscription == sub.id
    assert [i.id for i in stripe_client.v1.subscription_items.list({"subscription": sub.id}).data] == [item.id]
    assert [s.id for s in stripe_client.v1.subscriptions.list({"customer": customer.id}).data] == [sub.id]
    stripe_client.v1.subscriptions.cancel(sub.id)
    assert stripe_client.v1.subscriptions.list({"customer": customer.id}).data == []
    assert len(stripe_client.v1.subscriptions.list({"customer": customer.id, "status": "all"}).data) == 1
