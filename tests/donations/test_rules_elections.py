"""Designations on the web: only elections still ahead, in words; PACs and parties take gifts with no election
(issue #12 items 7 and 11).

11 CFR 110.1(b)(2)(ii): an undesignated gift counts toward the next election; 110.1(b)(3): after an election a gift
designated to it is accepted only toward that election's net debts, which the donation page never takes, so a past
election is never offered or accepted there. 11 CFR 110.1(c), 110.1(d): gifts to a PAC or a party committee are
limited per calendar year and carry no election."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from committees.models import Committee
from donations.models import Donation
from donations.payments.gateway import IntentResult
from donations.selectors import election_for_gift
from donations.services.checkout import CheckoutInput
from donations.web.forms import DonationForm
from fundraising.exceptions import ApplicationError
from tests.donations.test_checkout import AFFIRMED, ANA
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate(timezone=Committee(time_zone="America/New_York").tzinfo)


@pytest.fixture
def page(today):
    """A page whose default is a primary already held; the general is still ahead."""
    page = DonationPageFactory(slug="give")
    past = today - dt.timedelta(days=30)
    ahead = today + dt.timedelta(days=60)
    primary = ElectionFactory(committee=page.committee, code=f"P{past.year}", date=past)
    ElectionFactory(committee=page.committee, code=f"G{ahead.year}", date=ahead)
    page.default_election = primary
    page.save()
    return page


def test_form_offers_only_elections_ahead_in_words_and_never_preselects_a_past_one(page, today):
    form = DonationForm(page=page)
    field = form.fields["election"]
    ahead = page.committee.elections.get(code__startswith="G")
    assert list(field.queryset) == [ahead]
    assert field.initial == ahead.pk
    label = field.label_from_instance(ahead)
    assert label == f"{ahead.date.year} general election, {ahead.date:%b} {ahead.date.day}"


def test_api_refuses_a_past_election_with_a_clear_message(client, page):
    past = page.committee.elections.get(code__startswith="P")
    body = {"page": page.slug, "amount": "50.00", "election": past.code, "donor": ANA, "affirmations": AFFIRMED}
    response = client.post("/api/v1/donations/", body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert "has passed" in error["message"] and "general election" in error["message"]
    assert "election" in error["fields"]
    assert Donation.objects.count() == 0


def test_undesignated_gift_goes_to_the_next_election_not_the_past_default(page):
    assert election_for_gift(committee=page.committee, page=page).code.startswith("G")


def test_pac_gift_has_no_election_and_counts_per_calendar_year(monkeypatch, today):
    page = DonationPageFactory(slug="pac", committee__committee_type=Committee.Type.PAC, maximum_amount="5000.00")
    ElectionFactory(committee=page.committee, code=f"G{today.year + 2}", date=today + dt.timedelta(days=700))
    assert election_for_gift(committee=page.committee, page=page) is None
    with pytest.raises(ApplicationError):
        election_for_gift(committee=page.committee, code=f"G{today.year + 2}")
    assert list(DonationForm(page=page).fields["election"].queryset) == []

    class FakeGateway:
        def create_payment_intent(self, *, amount, **kwargs):
            return IntentResult(id="pi_pac", client_secret="secret", status="requires_payment_method", amount=amount)

    monkeypatch.setattr("donations.services.donations.get_payment_gateway", lambda: FakeGateway())
    from django.test import RequestFactory

    from donations.services.checkout import checkout_start

    checkout = CheckoutInput(page_slug="pac", amount=Decimal("4000.00"), donor=_donor(), affirmations=tuple(AFFIRMED))
    request = RequestFactory().post("/api/v1/donations/", REMOTE_ADDR="198.51.100.7")
    result = checkout_start(checkout=checkout, request=request)
    donation = Donation.objects.get()
    assert donation.election is None and donation.limit_period_key == f"Y{today.year}"
    assert result is not None


def _donor():
    from donations.services.donors import DonorInput

    return DonorInput(**ANA)
