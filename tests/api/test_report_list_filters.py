"""The report list's filters answer a bad value with a 400 naming the field, never a 500 (schemathesis found a NUL
byte in ?committee= reaching PostgreSQL)."""

import pytest
from django.test import Client

from tests.auth import api_key
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["\x00", "C0000000", "not-an-id", "C123456789"])
def test_a_malformed_committee_filter_is_a_clear_error(value: str) -> None:
    committee = CommitteeFactory()
    client = Client(headers={"Authorization": f"Token {api_key(committee)}"})
    response = client.get("/api/v1/reports/", {"committee": value})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["committee"]


def test_a_well_formed_committee_filter_still_filters() -> None:
    committee = CommitteeFactory()
    client = Client(headers={"Authorization": f"Token {api_key(committee)}"})
    response = client.get("/api/v1/reports/", {"committee": committee.fec_id.lower()})
    assert response.status_code == 200
    assert response.json() == []
