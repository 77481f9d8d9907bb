"""Bad donation input gets a 400 that names the field, and nothing is written."""

from decimal import Decimal

import pytest

from donations.models import Donation, Donor
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.django_db


def valid_body(page_slug: str, **changes) -> dict:
    donor = {
        "first_name": "Jane",
        "last_name": "Doe",
        "street_1": "12 Main St",
        "city": "Springfield",
        "state": "VA",
        "zip_code": "22150",
        "email": "jane@example.com",
        "employer": "Acme Corp",
        "occupation": "Engineer",
    }
    donor.update(changes.pop("donor", {}))
    body = {"page": page_slug, "amount": "25.00", "election": "P2026", "payment_method": "pm_card_visa", "donor": donor}
    body.update(changes)
    return body


@pytest.fixture
def page():
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee)
    return page


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": "-5.00"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "10.001"}, "amount"),
        ({"amount": "ten"}, "amount"),
        ({"donor": {"employer": ""}}, "donor.employer"),
        ({"donor": {"occupation": ""}}, "donor.occupation"),
        ({"donor": {"state": "XX"}}, "donor.state"),
        ({"donor": {"zip_code": "2215"}}, "donor.zip_code"),
        ({"donor": {"zip_code": "22150-12"}}, "donor.zip_code"),
        ({"donor": {"email": "not-an-email"}}, "donor.email"),
        ({"election": "X2026"}, "election"),
        ({"election": "G2030"}, "election"),
        ({"page": "no-such-page"}, "page"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(client, page, changes, field):
    response = client.post("/api/v1/donations/", valid_body(page.slug, **changes), content_type="application/json")
    assert response.status_code in (400, 404), response.content
    error = response.json()["error"]
    assert field in error["fields"], error
    assert Donation.objects.count() == 0
    assert Donor.objects.count() == 0


def test_malformed_json_is_a_400_not_a_500(client, page):
    response = client.post("/api/v1/donations/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert Donation.objects.count() == 0


def test_amount_is_decimal_dollars(page):
    from donations.api.serializers import DonationCreateInputSerializer

    serializer = DonationCreateInputSerializer(data=valid_body(page.slug, amount="3500.00"))
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["amount"] == Decimal("3500.00")


def test_affirmations_are_named_keys(client, page):
    body = valid_body(page.slug, affirmations=["own_funds", "made_up"])
    response = client.post("/api/v1/donations/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"affirmations.1": ['"made_up" is not a valid choice.']}
    assert Donation.objects.count() == 0
