"""Finding 4: card testing through repeated confirms (issue #15).

One checkout hands out a PaymentIntent's client secret; a tester then confirms card after card against it
from the browser side. Every failed confirmation counts, the PaymentIntent is canceled after a few, the
per-card limit keys on the card's fingerprint (a new PaymentMethod id per attempt does not reset it), the
donation page has a session so the per-session limit works, and knowing a donor's email is not enough to lock
that donor out."""

import time
import types
from datetime import date

import pytest
import requests
from django.conf import settings
from django.core.cache import cache
from django.test import Client, RequestFactory

from donations.models import Donation
from donations.services.card_testing import (
    CardCheck,
    CheckoutSource,
    TooManyAttempts,
    checkout_guard,
    checkout_record_decline,
)
from fundraising.exceptions import ApplicationError
from tests.conftest import _worker_idle, wait_for
from tests.donations.helpers import gift_body
from tests.donations.test_donation_page import FORM
from tests.factories import DonationPageFactory, ElectionFactory

DECLINING = [
    "pm_card_chargeDeclined",
    "pm_card_chargeDeclinedInsufficientFunds",
    "pm_card_chargeDeclinedLostCard",
    "pm_card_chargeDeclinedStolenCard",
    "pm_card_chargeDeclinedFraudulent",
    "pm_card_chargeDeclinedExpiredCard",
    "pm_card_chargeDeclinedIncorrectCvc",
    "pm_card_chargeDeclinedProcessingError",
]


@pytest.fixture(autouse=True)
def _production_limits(settings):
    """The limits a deployment gets by default (test settings raise them for the other tests)."""
    from config.settings.components.checkout import CHECKOUT_RATE_LIMITS

    settings.CHECKOUT_RATE_LIMITS = CHECKOUT_RATE_LIMITS
    cache.clear()


def _page():
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def _source(ip: str, email: str, **extra) -> CheckoutSource:
    return CheckoutSource(request=RequestFactory().post("/api/v1/donations/", REMOTE_ADDR=ip), email=email, **extra)


@pytest.mark.services
def test_confirming_card_after_card_against_one_intent_cancels_it_and_locks_the_source_out(services):
    page = _page()
    tester = Client(REMOTE_ADDR="203.0.113.77")
    body = gift_body(page.slug, "10.00", election="P2028", payment_method="", email="tester@example.net")
    started = tester.post("/api/v1/donations/", body, content_type="application/json")
    assert started.status_code == 201, started.content
    intent_id, secret = started.json()["stripe_payment_intent_id"], started.json()["client_secret"]
    confirm_url = f"{services.emulator.url}/v1/payment_intents/{intent_id}/confirm"
    browser = {"Authorization": f"Bearer {settings.STRIPE_PUBLISHABLE_KEY or 'pk_test_browser'}"}

    outcomes = []
    for card in [*DECLINING, "pm_card_visa"]:
        answer = requests.post(
            confirm_url, data={"client_secret": secret, "payment_method": card}, headers=browser, timeout=10
        )
        outcomes.append(answer.status_code)
        services.emulator.wait_webhooks_idle(timeout=30)
        wait_for(_worker_idle, timeout=60, interval=0.1, what="the worker to apply the decline")

    declined = outcomes.count(402)
    assert declined == settings.CHECKOUT_DECLINES_PER_INTENT, outcomes
    assert outcomes[declined:] == [400] * (len(outcomes) - declined), outcomes  # canceled: nothing more confirms
    donation = Donation.objects.get(stripe_payment_intent_id=intent_id)
    assert donation.status == Donation.Status.CANCELED
    assert services.dashboard.v1.payment_intents.retrieve(intent_id).status == "canceled"
    # The next checkout from the same client is refused before it reaches Stripe.
    again = tester.post(
        "/api/v1/donations/",
        gift_body(page.slug, "10.00", election="P2028", payment_method="", email="someone.else@example.net"),
        content_type="application/json",
    )
    assert again.status_code == 429, again.content


@pytest.mark.services
def test_the_per_card_limit_keys_on_the_fingerprint_not_the_payment_method_id(services):
    def same_card() -> str:
        created = services.dashboard.v1.payment_methods.create(
            {"type": "card", "card": {"number": "4000000000000002", "exp_month": 12, "exp_year": 2030}}
        )
        return created.id

    ids = [same_card() for _ in range(4)]
    assert len(set(ids)) == 4
    for n, pm in enumerate(ids[:3]):
        CardCheck(_source(f"198.51.100.{n}", f"d{n}@example.com", payment_method=pm)).check()
    with pytest.raises(TooManyAttempts):
        CardCheck(_source("198.51.100.9", "d9@example.com", payment_method=ids[3])).check()


@pytest.mark.services
def test_declines_of_one_card_lock_that_card_out_everywhere(services):
    fingerprint = services.dashboard.v1.payment_methods.create({"type": "card", "card": {"token": "tok_visa"}})
    fingerprint = fingerprint.card.fingerprint
    for n in range(settings.CHECKOUT_DECLINES_BEFORE_LOCKOUT):
        checkout_record_decline(ip=f"192.0.2.{n}", email=f"x{n}@example.com", fingerprint=fingerprint, attempt=f"a{n}")
    fresh = services.dashboard.v1.payment_methods.create({"type": "card", "card": {"token": "tok_visa"}}).id
    with pytest.raises(TooManyAttempts):
        CardCheck(_source("198.51.100.50", "new@example.com", payment_method=fresh)).check()


@pytest.mark.django_db
def test_the_same_failed_attempt_seen_twice_counts_once():
    """The checkout sees a decline and its webhook reports it again: one attempt, one count."""
    for _ in range(10):
        checkout_record_decline(ip="192.0.2.40", email="y@example.com", attempt="ch_same")
    checkout_guard(_source("192.0.2.40", "other@example.com"))


@pytest.mark.django_db
def test_knowing_a_donors_email_does_not_lock_the_donor_out():
    for n in range(settings.CHECKOUT_DECLINES_BEFORE_LOCKOUT + 2):
        checkout_record_decline(ip="203.0.113.200", email="victim@example.com", attempt=f"ch_{n}")
    with pytest.raises(TooManyAttempts):
        checkout_guard(_source("203.0.113.200", "anyone@example.com"))  # the attacker's address is locked out
    checkout_guard(_source("198.51.100.33", "victim@example.com"))  # the donor, from home, is not


@pytest.mark.django_db
def test_the_donation_page_has_a_session_and_the_per_session_limit_fires(monkeypatch):
    page = DonationPageFactory(slug="give")
    election = ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))

    def stop(**kwargs):
        raise ApplicationError("stopped before Stripe", field="amount")

    monkeypatch.setattr("donations.services.checkout.donation_start", stop)
    # django-ratelimit counts in fixed one-minute windows: pin its clock (its own module's reference only) so the
    # eleven posts fall in one window; crossing a window's edge mid-loop reset the count (a 400 for the 429).
    pinned = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", types.SimpleNamespace(time=lambda: pinned))
    browser = Client()
    assert browser.get("/donate/give/").status_code == 200
    assert settings.SESSION_COOKIE_NAME in browser.cookies
    rate = int(settings.CHECKOUT_RATE_LIMITS["session"].split("/")[0])
    codes = []
    for n in range(rate + 1):
        data = {**FORM, "election": election.pk, "email": f"card{n}@example.net"}
        codes.append(browser.post("/donate/give/", data, REMOTE_ADDR=f"192.0.2.{100 + n}").status_code)
    assert codes[:rate] == [400] * rate
    assert codes[rate] == 429
