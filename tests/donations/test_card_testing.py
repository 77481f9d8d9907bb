"""Card-testing defence: a flood from one source barely reaches Stripe; everyone else gives as usual."""

import contextlib
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from donations.models import Donation
from donations.services.card_testing import (
    CaptchaFailed,
    CheckoutSource,
    TooManyAttempts,
    checkout_guard,
    checkout_record_decline,
    client_ip,
)
from tests.donations.helpers import gift_body
from tests.factories import DonationPageFactory, ElectionFactory


@pytest.fixture(autouse=True)
def _production_limits(settings):
    """The limits a deployment gets by default (test settings raise them for the other tests)."""
    from config.settings.components.checkout import CHECKOUT_RATE_LIMITS

    settings.CHECKOUT_RATE_LIMITS = CHECKOUT_RATE_LIMITS
    cache.clear()


@pytest.mark.services
def test_a_thousand_attempts_from_one_ip_reach_stripe_at_most_twenty_times(services):
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    attacker = Client(REMOTE_ADDR="203.0.113.66")
    codes = []
    for attempt in range(1000):
        body = gift_body(
            page.slug,
            "1.00",
            election="P2028",
            payment_method="pm_card_chargeDeclined",
            email=f"tester{attempt}@example.net",
            first_name=f"T{attempt}",
        )
        codes.append(attacker.post("/api/v1/donations/", body, content_type="application/json").status_code)
    stripe_calls = [r for r in services.emulator.requests() if r["path"].startswith("/v1/payment_intents")]
    assert len(stripe_calls) <= 20, len(stripe_calls)
    assert codes.count(429) >= 980
    assert 500 not in codes
    # A legitimate donor elsewhere is unaffected.
    donor = Client(REMOTE_ADDR="198.51.100.7")
    response = donor.post(
        "/api/v1/donations/", gift_body(page.slug, "25.00", election="P2028"), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert Donation.objects.filter(status__in=["processing", "succeeded"]).count() == 1


def _source(ip="192.0.2.1", email="a@example.com", **extra) -> CheckoutSource:
    request = RequestFactory().post("/api/v1/donations/", REMOTE_ADDR=ip)
    return CheckoutSource(request=request, email=email, **extra)


@pytest.mark.django_db
def test_declines_lock_the_source_out_but_not_others():
    for _ in range(5):
        checkout_record_decline(ip="192.0.2.9", email="x@example.com")
    with pytest.raises(TooManyAttempts):
        checkout_guard(_source(ip="192.0.2.9", email="new@example.com"))
    # The email alone locks nothing out: anyone who knows it could lock its donor out (issue #15).
    checkout_guard(_source(ip="192.0.2.10", email="x@example.com"))
    checkout_guard(_source(ip="192.0.2.10", email="other@example.com"))


@pytest.mark.django_db
def test_per_email_limit_counts_the_email_with_its_address():
    for _ in range(5):
        checkout_guard(_source(ip="192.0.2.5", email="same@example.com"))
    with pytest.raises(TooManyAttempts):
        checkout_guard(_source(ip="192.0.2.5", email="Same@Example.com"))


@pytest.mark.django_db
def test_hammering_a_donors_email_from_elsewhere_does_not_lock_the_donor_out():
    # Someone who knows the donor's email uses up the per-email limit from addresses of their own...
    for n in range(20):
        with contextlib.suppress(TooManyAttempts):
            checkout_guard(_source(ip=f"203.0.113.{n}", email="donor@example.com"))
    # ... and the donor, from home, can still give.
    checkout_guard(_source(ip="198.51.100.20", email="donor@example.com"))


@override_settings(CHECKOUT_TRUSTED_PROXY_COUNT=1)
def test_forwarded_for_is_read_only_behind_trusted_proxies():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.5")
    assert client_ip(request) == "203.0.113.5"  # the address our load balancer saw, not what the client claims


class _Turnstile(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length).decode()
        ok = "response=good-token" in body and "secret=test-secret" in body
        self.send_response(200)
        self.end_headers()
        self.wfile.write(json.dumps({"success": ok}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def turnstile():
    server = HTTPServer(("127.0.0.1", 0), _Turnstile)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/siteverify"
    server.shutdown()


@pytest.mark.django_db
def test_captcha_is_verified_server_side_when_configured(turnstile):
    with override_settings(TURNSTILE_SECRET_KEY="test-secret", TURNSTILE_VERIFY_URL=turnstile):
        with pytest.raises(CaptchaFailed):
            checkout_guard(_source(email="c1@example.com"))
        with pytest.raises(CaptchaFailed):
            checkout_guard(_source(email="c2@example.com", captcha_token="forged"))
        checkout_guard(_source(email="c3@example.com", captcha_token="good-token"))
    checkout_guard(_source(email="c4@example.com"))  # off without keys
