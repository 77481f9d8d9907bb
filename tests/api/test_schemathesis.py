"""Property-based API testing from our own OpenAPI schema (drf-spectacular): schemathesis generates
requests, valid and invalid, for every operation. No 500s: every error is a clear 4xx."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def staff_headers(services):
    from tests.auth import api_key
    from tests.factories import DonationPageFactory, ElectionFactory

    page = DonationPageFactory(slug="fuzz")
    ElectionFactory(committee=page.committee, code="P2028")
    return {"Authorization": f"Token {api_key(page.committee)}"}  # a treasurer's token: every operation


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_operation_answers_with_a_server_error(case, staff_headers):
    response = case.call(headers=staff_headers)
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.status_code} {response.text}"
    if response.status_code >= 400 and response.headers.get("Content-Type", "").startswith("application/json"):
        body = response.json()
        assert "error" in body and body["error"]["message"], body
