"""The donation page: server-side validation with errors next to the fields, CSRF, attribution."""

from datetime import date

import pytest
from django.test import Client

from donations.models import Donation
from tests.factories import DonationPageFactory, ElectionFactory

FORM = {
    "amount": "50.00",
    "frequency": "once",
    "first_name": "Ana",
    "last_name": "García",
    "street_1": "5 Elm St",
    "city": "Reston",
    "state": "VA",
    "zip_code": "20190",
    "email": "ana@example.com",
    "employment_status": "retired",
    "affirm_own_funds": "on",
    "affirm_citizen": "on",
    "affirm_not_contractor": "on",
    "affirm_personal_card": "on",
    "affirm_age": "on",
}


@pytest.fixture
def page(db):
    page = DonationPageFactory(slug="give")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    ElectionFactory(committee=page.committee, code="G2028", date=date(2028, 11, 7))
    return page


def test_page_shows_the_form_with_labels_and_the_best_efforts_statement(client, page):
    response = client.get("/donate/give/?refcode=email_jan&utm_source=newsletter")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'for="id_first_name"' in html and 'name="first_name"' in html
    assert "best efforts to collect and report" in html
    assert 'name="refcode" value="email_jan"' in html
    assert "Designate my gift to" in html  # the committee has a primary and a general
    assert 'name="viewport"' in html


def test_invalid_post_shows_an_error_next_to_each_bad_field_and_writes_nothing(client, page):
    bad = {**FORM, "zip_code": "123", "state": "", "employment_status": "employed", "affirm_citizen": ""}
    response = client.post("/donate/give/", bad)
    html = response.content.decode()
    assert response.status_code == 400
    for field in ("zip_code", "state", "employer", "occupation", "affirm_citizen"):
        assert f'id="id_{field}_error"' in html, field
    assert Donation.objects.count() == 0


def test_csrf_is_enforced(page):
    response = Client(enforce_csrf_checks=True).post("/donate/give/", FORM)
    assert response.status_code == 403


def test_amount_outside_the_page_bounds_is_refused(client, page):
    response = client.post("/donate/give/", {**FORM, "amount": "0.50"})
    assert response.status_code == 400
    assert "minimum gift" in response.content.decode()


@pytest.mark.services
def test_valid_post_creates_the_intent_and_stores_affirmations_and_refcode(services):
    page = DonationPageFactory(slug="give-live")
    ElectionFactory(committee=page.committee, code="P2026", date=date(2026, 6, 16))
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))  # the next one: the default
    response = Client().post("/donate/give-live/", {**FORM, "refcode": "email_jan", "election": ""})
    assert response.status_code == 200, response.content.decode()[:2000]
    assert "payment-element" in response.content.decode()
    donation = Donation.objects.get()
    assert donation.attribution == {"refcode": "email_jan"}
    assert set(donation.affirmations) == {"own_funds", "citizen", "not_contractor", "personal_card", "age"}
    assert donation.donor.employer == "Retired" and donation.donor.occupation == "Retired"
    assert donation.stripe_payment_intent_id.startswith("pi_")
    assert donation.election.code == "P2028"  # undesignated: the next election after today


def test_donation_page_has_a_content_security_policy_for_stripe_only(client, page, settings):
    settings.STRIPE_API_BASE = ""  # as in production: Stripe itself
    response = client.get("/donate/give/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert "https://js.stripe.com" in directives["script-src"]
    assert "'nonce-" in directives["script-src"]
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-eval" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["connect-src"] == "'self' https://api.stripe.com"
    nonce = directives["script-src"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"') - html.count("<style")
