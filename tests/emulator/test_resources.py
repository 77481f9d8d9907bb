"""Customers, refunds, disputes, payment methods and setup intents."""

from __future__ import annotations

import pytest
import stripe

from stripe_emulator.testing import RunningEmulator

from .conftest import WebhookReceiver


def _paid(
    client: stripe.StripeClient, payment_method: str = "pm_card_visa", amount: int = 5000
) -> stripe.PaymentIntent:
    return client.v1.payment_intents.create(
        {"amount": amount, "currency": "usd", "payment_method": payment_method, "confirm": True}
    )


def test_customers(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    ann = stripe_client.v1.customers.create(
        {"email": "ann@example.org", "name": "Ann", "metadata": {"donor_id": "1"}, "address": {"postal_code": "02139"}}
    )
    stripe_client.v1.customers.create({"email": "bob@example.org"})
    assert ann.id.startswith("cus_") and ann.address.postal_code == "02139"
    assert stripe_client.v1.customers.retrieve(ann.id).email == "ann@example.org"
    updated = stripe_client.v1.customers.update(ann.id, {"name": "Ann B.", "metadata": {"donor_id": ""}})
    assert updated.name == "Ann B." and updated.metadata.to_dict() == {}
    found = stripe_client.v1.customers.list({"email": "ann@example.org"})
    assert [c.id for c in found.data] == [ann.id]
    assert len(stripe_client.v1.customers.list().data) == 2
    deleted = stripe_client.v1.customers.delete(ann.id)
    assert deleted.deleted is True and deleted.id == ann.id
    assert stripe_client.v1.customers.retrieve(ann.id).deleted is True
    receiver.wait_for_type("customer.deleted")
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.customers.update(ann.id, {"name": "x"})


def test_partial_then_full_refund(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    pi = _paid(stripe_client)
    partial = stripe_client.v1.refunds.create(
        {"payment_intent": pi.id, "amount": 1500, "reason": "requested_by_customer", "metadata": {"why": "typo"}}
    )
    assert partial.id.startswith("re_") and (partial.amount, partial.status) == (1500, "succeeded")
    assert partial.charge == pi.latest_charge and partial.payment_intent == pi.id
    charge = stripe_client.v1.charges.retrieve(pi.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (1500, False)
    with pytest.raises(stripe.InvalidRequestError) as too_much:
        stripe_client.v1.refunds.create({"charge": charge.id, "amount": 4000})
    assert too_much.value.param == "amount"
    rest = stripe_client.v1.refunds.create({"charge": charge.id})
    assert rest.amount == 3500
    charge = stripe_client.v1.charges.retrieve(pi.latest_charge)
    assert (charge.amount_refunded, charge.refunded) == (5000, True)
    assert {r.id for r in charge.refunds.data} == {partial.id, rest.id}
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.refunds.create({"payment_intent": pi.id})
    assert {r.id for r in stripe_client.v1.refunds.list({"payment_intent": pi.id}).data} == {partial.id, rest.id}
    assert stripe_client.v1.refunds.retrieve(partial.id).metadata["why"] == "typo"

    refunded = receiver.wait_for_type("charge.refunded", count=2)
    last = refunded[-1].event["data"]["object"]
    assert last["refunded"] is True and len(last["refunds"]["data"]) == 2
    assert refunded[0].event["data"]["previous_attributes"]["amount_refunded"] == 0
    receiver.wait_for_type("refund.created", count=2)


def test_dispute_created_then_lost(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    pi = _paid(stripe_client, "pm_card_createDispute")
    assert pi.status == "succeeded"
    created = receiver.wait_for_type("charge.dispute.created")[0].event["data"]["object"]
    assert created["id"].startswith("dp_")
    assert (created["status"], created["reason"], created["charge"]) == (
        "needs_response",
        "fraudulent",
        pi.latest_charge,
    )
    assert stripe_client.v1.charges.retrieve(pi.latest_charge).disputed is True
    dispute = stripe_client.v1.disputes.retrieve(created["id"])
    assert dispute.payment_intent == pi.id
    assert [d.id for d in stripe_client.v1.disputes.list({"payment_intent": pi.id}).data] == [dispute.id]
    updated = stripe_client.v1.disputes.update(dispute.id, {"metadata": {"case": "1"}})
    assert updated.metadata["case"] == "1"

    closed = emulator.close_dispute(dispute.id, "lost")
    assert closed["status"] == "lost"
    event = receiver.wait_for_type("charge.dispute.closed")[0].event
    assert event["data"]["object"]["status"] == "lost"
    assert event["data"]["previous_attributes"] == {"status": "needs_response"}
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.disputes.close(dispute.id)


def test_dispute_won_and_api_close(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    first, second = _paid(stripe_client, "pm_card_createDispute"), _paid(stripe_client, "pm_card_createDispute")
    receiver.wait_for_type("charge.dispute.created", count=2)
    by_charge = {d.charge: d for d in stripe_client.v1.disputes.list().data}
    assert emulator.close_dispute(by_charge[first.latest_charge].id, "won")["status"] == "won"
    assert stripe_client.v1.disputes.close(by_charge[second.latest_charge].id).status == "lost"
    closed = receiver.wait_for_type("charge.dispute.closed", count=2)
    assert sorted(d.event["data"]["object"]["status"] for d in closed) == ["lost", "won"]


def test_payment_methods_and_setup_intents(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    customer = stripe_client.v1.customers.create({"email": "pm@example.org"})
    from_token = stripe_client.v1.payment_methods.create({"type": "card", "card": {"token": "tok_mastercard"}})
    assert from_token.id.startswith("pm_") and from_token.card.brand == "mastercard"
    raw = stripe_client.v1.payment_methods.create(
        {"type": "card", "card": {"number": "4242424242424242", "exp_month": 12, "exp_year": 2031, "cvc": "123"}}
    )
    assert (raw.card.last4, raw.card.exp_year) == ("4242", 2031)
    attached = stripe_client.v1.payment_methods.attach(raw.id, {"customer": customer.id})
    assert attached.customer == customer.id
    with pytest.raises(stripe.CardError):
        stripe_client.v1.payment_methods.attach("pm_card_chargeDeclined", {"customer": customer.id})
    listed = stripe_client.v1.payment_methods.list({"customer": customer.id, "type": "card"})
    assert [pm.id for pm in listed.data] == [raw.id]
    with_default = stripe_client.v1.customers.update(
        customer.id, {"invoice_settings": {"default_payment_method": raw.id}}
    )
    assert with_default.invoice_settings.default_payment_method == raw.id
    assert stripe_client.v1.payment_methods.detach(raw.id).customer is None
    assert stripe_client.v1.customers.retrieve(customer.id).invoice_settings.default_payment_method is None

    seti = stripe_client.v1.setup_intents.create({"customer": customer.id, "usage": "off_session"})
    assert seti.id.startswith("seti_") and seti.status == "requires_payment_method"
    confirmed = stripe_client.v1.setup_intents.confirm(seti.id, {"payment_method": "pm_card_visa"})
    assert confirmed.status == "succeeded"
    saved = stripe_client.v1.payment_methods.retrieve(confirmed.payment_method)
    assert saved.customer == customer.id
    assert stripe_client.v1.setup_intents.retrieve(seti.id).status == "succeeded"
    receiver.wait_for_type("setup_intent.succeeded")
    receiver.wait_for_type("payment_method.attached", count=2)

    declined = stripe_client.v1.setup_intents.create({"customer": customer.id})
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.setup_intents.confirm(declined.id, {"payment_method": "pm_card_chargeDeclined"})
    assert caught.value.error.decline_code == "generic_decline"


def test_setup_intent_three_d_secure(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    customer = stripe_client.v1.customers.create({})
    seti = stripe_client.v1.setup_intents.create(
        {"customer": customer.id, "payment_method": "pm_card_authenticationRequired", "confirm": True}
    )
    assert seti.status == "requires_action"
    assert emulator.authenticate(seti.id, "succeed")["status"] == "succeeded"
