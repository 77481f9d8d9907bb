"""Signed webhook delivery, retries, resends, webhook endpoints through the API, and the Events API."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import stripe

from stripe_emulator.testing import RunningEmulator

from .conftest import WEBHOOK_SECRET, WebhookReceiver


def _paid_intent(client: stripe.StripeClient, **extra: Any) -> stripe.PaymentIntent:
    return client.v1.payment_intents.create(
        {"amount": 1500, "currency": "usd", "payment_method": "pm_card_visa", "confirm": True, **extra}
    )


def test_signatures_verify_with_the_sdk(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    pi = _paid_intent(stripe_client, metadata={"donation_id": "9"})
    delivery = receiver.wait_for_type("payment_intent.succeeded")[0]
    event = stripe.Webhook.construct_event(delivery.body, delivery.signature, WEBHOOK_SECRET)
    assert event.id.startswith("evt_") and event.type == "payment_intent.succeeded"
    assert event.data.object.id == pi.id and event.data.object.metadata["donation_id"] == "9"
    assert event.livemode is False and event.api_version
    assert event.request.id.startswith("req_")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(delivery.body, delivery.signature, "whsec_wrong")
    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(delivery.body.replace("1500", "9999"), delivery.signature, WEBHOOK_SECRET)
    # The event API returns the same snapshot that was delivered.
    assert stripe_client.v1.events.retrieve(event.id).data.object.id == pi.id


def test_failed_delivery_is_retried(stripe_client: stripe.StripeClient, receiver: WebhookReceiver) -> None:
    receiver.fail_next(2)
    customer = stripe_client.v1.customers.create({"email": "retry@example.org"})
    delivered = receiver.wait_for_type("customer.created")[0]
    attempts = [d for d in receiver.received("customer.created", ok_only=False)]
    assert [d.status for d in attempts] == [500, 500, 200]
    assert {d.id for d in attempts} == {delivered.id}
    assert delivered.event["data"]["object"]["id"] == customer.id
    stripe.Webhook.construct_event(delivered.body, delivered.signature, WEBHOOK_SECRET)


def test_resend_delivers_a_duplicate(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    _paid_intent(stripe_client)
    original = receiver.wait_for_type("payment_intent.succeeded")[0]
    assert emulator.resend(original.id)["resent_to"] == 1
    copies = receiver.wait_for_type("payment_intent.succeeded", count=2)
    assert copies[0].id == copies[1].id and copies[0].body == copies[1].body


def test_deliveries_do_not_block_the_api(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            time.sleep(1.0)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        emulator.set_webhook(f"http://127.0.0.1:{server.server_address[1]}/", "whsec_slow")
        started = time.monotonic()
        _paid_intent(stripe_client)
        assert time.monotonic() - started < 0.5
    finally:
        emulator.reset()
        server.shutdown()
        server.server_close()


def test_webhook_endpoints_api(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    received: list[tuple[str, str]] = []

    class Capture(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"])).decode()
            received.append((body, self.headers["Stripe-Signature"]))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        endpoint = stripe_client.v1.webhook_endpoints.create(
            {"url": f"http://127.0.0.1:{server.server_address[1]}/hook", "enabled_events": ["charge.refunded"]}
        )
        assert endpoint.id.startswith("we_") and endpoint.secret.startswith("whsec_")
        pi = _paid_intent(stripe_client)
        stripe_client.v1.refunds.create({"payment_intent": pi.id})
        deadline = time.monotonic() + 5
        while not received and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(received) == 1
        event = stripe.Webhook.construct_event(received[0][0], received[0][1], endpoint.secret)
        assert event.type == "charge.refunded"
        assert [e.id for e in stripe_client.v1.webhook_endpoints.list().data] == [endpoint.id]
        stripe_client.v1.webhook_endpoints.delete(endpoint.id)
        assert stripe_client.v1.webhook_endpoints.list().data == []
    finally:
        server.shutdown()
        server.server_close()


def test_events_list_filters_and_pagination(stripe_client: stripe.StripeClient) -> None:
    for _ in range(3):
        stripe_client.v1.customers.create({})
    _paid_intent(stripe_client)
    everything = stripe_client.v1.events.list({"limit": 100})
    types = [e.type for e in everything.data]
    assert types[:3] == ["payment_intent.succeeded", "charge.succeeded", "payment_intent.created"]
    assert types.count("customer.created") == 3
    created = stripe_client.v1.events.list({"type": "customer.created", "limit": 2})
    assert len(created.data) == 2 and created.has_more is True
    rest = stripe_client.v1.events.list({"type": "customer.created", "limit": 2, "starting_after": created.data[-1].id})
    assert len(rest.data) == 1 and rest.has_more is False
    assert rest.data[0].id not in {e.id for e in created.data}
    oldest = min(e.created for e in everything.data)
    assert len(stripe_client.v1.events.list({"created": {"gte": oldest}, "limit": 100}).data) == len(types)
    assert stripe_client.v1.events.list({"created": {"gt": oldest + 3600}}).data == []
    wildcard = stripe_client.v1.events.list({"type": "payment_intent.*", "limit": 100})
    assert {e.type for e in wildcard.data} == {"payment_intent.created", "payment_intent.succeeded"}
    event = everything.data[0]
    assert event.object == "event" and event.pending_webhooks == 1
    assert "previous_attributes" not in json.loads(json.dumps(event.to_dict()))["data"]
