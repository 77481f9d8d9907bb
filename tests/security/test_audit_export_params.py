"""Finding 9 of issue 15: ``GET /api/v1/compliance/audit.csv?since=xx`` answered 500. A malformed date is a 400
naming the field."""

from __future__ import annotations

import pytest

from tests.console.helpers import person, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["since", "until"])
@pytest.mark.parametrize("value", ["xx", "2026-13-40", "2026-01-01\x00"])
def test_a_malformed_date_is_a_400_naming_the_field(field, value):
    client = signed_in(person("root", superuser=True))
    response = client.get("/api/v1/compliance/audit.csv", {field: value})
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["error"]["fields"]


def test_good_dates_still_export():
    client = signed_in(person("root", superuser=True))
    response = client.get("/api/v1/compliance/audit.csv", {"since": "2020-01-01", "until": "2100-12-31"})
    assert response.status_code == 200
    assert response.content.startswith(b"occurred_at,")
