"""Property-based API testing from our own OpenAPI schema (drf-spectacular): schemathesis generates
requests, valid and invalid, for every operation. No 500s: every error is a clear 4xx."""

import base64

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from fundraising.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
PASSWORD = "schemathesis-pw"


@pytest.fixture
def staff_headers(services):
    from django.contrib.auth import get_user_model

    from tests.factories import DonationPageFactory, ElectionFactory

    get_user_model().objects.create_user("api-fuzz", password=PASSWORD, is_staff=True)
    page = DonationPageFactory(slug="fuzz")
    ElectionFactory(committee=page.committee, code="P2028")
    token = base64.b64encode(f"api-fuzz:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_with_a_server_error(case, staff_headers):
    response = case.call(headers=staff_headers)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
    if response.status_code >= 400 and response.headers.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        assert "error" in body and body["error"]["message"], body
