"""The OpenAPI schema describes every operation, parameter and field (the console and integrations share it), and
the reports list is there: scoped to the committees the caller may see, filterable by committee and status."""

import datetime as dt

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator

from accounts.roles import Role
from tests.auth import api_key
from tests.compliance.helpers import build, house_committee, pac_committee


def test_every_operation_parameter_and_field_has_a_description():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    missing = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("description"):
                missing.append(f"{method.upper()} {path}")
            missing += [
                f"{method.upper()} {path} parameter {p['name']}"
                for p in operation.get("parameters", [])
                if not p.get("description")
            ]
    for name, component in schema["components"]["schemas"].items():
        missing += [
            f"{name}.{field}"
            for field, spec in (component.get("properties") or {}).items()
            if not spec.get("description")
        ]
    assert missing == []
    assert "get" in schema["paths"]["/api/v1/reports/"]  # the list the console shares


@pytest.mark.django_db
def test_reports_list_is_scoped_and_filtered(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    campaign = house_committee()
    pac = pac_committee()
    q1 = build(campaign, "Q1")
    build(pac, "Q1")
    viewer = Client(HTTP_AUTHORIZATION=f"Token {api_key(campaign, Role.VIEWER)}")
    listed = viewer.get("/api/v1/reports/")
    assert listed.status_code == 200
    assert [(r["id"], r["committee"], r["status"]) for r in listed.json()] == [(q1.pk, campaign.fec_id, "done")]
    assert viewer.get("/api/v1/reports/", {"committee": pac.fec_id}).json() == []
    assert viewer.get("/api/v1/reports/", {"status": "failed"}).json() == []
    bad = viewer.get("/api/v1/reports/", {"status": "nonsense"})
    assert bad.status_code == 400 and "status" in bad.json()["error"]["fields"]
    assert viewer.post("/api/v1/reports/", {"committee": campaign.fec_id, "report_code": "Q2"}).status_code == 403
    assert dt.date.fromisoformat(listed.json()[0]["coverage_through"]) == dt.date(2026, 3, 31)
