"""Shared pieces of the fault tests that take gifts: a web process and a worker on the private Redis, an
emulator of their own delivering webhooks to that web process, and donors whose payments Stripe confirms."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
import requests
import stripe
from django.conf import settings

from donations.models import Contribution, Donation, StripeEvent
from tests.conftest import wait_for
from tests.donations.helpers import gift_body
from tests.factories import DonationPageFactory, ElectionFactory
from tests.faults.conftest import fault_env
from tests.processes import Processes, RedisServer, free_port, http_ok

RETRY_DELAYS = "0.2,0.5,1,1,2,2,3,3,4,4"  # Stripe retries for days; the emulator here for about 20 s


@pytest.fixture
def fault_emulator() -> Iterator[object]:
    from stripe_emulator.testing import start_emulator

    emulator = start_emulator(args=["--webhook-retry-delays", RETRY_DELAYS, "--quiet"])
    try:
        yield emulator
    finally:
        emulator.stop()


@dataclass
class Shop:
    web: str
    emulator: object
    page: object

    def start_gift(self, n: int) -> str:
        """A donor fills in the form (no card yet); returns our donation id."""
        body = gift_body(self.page.slug, "50.00", payment_method="", last_name=f"Fault{n:04d}", street_1=f"{n} Oak St")
        response = requests.post(f"{self.web}/api/v1/donations/", json=body, timeout=60)
        assert response.status_code == 201, response.text
        return response.json()["donation_id"]

    def pay(self, donation_id: str) -> None:
        """The donor's browser confirms the payment with Stripe (Stripe.js); Stripe then sends the webhook."""
        intent = Donation.objects.get(public_id=donation_id).stripe_payment_intent_id
        client = stripe.StripeClient(
            settings.STRIPE_SECRET_KEY, base_addresses={"api": self.emulator.url}, http_client=stripe.RequestsClient()
        )
        client.v1.payment_intents.confirm(intent, {"payment_method": "pm_card_visa"})

    def deliveries(self) -> dict:
        return self.emulator.webhook_stats()


def start_shop(procs: Processes, redis: RedisServer, emulator, *, web_workers: int = 2, **env: str) -> Shop:  # noqa: ANN001
    page = DonationPageFactory(committee__fec_id="C00666666")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    port = free_port()
    common = {"STRIPE_API_BASE": emulator.url, **env}
    procs.start_gunicorn("web", fault_env(redis, "web", **common), port, workers=web_workers)
    procs.start_worker("worker", fault_env(redis, "worker", **common), "webhooks,email,default")
    web = f"http://127.0.0.1:{port}"
    wait_for(lambda: procs.check_alive() or http_ok(f"{web}/healthz"), timeout=60, what="gunicorn")
    wait_for(lambda: procs.check_alive() or " ready." in procs.log("worker"), timeout=60, what="the worker")
    emulator.set_webhook(f"{web}/webhooks/stripe/", settings.STRIPE_WEBHOOK_SECRET)
    return Shop(web=web, emulator=emulator, page=page)


def recorded_once(donation_ids: list[str]) -> bool:
    """Every gift has exactly one contribution, and no payment event is left unprocessed."""
    per_gift = [Contribution.objects.filter(donation__public_id=d).count() for d in donation_ids]
    pending = StripeEvent.objects.filter(type="payment_intent.succeeded", processed_at__isnull=True).exists()
    return all(count == 1 for count in per_gift) and not pending
