"""Issue #12 item 3: staff enter every kind of money through the API (the same services as the CSV import), and it
lands on its line. A candidate's own money goes on 11(d), not on 11(a) under the $3,500 limit (FEC Form 3
instructions, line 11(d); 11 CFR 110.10: a candidate's personal funds are unlimited)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.roles import Role
from donations.models import LimitTotal
from tests.auth import api_key
from tests.compliance.helpers import build, built_fec, house_committee, records

pytestmark = pytest.mark.django_db
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}
CANDIDATE = {"entity_type": "CAN", "first_name": "Casey", "last_name": "Candidate", **ADDRESS}


def _client(committee, role=Role.TREASURER) -> Client:
    return Client(headers={"Authorization": f"Token {api_key(committee, role)}"})


def test_every_kind_through_the_api():
    committee = house_committee(cash="20000.00")
    staff, treasurer = _client(committee, Role.STAFF), _client(committee)
    base = {"committee": committee.fec_id, "date": "2026-02-10"}

    own = staff.post(
        "/api/v1/receipts/",
        {**base, "kind": "contribution", "amount": "9000.00", "contributor": CANDIDATE},
        content_type="application/json",
    )
    assert own.status_code == 201, own.json()
    loan = staff.post(
        "/api/v1/receipts/",
        {
            **base,
            "kind": "loan",
            "amount": "25000.00",
            "contributor": {"entity_type": "ORG", "organization_name": "First Bank", **ADDRESS},
            "loan_due_date": "2027-06-30",
            "loan_interest_rate": "6.5",
            "loan_secured": True,
        },
        content_type="application/json",
    )
    assert loan.status_code == 201, loan.json()
    party = {"entity_type": "PTY", "organization_name": "State Party", "fec_id": "C00000011", **ADDRESS}
    gift = staff.post(
        "/api/v1/receipts/",
        {**base, "kind": "contribution", "amount": "5000.00", "contributor": party},
        content_type="application/json",
    )
    assert gift.status_code == 201
    refused = staff.post(
        "/api/v1/payments/",
        {**base, "kind": "expenditure", "amount": "10.00", "purpose": "x", "payee": party},
        content_type="application/json",
    )
    assert refused.status_code == 403, "staff enter receipts; payments are a treasurer's"
    repay = treasurer.post(
        "/api/v1/payments/",
        {
            **base,
            "kind": "loan_repayment",
            "amount": "5000.00",
            "payee": {"entity_type": "ORG", "organization_name": "First Bank", **ADDRESS},
            "loan": loan.json()["transaction_id"],
        },
        content_type="application/json",
    )
    assert repay.status_code == 201, repay.json()
    debt = treasurer.post(
        "/api/v1/debts/",
        {
            **base,
            "direction": "by",
            "amount": "800.00",
            "purpose": "Printing",
            "party": {"entity_type": "ORG", "organization_name": "Printer", **ADDRESS},
        },
        content_type="application/json",
    )
    assert debt.status_code == 201, debt.json()
    paid = treasurer.post(
        f"/api/v1/debts/{debt.json()['transaction_id']}/payments/",
        {"amount": "300.00", "date": "2026-03-01"},
        content_type="application/json",
    )
    assert paid.status_code == 201, paid.json()
    bounced = staff.post(
        "/api/v1/returns/",
        {"committee": committee.fec_id, "of": gift.json()["transaction_id"], "date": "2026-02-20"},
        content_type="application/json",
    )
    assert bounced.status_code == 201, bounced.json()
    bad = staff.post(
        "/api/v1/receipts/",
        {**base, "kind": "transfer", "amount": "1.00", "contributor": CANDIDATE},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "entity_type" in bad.json()["error"]["fields"]

    report = build(committee, "Q1")
    built_fec(report)
    by_type: dict[str, list[list[str]]] = {}
    for fields in records(report):
        by_type.setdefault(fields[0], []).append(fields)
    assert [r[2] for r in by_type["SA11D"]] == [own.json()["transaction_id"]]
    assert not LimitTotal.objects.filter(donor__last_name="Candidate", received__gt=0).exists()
    assert [r[20] for r in by_type["SA11B"]] == ["5000.00", "-5000.00"]
    a = report.summary["col_a"]
    assert (a["11d"], a["11ai"], a["11b"], a["13b"], a["19b"], a["17"]) == (
        "9000.00",
        "0.00",
        "0.00",
        "25000.00",
        "5000.00",
        "300.00",
    )
    assert a["10"] == "20500.00", "loan balance 20,000 + debt balance 500"
