"""One checkout: the donation page and the API hand the same gift to the same service
(donations.services.checkout.checkout_start) and get the same answers from it."""

import html
from datetime import date
from decimal import Decimal

import pytest

from donations.models import Donation, Donor
from donations.services.checkout import CheckoutInput
from donations.services.limits import limit_totals_recompute
from fundraising.exceptions import ApplicationError
from tests.donations.test_donation_page import FORM
from tests.factories import ContributionFactory, DonationPageFactory, DonorFactory, ElectionFactory

pytestmark = pytest.mark.django_db

ANA = {  # the donation page's FORM donor, as an API client sends her
    "first_name": "Ana",
    "last_name": "García",
    "street_1": "5 Elm St",
    "city": "Reston",
    "state": "VA",
    "zip_code": "20190",
    "email": "ana@example.com",
    "employer": "Retired",
    "occupation": "Retired",
}
AFFIRMED = ["own_funds", "citizen", "not_contractor", "personal_card", "age"]


@pytest.fixture
def page():
    page = DonationPageFactory(slug="give")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    ElectionFactory(committee=page.committee, code="G2028", date=date(2028, 11, 7))
    return page


def _page_post(client, page, **changes):
    election = page.committee.elections.get(code="P2028")
    return client.post(f"/donate/{page.slug}/", {**FORM, "election": election.pk, **changes})


def _api_post(client, page, **changes):
    body = {"page": page.slug, "amount": "50.00", "election": "P2028", "donor": ANA, "affirmations": AFFIRMED}
    return client.post("/api/v1/donations/", {**body, **changes}, content_type="application/json")


def _page_errors(response) -> str:
    return html.unescape(response.content.decode())


def test_over_limit_is_refused_with_the_same_message_on_the_page_and_in_the_api(client, page):
    ana = DonorFactory(
        committee=page.committee, first_name="Ana", last_name="García", street_1="5 Elm St", zip_code="20190"
    )
    ContributionFactory(
        committee=page.committee,
        donor=ana,
        election=page.committee.elections.get(code="P2028"),
        amount=Decimal("3400.00"),
        limit_period_key="P2028",
    )
    limit_totals_recompute(committee=page.committee, donor=ana)

    api = _api_post(client, page, amount="200.00")
    assert api.status_code == 400, api.content
    message = api.json()["error"]["message"]
    assert "You can still give $100.00 for that election." in message
    web = _page_post(client, page, amount="200.00")
    assert web.status_code == 400
    assert message in _page_errors(web)
    assert Donation.objects.count() == 0 and Donor.objects.count() == 1


def test_the_page_minimum_applies_to_both(client, page):
    page.minimum_amount = Decimal("5.00")
    page.save()
    web = _page_post(client, page, amount="2.00")
    api = _api_post(client, page, amount="2.00")
    assert web.status_code == api.status_code == 400
    assert api.json()["error"]["fields"] == {"amount": ["The minimum gift is $5.00."]}
    assert "The minimum gift is $5.00." in _page_errors(web)
    assert Donation.objects.count() == 0


def test_the_page_and_the_api_build_the_same_checkout_for_the_same_gift(client, page, monkeypatch):
    seen: list[CheckoutInput] = []

    def checkout_start(*, checkout, request):
        seen.append(checkout)
        raise ApplicationError("stopped here", field="amount")

    monkeypatch.setattr("donations.web.views.checkout_start", checkout_start)
    monkeypatch.setattr("donations.api.views.checkout_start", checkout_start)
    assert _page_post(client, page, refcode="email_jan").status_code == 400
    assert _api_post(client, page, attribution={"refcode": "email_jan"}).status_code == 400
    web, api = seen
    assert web == api
    assert web.page_slug == "give" and web.election_code == "P2028" and web.amount == Decimal("50.00")
    assert web.affirmations == tuple(AFFIRMED) and dict(web.attribution) == {"refcode": "email_jan"}
