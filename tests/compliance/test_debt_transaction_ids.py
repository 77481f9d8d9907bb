"""A debt's transaction id is unique among all of a committee's entries (the .fec file holds them side by side):
a debt entered with a used id, or an entry with a debt's id, is refused naming the field instead of failing on the
database's unique constraint (a 500)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from compliance.models import Debt
from tests.auth import api_key
from tests.compliance.helpers import house_committee

pytestmark = pytest.mark.django_db
PARTY = {"entity_type": "ORG", "organization_name": "Print Shop", "street_1": "5 Elm", "city": "Anytown"}
PARTY |= {"state": "VA", "zip_code": "22000"}


def test_a_used_transaction_id_is_refused_for_a_debt_and_for_an_entry():
    committee = house_committee()
    client = Client(headers={"Authorization": f"Token {api_key(committee, Role.TREASURER)}"})
    body = {"committee": committee.fec_id, "direction": "by", "amount": "100.00", "date": "2026-02-05"}
    body |= {"purpose": "Printing", "party": PARTY, "transaction_id": "DEBT1"}
    assert client.post("/api/v1/debts/", body, content_type="application/json").status_code == 201
    again = client.post("/api/v1/debts/", body, content_type="application/json")
    assert again.status_code == 400, again.content
    assert "transaction_id" in again.content.decode() and "already used" in again.content.decode()
    payment = {"committee": committee.fec_id, "kind": "expenditure", "amount": "10.00", "date": "2026-02-06"}
    payment |= {"purpose": "Printing", "payee": PARTY, "transaction_id": "DEBT1"}
    clash = client.post("/api/v1/payments/", payment, content_type="application/json")
    assert clash.status_code == 400 and "already used" in clash.content.decode()
    assert Debt.objects.count() == 1
