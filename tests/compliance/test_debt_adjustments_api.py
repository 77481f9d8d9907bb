"""Debt adjustments through the API (issue #12): ``/api/v1/debts/{transaction_id}/adjustments/`` takes a change of
a debt's amount other than a payment through compliance.services.debt_adjustments; a forgiveness waits for the
treasurer's review (``.../adjustments/{id}/review/``). Treasurers only; bad input is a 400 naming the field."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import DebtAdjustment
from tests.auth import api_key
from tests.compliance.helpers import build, house_committee

pytestmark = pytest.mark.django_db
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}


def _client(committee, role=Role.TREASURER) -> Client:  # noqa: ANN001
    return Client(headers={"Authorization": f"Token {api_key(committee, role)}"})


def test_a_treasurer_adjusts_a_debt_and_reviews_a_forgiveness_through_the_api():
    committee = house_committee(cash="20000.00")
    treasurer, staff = _client(committee), _client(committee, Role.STAFF)
    debt = treasurer.post(
        "/api/v1/debts/",
        {
            "committee": committee.fec_id,
            "date": "2026-02-10",
            "direction": "by",
            "amount": "1000.00",
            "purpose": "Printing",
            "party": {"entity_type": "ORG", "organization_name": "Printer Inc", **ADDRESS},
        },
        content_type="application/json",
    )
    assert debt.status_code == 201, debt.json()
    url = f"/api/v1/debts/{debt.json()['transaction_id']}/adjustments/"
    body = {"kind": "increase", "amount": "500.00", "date": "2026-03-01", "reason": "Second printing"}
    assert staff.post(url, body, content_type="application/json").status_code == 403
    grown = treasurer.post(url, body, content_type="application/json")
    assert grown.status_code == 201, grown.json()
    assert (grown.json()["amount"], grown.json()["balance"], grown.json()["review"]) == ("500.00", "1500.00", "")

    forgiven = treasurer.post(
        url,
        {"kind": "forgiven", "amount": "200.00", "date": "2026-03-10", "reason": "Vendor discount"},
        content_type="application/json",
    )
    assert forgiven.status_code == 201, forgiven.json()
    out = forgiven.json()
    assert (out["amount"], out["balance"], out["review"]) == ("-200.00", "1300.00", "open")
    assert "116" in out["review_reason"]

    for bad, field in (
        ({**body, "kind": "gift"}, "kind"),
        ({**body, "amount": "abc"}, "amount"),
        ({**body, "amount": "0"}, "amount"),
        ({**body, "kind": "forgiven", "amount": "1300.01"}, "amount"),
        ({**body, "date": "2026-01-01"}, "date"),
        ({**body, "reason": ""}, "reason"),
    ):
        refused = treasurer.post(url, bad, content_type="application/json")
        assert refused.status_code == 400, (bad, refused.status_code)
        assert field in refused.json()["error"]["fields"], (bad, refused.json())
    assert DebtAdjustment.objects.count() == 2
    assert treasurer.post("/api/v1/debts/NOPE/adjustments/", body, content_type="application/json").status_code == 404

    review = f"{url}{out['id']}/review/"
    assert treasurer.post(review, {"note": ""}, content_type="application/json").status_code == 400
    cleared = treasurer.post(review, {"note": "Meets 11 CFR 116.4"}, content_type="application/json")
    assert cleared.status_code == 200 and cleared.json()["review"] == "cleared", cleared.json()
    again = treasurer.post(review, {"note": "again"}, content_type="application/json")
    assert again.status_code == 400
    assert AuditEvent.objects.filter(action="debt.adjusted").count() == 2

    q1 = build(committee, "Q1")
    assert q1.summary["col_a"]["10"] == "1300.00"
