"""Finding 7: the public donation API applies the donation page's own settings (minimum, maximum, which
frequencies it offers) exactly as the page does, and keeps `attribution` small (issue #15)."""

from datetime import date
from decimal import Decimal

import pytest

from donations.models import Donation, RecurringGift
from tests.donations.helpers import AFFIRMED, DONOR
from tests.factories import CommitteeFactory, DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    page = DonationPageFactory(
        slug="bounded",
        minimum_amount=Decimal("20.00"),
        maximum_amount=Decimal("100.00"),
        allow_monthly=False,
    )
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def _post(client, **changes):
    body = {
        "page": "bounded",
        "amount": "50.00",
        "election": "P2028",
        "donor": DONOR,
        "affirmations": AFFIRMED,
        **changes,
    }
    return client.post("/api/v1/donations/", body, content_type="application/json")


def _fields(response) -> dict:
    return response.json()["error"]["fields"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "500.00"}, "amount"),
        ({"amount": "5.00"}, "amount"),
        ({"frequency": "monthly"}, "frequency"),
    ],
)
def test_the_api_refuses_what_the_page_does_not_offer(client, page, changes, field):
    response = _post(client, **changes)
    assert response.status_code == 400, response.content
    assert field in _fields(response)
    assert Donation.objects.count() == 0 and RecurringGift.objects.count() == 0


def test_a_committee_id_does_not_bypass_a_page_of_another_committee(client, page):
    other = CommitteeFactory()
    response = _post(client, committee=other.fec_id, amount="500.00")
    assert response.status_code == 400, response.content
    assert Donation.objects.count() == 0


def test_page_and_committee_must_agree(client, page):
    other = CommitteeFactory()
    response = _post(client, committee=other.fec_id)
    assert response.status_code == 400, response.content
    assert "committee" in _fields(response)


@pytest.mark.parametrize(
    ("attribution", "what"),
    [
        ({f"k{n}": "v" for n in range(12_000)}, "keys"),
        ({"refcode": "x" * 5000}, "value"),
        ({"k" * 500: "x"}, "key"),
        ({f"utm_{n}": "x" * 200 for n in range(11)}, "size"),
    ],
)
def test_attribution_is_bounded_with_a_400_naming_the_field(client, page, attribution, what):
    response = _post(client, attribution=attribution)
    assert response.status_code == 400, (what, response.status_code)
    assert any(name.startswith("attribution") for name in _fields(response)), (what, _fields(response))
    assert Donation.objects.count() == 0


def test_a_normal_attribution_is_kept(client, page, monkeypatch):
    from donations.services import checkout

    seen = []

    def stop(**kwargs):
        seen.append(kwargs["attribution"])
        raise checkout.ApplicationError("stopped here", field="amount")

    monkeypatch.setattr(checkout, "donation_start", stop)
    _post(client, attribution={"refcode": "email_jan", "utm_source": "newsletter"})
    assert seen == [{"refcode": "email_jan", "utm_source": "newsletter"}]
