"""Fixtures for the emulator tests: one real emulator process per session, a local webhook receiver, and a
Stripe SDK client pointed at the emulator. No database is used, so these run under pytest-django too."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import stripe

from stripe_emulator.testing import RunningEmulator, start_emulator

WEBHOOK_SECRET = "whsec_emulator_tests_secret"
API_KEY = "sk_test_emulator_tests"


class Delivery:
    """One webhook POST as received."""

    def __init__(self, body: str, signature: str, status: int) -> None:
        self.body = body
        self.signature = signature
        self.status = status
        self.event: dict[str, Any] = json.loads(body)

    @property
    def type(self) -> str:
        return self.event["type"]

    @property
    def id(self) -> str:
        return self.event["id"]


class WebhookReceiver:
    """A tiny HTTP server capturing webhook deliveries; can be told to answer 500 a few times."""

    def __init__(self) -> None:
        receiver = self
        self.deliveries: list[Delivery] = []
        self.failures_left = 0
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
                with receiver.lock:
                    status = 500 if receiver.failures_left > 0 else 200
                    if status == 500:
                        receiver.failures_left -= 1
                    receiver.deliveries.append(Delivery(body, self.headers.get("Stripe-Signature", ""), status))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks/stripe"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def clear(self) -> None:
        with self.lock:
            self.deliveries.clear()
            self.failures_left = 0

    def fail_next(self, count: int) -> None:
        """Answer the next ``count`` deliveries with HTTP 500."""
        with self.lock:
            self.failures_left = count

    def received(self, event_type: str | None = None, *, ok_only: bool = True) -> list[Delivery]:
        with self.lock:
            return [
                d
                for d in self.deliveries
                if (event_type is None or d.type == event_type) and (not ok_only or d.status == 200)
            ]

    def wait_for(self, predicate: Callable[[WebhookReceiver], Any], timeout: float = 10.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            result = predicate(self)
            if result:
                return result
            if time.monotonic() > deadline:
                types = [d.type for d in self.received(ok_only=False)]
                raise AssertionError(f"webhook condition not met in {timeout}s; received {types}")
            time.sleep(0.02)

    def wait_for_type(self, event_type: str, count: int = 1, timeout: float = 10.0) -> list[Delivery]:
        return self.wait_for(lambda r: (found := r.received(event_type)) and len(found) >= count and found, timeout)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="session")
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def emulator_process(webhook_receiver: WebhookReceiver) -> Iterator[RunningEmulator]:
    with start_emulator(
        webhook_url=webhook_receiver.url,
        webhook_secret=WEBHOOK_SECRET,
        args=["--webhook-retry-delays", "0.1,0.2,0.4,0.8", "--quiet"],
    ) as running:
        yield running


@pytest.fixture
def emulator(emulator_process: RunningEmulator, webhook_receiver: WebhookReceiver) -> RunningEmulator:
    """The session's emulator, reset for this test, delivering to the receiver (emptied too)."""
    emulator_process.reset()
    emulator_process.set_webhook(webhook_receiver.url, WEBHOOK_SECRET)
    webhook_receiver.clear()
    return emulator_process


@pytest.fixture
def receiver(emulator: RunningEmulator, webhook_receiver: WebhookReceiver) -> WebhookReceiver:
    return webhook_receiver


@pytest.fixture
def stripe_client(emulator: RunningEmulator) -> stripe.StripeClient:
    return stripe.StripeClient(
        API_KEY,
        base_addresses={"api": emulator.url},
        http_client=stripe.RequestsClient(),
        max_network_retries=0,
    )
