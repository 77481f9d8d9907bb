"""Redis (the rate limiter's counters and the lockouts) is down: the checkout fails closed with a clear 503 and a
Retry-After (never a 500, never a gift past the card-testing limits); a Stripe webhook is still stored in
PostgreSQL and answered 2xx. A private redis-server is stopped; the suite's shared Redis is never touched."""

from __future__ import annotations

import html
from datetime import date

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from donations.models import Donation, StripeEvent
from tests.donations.helpers import gift_body
from tests.donations.test_donation_page import FORM
from tests.factories import DonationPageFactory, ElectionFactory
from tests.stripe_signing import payment_intent_event, signed

pytestmark = pytest.mark.django_db


def _dead_cache(private_redis) -> dict:
    """The test settings' cache on the private Redis (so it can be stopped), short timeouts as in production."""
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": private_redis.url(1),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture
def page():
    page = DonationPageFactory(slug="give")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def test_checkout_answers_503_not_500_while_redis_is_down(client, page, private_redis):
    with override_settings(CACHES=_dead_cache(private_redis)):
        assert cache.add("probe", 1)  # the cache really is the private Redis
        private_redis.shutdown()
        client.raise_request_exception = False  # a crash shows as the 500 the donor would get

        api = client.post(
            "/api/v1/donations/", gift_body(page.slug, "25.00"), content_type="application/json", REMOTE_ADDR="1.2.3.4"
        )
        assert api.status_code == 503, api.content
        assert api.json()["error"]["code"] == "checkout_unavailable"
        assert "try again in a minute" in api.json()["error"]["message"]
        assert api["Retry-After"] == "60"

        election = page.committee.elections.get(code="P2028")
        web = client.post(f"/donate/{page.slug}/", {**FORM, "election": election.pk})
        assert web.status_code == 503
        assert "try again in a minute" in html.unescape(web.content.decode())
        assert web["Retry-After"] == "60"
        assert "ana@example.com" in web.content.decode()  # the form is kept for the retry

    assert Donation.objects.count() == 0  # nothing reached Stripe or the ledger


def test_webhook_is_stored_while_redis_is_down(client, page, private_redis):
    event = payment_intent_event(event_id="evt_redis_down", intent_id="pi_x", donation_id="nope", amount_cents=2500)
    body, header = signed(event, settings.STRIPE_WEBHOOK_SECRET)
    with override_settings(CACHES=_dead_cache(private_redis)):
        private_redis.shutdown()
        client.raise_request_exception = False
        response = client.post("/webhooks/stripe/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 200
    assert StripeEvent.objects.filter(event_id="evt_redis_down", processed_at__isnull=True).exists()
