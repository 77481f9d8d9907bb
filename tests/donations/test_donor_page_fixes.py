"""The donor page's "Wrong today" fixes of issue #16, at the server: autocomplete tokens and the error summary, the
thank-you page in plain words with its status endpoint, the over-limit message from the limits table and the
offer to split to the next election, and abandoned checkouts that stop holding the donor's room."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from committees.models import Committee, ContributionLimit
from committees.reference_data import seed_reference_data
from donations.models import ContributorType, Donation
from donations.services.donations import donations_expire_abandoned
from donations.services.limits import limit_record_receipt, limit_remaining, limit_reserve
from tests.donations.test_donation_page import FORM
from tests.factories import DonationPageFactory, DonorFactory, ElectionFactory
from tests.ledger import ledger_guard_off

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def page(db):
    seed_reference_data()  # the limits table, as migrations seed it (a transactional test may have emptied it)
    page = DonationPageFactory(slug="give", maximum_amount=D("5000.00"))
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    ElectionFactory(committee=page.committee, code="G2028", date=date(2028, 11, 7))
    return page


def _input(html: str, name: str) -> str:
    match = re.search(rf'<(?:input|select)[^>]*name="{name}"[^>]*>', html)
    assert match, name
    return match.group(0)


# --- Item 2: autocomplete tokens, phone and ZIP keyboards, the error summary --------------------------------------


def test_fields_carry_autocomplete_tokens_and_phone_keyboards(client, page):
    html = client.get("/donate/give/").content.decode()
    tokens = {
        "first_name": "given-name",
        "middle_name": "additional-name",
        "last_name": "family-name",
        "prefix": "honorific-prefix",
        "suffix": "honorific-suffix",
        "street_1": "address-line1",
        "street_2": "address-line2",
        "city": "address-level2",
        "state": "address-level1",
        "zip_code": "postal-code",
        "email": "email",
        "phone": "tel",
        "employer": "organization",
        "occupation": "organization-title",
    }
    for name, token in tokens.items():
        assert f'autocomplete="{token}"' in _input(html, name), name
    assert 'type="tel"' in _input(html, "phone")
    assert 'inputmode="numeric"' in _input(html, "zip_code")
    assert 'inputmode="decimal"' in _input(html, "amount")


def test_a_bad_zip_brings_an_error_summary_linking_each_field(client, page):
    bad = {**FORM, "zip_code": "123", "email": "nope"}
    html = client.post("/donate/give/", bad).content.decode()
    summary = html.split('id="error-summary"', 1)[1].split("</div>", 1)[0]
    assert html.index('id="error-summary"') < html.index("<form")  # at the top, before the fields
    assert 'href="#id_zip_code"' in summary and "Enter a 5-digit ZIP code or ZIP+4." in summary
    assert 'href="#id_email"' in summary
    assert 'tabindex="-1"' in html.split('id="error-summary"', 1)[1][:200] or 'tabindex="-1" id="error-summary"' in html
    assert 'aria-invalid="true"' in _input(html, "zip_code")


def test_a_good_page_has_no_error_summary(client, page):
    assert 'id="error-summary"' not in client.get("/donate/give/").content.decode()


# --- Item 3: the thank-you page and its status endpoint ----------------------------------------------------------


def _donation(page, *, status=Donation.Status.PROCESSING, election_code="G2028", recurring=False):
    donor = DonorFactory(committee=page.committee)
    donation = Donation.objects.create(
        committee=page.committee,
        page=page,
        donor=donor,
        election=page.committee.elections.get(code=election_code) if election_code else None,
        amount=D("25.00"),
        status=status,
    )
    if recurring:
        from donations.models import RecurringGift

        gift = RecurringGift.objects.create(
            committee=page.committee, donor=donor, election=donation.election, amount=D("25.00")
        )
        Donation.objects.filter(pk=donation.pk).update(recurring_gift=gift)
    return donation


def test_thank_you_page_says_the_amount_and_election_in_words(client, page):
    donation = _donation(page)
    html = client.get(f"/donate/give/thanks/?donation={donation.public_id}").content.decode()
    assert "$25.00" in html and "2028 general election, Nov 7" in html
    assert "is succeeded" not in html and "is processing" not in html
    assert "monthly" not in html.lower()
    assert 'aria-live="polite"' in html and 'http-equiv="refresh"' not in html.lower()
    assert 'data-status-url="/donate/give/status/' in html


def test_thank_you_page_says_monthly_for_a_monthly_gift(client, page):
    donation = _donation(page, recurring=True)
    html = client.get(f"/donate/give/thanks/?donation={donation.public_id}").content.decode()
    assert "monthly" in html.lower()


def test_thank_you_page_names_no_election_for_a_pac(client, db):
    page = DonationPageFactory(slug="pac", committee__committee_type=Committee.Type.PAC)
    donation = _donation(page, election_code="")
    html = client.get(f"/donate/pac/thanks/?donation={donation.public_id}").content.decode()
    assert "$25.00" in html and "election" not in html.lower()


def test_status_endpoint_answers_in_json(client, page):
    donation = _donation(page)
    url = f"/donate/give/status/{donation.public_id}/"
    assert client.get(url).json() == {"status": "pending", "message": "We are confirming your payment."}
    Donation.objects.filter(pk=donation.pk).update(status=Donation.Status.SUCCEEDED)
    body = client.get(url).json()
    assert body["status"] == "confirmed" and "receipt" in body["message"]
    Donation.objects.filter(pk=donation.pk).update(status=Donation.Status.FAILED)
    assert client.get(url).json()["status"] == "failed"
    assert client.get("/donate/give/status/not-a-uuid/").status_code == 404
    assert client.get("/donate/give/status/00000000-0000-0000-0000-000000000000/").status_code == 404


# --- Item 4: the over-limit message from the limits table, the split offer ---------------------------------------


def _limit() -> Decimal:
    return (
        ContributionLimit.objects.filter(
            recipient_type=ContributionLimit.RecipientType.CANDIDATE, contributor_type=ContributorType.INDIVIDUAL
        )
        .order_by("-cycle")
        .first()
        .amount
    )


def test_over_the_limit_a_new_donor_reads_what_federal_law_allows(client, page):
    """11 CFR 110.1(b)(1): a person gives a candidate at most the indexed limit per election."""
    limit = _limit()
    html = client.post("/donate/give/", {**FORM, "amount": f"{limit + 100}", "election": ""}).content.decode()
    assert f"Federal law limits a person to ${limit:,.0f} per election" in html
    assert "maximum gift on this page" not in html
    assert Donation.objects.count() == 0


def test_over_the_limit_the_page_offers_to_split_to_the_next_election(client, page):
    limit = _limit()
    primary = page.committee.elections.get(code="P2028")
    html = client.post("/donate/give/", {**FORM, "amount": f"{limit + 100}", "election": primary.pk}).content.decode()
    assert 'name="split"' in html
    assert f"${limit:,.2f} for the 2028 primary election, Jun 20" in html
    assert "$100.00 for the 2028 general election, Nov 7" in html


# --- Item 5: abandoned checkouts ----------------------------------------------------------------------------------


def _reserve(page, donor, election, amount: str, minutes_ago: int) -> Donation:
    with transaction.atomic():
        key = limit_reserve(committee=page.committee, donor=donor, election=election, amount=D(amount), on=date.today())
        donation = Donation.objects.create(
            committee=page.committee, donor=donor, election=election, amount=D(amount), limit_period_key=key
        )
    with transaction.atomic(), ledger_guard_off():  # a checkout started minutes ago: a state no service writes
        Donation.objects.filter(pk=donation.pk).update(created_at=timezone.now() - timedelta(minutes=minutes_ago))
    return donation


def test_an_unpaid_reservation_stops_holding_room_after_the_configured_time(page, settings):
    settings.CHECKOUT_RESERVATION_MINUTES = 30
    election = page.committee.elections.get(code="G2028")
    donor = DonorFactory(committee=page.committee)
    paid = _reserve(page, donor, election, "100.00", minutes_ago=40)
    limit_record_receipt(
        committee=page.committee,
        donor=donor,
        period_key=paid.limit_period_key,
        amount=D("100.00"),
        release_reservation=True,
    )
    Donation.objects.filter(pk=paid.pk).update(status=Donation.Status.SUCCEEDED, reservation_released=True)
    _reserve(page, donor, election, "25.00", minutes_ago=31)  # abandoned
    fresh_room = _limit() - D("100.00")
    assert limit_remaining(committee=page.committee, donor=donor, election=election, on=date.today()) == fresh_room
    # The next limit check releases it through the limits service: the whole room can be given.
    _reserve(page, donor, election, f"{fresh_room}", minutes_ago=0)
    abandoned = Donation.objects.get(amount=D("25.00"))
    assert abandoned.reservation_released


def test_a_recent_unpaid_reservation_still_holds_room(page, settings):
    settings.CHECKOUT_RESERVATION_MINUTES = 30
    election = page.committee.elections.get(code="G2028")
    donor = DonorFactory(committee=page.committee)
    _reserve(page, donor, election, "25.00", minutes_ago=5)
    assert limit_remaining(committee=page.committee, donor=donor, election=election, on=date.today()) == _limit() - 25


def test_the_beat_job_expires_checkouts_after_the_configured_time(page, settings):
    settings.CHECKOUT_RESERVATION_MINUTES = 30
    election = page.committee.elections.get(code="G2028")
    donor = DonorFactory(committee=page.committee)
    stale = _reserve(page, donor, election, "25.00", minutes_ago=31)
    _reserve(page, donor, election, "10.00", minutes_ago=5)
    assert donations_expire_abandoned() == 1
    stale.refresh_from_db()
    assert stale.status == Donation.Status.CANCELED and stale.reservation_released
