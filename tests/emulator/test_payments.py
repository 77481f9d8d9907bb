"""PaymentIntents, charges, declines, 3DS, idempotency and authentication through the official SDK."""

from __future__ import annotations

import pytest
import requests
import stripe

from stripe_emulator.testing import RunningEmulator

from .conftest import API_KEY, WebhookReceiver


def _pi(client: stripe.StripeClient, **extra: object) -> stripe.PaymentIntent:
    params = {"amount": 2500, "currency": "usd", "automatic_payment_methods": {"enabled": True}, **extra}
    return client.v1.payment_intents.create(params)


def test_create_confirm_retrieve(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    customer = stripe_client.v1.customers.create({"email": "donor@example.org"})
    pi = _pi(stripe_client, customer=customer.id, metadata={"donation_id": "7"}, receipt_email="donor@example.org")
    assert pi.id.startswith("pi_") and len(pi.id) > 20
    assert pi.status == "requires_payment_method"
    assert pi.client_secret.startswith(f"{pi.id}_secret_")
    assert pi.automatic_payment_methods.enabled is True

    done = stripe_client.v1.payment_intents.confirm(
        pi.id, {"payment_method": "pm_card_visa", "return_url": "http://testserver/thanks/"}
    )
    assert done.status == "succeeded"
    assert done.amount_received == 2500
    assert done.metadata["donation_id"] == "7"
    assert done.latest_charge.startswith("ch_")

    again = stripe_client.v1.payment_intents.retrieve(pi.id)
    assert again.status == "succeeded" and again.latest_charge == done.latest_charge

    charge = stripe_client.v1.charges.retrieve(done.latest_charge)
    card = charge.payment_method_details.card
    assert (charge.paid, charge.status, charge.payment_intent) == (True, "succeeded", pi.id)
    assert (card.brand, card.last4) == ("visa", "4242")
    assert charge.metadata["donation_id"] == "7"
    charges = stripe_client.v1.charges.list({"payment_intent": pi.id})
    assert [c.id for c in charges.data] == [charge.id]

    receiver.wait_for_type("payment_intent.succeeded")
    receiver.wait_for_type("charge.succeeded")
    event = receiver.received("payment_intent.succeeded")[0].event
    assert event["data"]["object"]["id"] == pi.id
    assert event["data"]["object"]["metadata"] == {"donation_id": "7"}


def test_confirm_on_create_and_stable_fingerprint(stripe_client: stripe.StripeClient) -> None:
    first = _pi(stripe_client, payment_method="pm_card_visa", confirm=True)
    second = _pi(stripe_client, payment_method="pm_card_visa", confirm=True)
    other = _pi(stripe_client, payment_method="pm_card_mastercard", confirm=True)
    assert first.status == second.status == other.status == "succeeded"

    def fingerprint(pi: stripe.PaymentIntent) -> str:
        return stripe_client.v1.charges.retrieve(pi.latest_charge).payment_method_details.card.fingerprint

    assert fingerprint(first) == fingerprint(second) != fingerprint(other)


@pytest.mark.parametrize(
    ("payment_method", "decline_code"),
    [
        ("pm_card_chargeDeclined", "generic_decline"),
        ("pm_card_chargeDeclinedInsufficientFunds", "insufficient_funds"),
        ("pm_card_chargeDeclinedFraudulent", "fraudulent"),
    ],
)
def test_declines_raise_card_error(
    stripe_client: stripe.StripeClient, receiver: WebhookReceiver, payment_method: str, decline_code: str
) -> None:
    pi = _pi(stripe_client)
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.payment_intents.confirm(pi.id, {"payment_method": payment_method})
    error = caught.value
    assert error.http_status == 402
    assert error.code == "card_declined"
    assert error.error.decline_code == decline_code
    assert error.error.payment_intent.id == pi.id
    assert error.error.payment_intent.status == "requires_payment_method"
    assert error.error.charge.startswith("ch_")

    after = stripe_client.v1.payment_intents.retrieve(pi.id)
    assert after.status == "requires_payment_method"
    assert after.last_payment_error.decline_code == decline_code
    failed = stripe_client.v1.charges.retrieve(error.error.charge)
    assert (failed.status, failed.paid, failed.outcome.reason) == ("failed", False, decline_code)
    receiver.wait_for_type("payment_intent.payment_failed")

    # A declined intent can be retried with another card.
    assert stripe_client.v1.payment_intents.confirm(pi.id, {"payment_method": "pm_card_visa"}).status == "succeeded"


def test_three_d_secure(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    pi = _pi(stripe_client)
    pending = stripe_client.v1.payment_intents.confirm(pi.id, {"payment_method": "pm_card_authenticationRequired"})
    assert pending.status == "requires_action"
    assert pending.next_action.type == "use_stripe_sdk"
    assert emulator.authenticate(pi.id, "succeed")["status"] == "succeeded"
    assert stripe_client.v1.payment_intents.retrieve(pi.id).status == "succeeded"
    receiver.wait_for_type("payment_intent.succeeded")

    failing = _pi(stripe_client)
    stripe_client.v1.payment_intents.confirm(failing.id, {"payment_method": "pm_card_authenticationRequired"})
    emulator.authenticate(failing.id, "fail")
    failed = stripe_client.v1.payment_intents.retrieve(failing.id)
    assert failed.status == "requires_payment_method"
    assert failed.last_payment_error.code == "payment_intent_authentication_failure"


def test_off_session_authentication_required(stripe_client: stripe.StripeClient) -> None:
    customer = stripe_client.v1.customers.create({})
    pi = _pi(stripe_client, customer=customer.id)
    with pytest.raises(stripe.CardError) as caught:
        stripe_client.v1.payment_intents.confirm(
            pi.id, {"payment_method": "pm_card_authenticationRequired", "off_session": True}
        )
    assert caught.value.code == "authentication_required"


def test_idempotent_replay_and_mismatch(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    params = {"amount": 1000, "currency": "usd", "metadata": {"donation_id": "42"}}
    options = {"idempotency_key": "donation-42-create"}
    first = stripe_client.v1.payment_intents.create(params, options)
    second = stripe_client.v1.payment_intents.create(params, options)
    assert first.id == second.id
    assert len(stripe_client.v1.payment_intents.list({"limit": 100}).data) == 1
    with pytest.raises(stripe.IdempotencyError):
        stripe_client.v1.payment_intents.create({**params, "amount": 2000}, options)

    # Keys are scoped per API key, and the replay is marked with a header.
    headers = {"Authorization": f"Bearer {API_KEY}", "Idempotency-Key": "raw-key"}
    body = {"amount": "700", "currency": "usd"}
    one = requests.post(f"{emulator.url}/v1/payment_intents", data=body, headers=headers, timeout=5)
    two = requests.post(f"{emulator.url}/v1/payment_intents", data=body, headers=headers, timeout=5)
    assert one.json()["id"] == two.json()["id"]
    assert two.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in one.headers
    other_key = {**headers, "Authorization": "Bearer sk_test_someone_else"}
    three = requests.post(f"{emulator.url}/v1/payment_intents", data=body, headers=other_key, timeout=5)
    assert three.json()["id"] != one.json()["id"]


def test_declined_result_is_replayed(stripe_client: stripe.StripeClient) -> None:
    pi = _pi(stripe_client)
    options = {"idempotency_key": f"confirm-{pi.id}"}
    for _ in range(2):
        with pytest.raises(stripe.CardError) as caught:
            stripe_client.v1.payment_intents.confirm(pi.id, {"payment_method": "pm_card_chargeDeclined"}, options)
        assert caught.value.error.decline_code == "generic_decline"
    assert len(stripe_client.v1.charges.list({"payment_intent": pi.id}).data) == 1


def test_authentication_and_request_errors(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    bad = stripe.StripeClient(
        "sk_live_wrong",
        base_addresses={"api": emulator.url},
        http_client=stripe.RequestsClient(),
        max_network_retries=0,
    )
    with pytest.raises(stripe.AuthenticationError):
        bad.v1.customers.list()
    raw = requests.get(f"{emulator.url}/v1/customers", timeout=5)
    assert raw.status_code == 401 and raw.json()["error"]["type"] == "authentication_error"

    with pytest.raises(stripe.InvalidRequestError) as missing:
        stripe_client.v1.payment_intents.create({"currency": "usd"})
    assert (missing.value.param, missing.value.code) == ("amount", "parameter_missing")
    with pytest.raises(stripe.InvalidRequestError) as unknown:
        stripe_client.v1.payment_intents.retrieve("pi_doesnotexist")
    assert unknown.value.http_status == 404 and unknown.value.code == "resource_missing"
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.payment_intents.confirm(_pi(stripe_client).id, {"payment_method": "pm_nope"})


def test_cancel_and_update(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    pi = _pi(stripe_client, metadata={"a": "1"})
    updated = stripe_client.v1.payment_intents.update(pi.id, {"amount": 3000, "metadata": {"b": "2"}})
    assert updated.amount == 3000 and updated.metadata.to_dict() == {"a": "1", "b": "2"}
    canceled = stripe_client.v1.payment_intents.cancel(pi.id)
    assert canceled.status == "canceled" and canceled.canceled_at
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.payment_intents.confirm(pi.id, {"payment_method": "pm_card_visa"})
    receiver.wait_for_type("payment_intent.canceled")


def test_publishable_key_with_client_secret(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    pi = _pi(stripe_client)
    pk = {"Authorization": "Bearer pk_test_browser"}
    url = f"{emulator.url}/v1/payment_intents/{pi.id}"
    got = requests.get(url, params={"client_secret": pi.client_secret}, headers=pk, timeout=5)
    assert got.status_code == 200 and got.json()["id"] == pi.id
    assert requests.get(url, params={"client_secret": "wrong"}, headers=pk, timeout=5).status_code == 400
    denied = requests.post(f"{emulator.url}/v1/payment_intents", data={"amount": 100}, headers=pk, timeout=5)
    assert denied.status_code == 401
    confirmed = requests.post(
        f"{url}/confirm",
        data={"client_secret": pi.client_secret, "payment_method": "pm_card_visa", "return_url": "http://x/"},
        headers=pk,
        timeout=5,
    )
    assert confirmed.json()["status"] == "succeeded"
    declined = requests.post(
        f"{emulator.url}/v1/payment_intents/{_pi(stripe_client).id}/confirm",
        data={"key": "pk_test_browser", "payment_method": "pm_card_chargeDeclined", "client_secret": "x"},
        timeout=5,
    )
    assert declined.status_code == 400  # wrong client_secret is refused before anything happens


def test_cors_and_stripe_js(emulator: RunningEmulator) -> None:
    preflight = requests.options(f"{emulator.url}/v1/payment_intents/pi_x/confirm", timeout=5)
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]
    script = requests.get(f"{emulator.url}/js/v3/stripe.js", timeout=5)
    assert script.status_code == 200 and "javascript" in script.headers["Content-Type"]
    for needle in ("confirmPayment", "Test card", "pm_card_authenticationRequired", "window.Stripe"):
        assert needle in script.text


def test_request_log(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    assert emulator.requests() == []
    stripe_client.v1.customers.create({"email": "x@example.org"}, {"idempotency_key": "cus-1"})
    stripe_client.v1.customers.list()
    log = emulator.requests()
    assert [(r["method"], r["path"]) for r in log] == [("POST", "/v1/customers"), ("GET", "/v1/customers")]
    assert log[0]["idempotency_key"] == "cus-1" and log[1]["idempotency_key"] is None
    assert emulator.request_count() == 2


def test_expand(stripe_client: stripe.StripeClient) -> None:
    customer = stripe_client.v1.customers.create({"email": "expand@example.org"})
    pi = _pi(stripe_client, customer=customer.id, payment_method="pm_card_visa", confirm=True)
    expanded = stripe_client.v1.payment_intents.retrieve(pi.id, {"expand": ["latest_charge", "customer"]})
    assert expanded.latest_charge.id == pi.latest_charge and expanded.customer.email == "expand@example.org"
    listed = stripe_client.v1.payment_intents.list({"customer": customer.id, "expand": ["data.latest_charge"]})
    assert listed.data[0].latest_charge.object == "charge"
    assert isinstance(stripe_client.v1.payment_intents.retrieve(pi.id).latest_charge, str)
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.payment_intents.retrieve(pi.id, {"expand": ["no_such_field"]})
