"""Schedules C-1 and C-2 with the report build (issue #18). Worked case: a House committee borrows $25,000 from
First Bank on Feb 10, 2026 at 6.5%, due June 30, 2027, secured by a $30,000 certificate of deposit, and a supporter
guarantees $10,000 of it. 11 CFR 104.3(d) and the FEC's Schedule C-1 instructions: a loan from a lending
institution is disclosed on Schedule C-1, with the report covering the period the loan was obtained, signed by the
treasurer and by the institution's officer; each endorser or guarantor and the amount guaranteed are disclosed
(Schedule C-2) with the loan's Schedule C. Neither changes a summary line: the $25,000 stays on line 13(b) and
Schedule C's balance on line 10."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from compliance.models import LoanTerms
from compliance.services.loan_schedules import (
    GuarantorInput,
    LoanAgreementInput,
    loan_agreement_record,
    loan_guarantor_add,
)
from compliance.services.transactions import receipt_enter
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError, Conflict
from tests.compliance.helpers import build, built_fec, house_committee, records

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}
AGREEMENT = LoanAgreementInput(
    treasurer_signed=dt.date(2026, 2, 10),
    officer_last_name="Banker",
    officer_first_name="Bo",
    officer_title="Loan Officer",
    officer_signed=dt.date(2026, 2, 10),
    collateral="Certificate of deposit",
    collateral_value=D("30000.00"),
    perfected_interest=True,
)
GUARANTOR = GuarantorInput(
    entity_type="IND",
    last_name="Backer",
    first_name="Bea",
    employer="Acme",
    occupation="Engineer",
    amount=D("10000.00"),
    **ADDRESS,
)


def _bank_loan(committee):
    loan = receipt_enter(
        committee=committee,
        donor_data=DonorInput(entity_type="ORG", organization_name="First Bank", **ADDRESS),
        amount=D("25000.00"),
        date_received=dt.date(2026, 2, 10),
        receipt_type="loan_other",
        election=committee.elections.get(code="P2026"),
    ).contribution
    LoanTerms.objects.create(contribution=loan, due_date=dt.date(2027, 6, 30), interest_rate=D("6.5"), secured=True)
    return loan


def test_c1_with_the_first_report_c2_with_every_report():
    committee = house_committee()
    loan = _bank_loan(committee)
    agreement = loan_agreement_record(loan=loan, data=AGREEMENT, actor=None)
    guarantor = loan_guarantor_add(loan=loan, data=GUARANTOR, actor=None)

    q1 = build(committee, "Q1")
    parsed = built_fec(q1)  # structure, FEC schemas (SchC, SchC1, SchC2) twice, fecfile
    rows = records(q1)
    types = [r[0] for r in rows]
    at = types.index("SC/10")
    assert types[at : at + 3] == ["SC/10", "SC1/10", "SC2/10"]
    sc, c1, c2 = rows[at : at + 3]
    assert c1[2] == agreement.transaction_id and c1[3] == sc[2]  # back-references the loan's Schedule C
    assert (c1[4], c1[10], c1[11], c1[12], c1[13]) == ("First Bank", "25000.00", "6.5%", "20260210", "20270630")
    assert (c1[19], c1[20], c1[21], c1[22]) == ("X", "Certificate of deposit", "30000.00", "X")
    assert (c1[41], c1[42], c1[46], c1[47]) == ("Banker", "Bo", "Loan Officer", "20260210")
    assert c2[2] == guarantor.transaction_id and c2[3] == sc[2]
    assert (c2[4], c2[7], c2[8], c2[19]) == ("IND", "Backer", "Bea", "10000.00")
    schedule_c = parsed["itemizations"]["Schedule C"]
    assert {r["form_type"] for r in schedule_c} == {"SC/10", "SC1/10", "SC2/10"}
    assert q1.summary["col_a"]["13b"] == "25000.00" and q1.summary["col_a"]["10"] == "25000.00"

    q2 = build(committee, "Q2", signed=dt.date(2026, 7, 10))
    built_fec(q2)
    types = [r[0] for r in records(q2)]
    assert "SC1/10" not in types  # the agreement went with the report covering the period the loan was obtained
    assert types.count("SC2/10") == 1 and types[types.index("SC/10") + 1] == "SC2/10"


def test_bad_input_is_refused_naming_the_field():
    committee = house_committee()
    loan = _bank_loan(committee)
    with pytest.raises(ApplicationError) as err:
        loan_agreement_record(
            loan=loan, data=AGREEMENT.__class__(**{**AGREEMENT.__dict__, "officer_title": " "}), actor=None
        )
    assert err.value.field == "officer_title"
    loan_agreement_record(loan=loan, data=AGREEMENT, actor=None)
    with pytest.raises(Conflict):
        loan_agreement_record(loan=loan, data=AGREEMENT, actor=None)
    loan_guarantor_add(loan=loan, data=GUARANTOR, actor=None)
    too_much = GuarantorInput(**{**GUARANTOR.__dict__, "amount": D("15000.01")})
    with pytest.raises(ApplicationError) as err:
        loan_guarantor_add(loan=loan, data=too_much, actor=None)  # $10,000 + $15,000.01 > the $25,000 loan
    assert err.value.field == "amount"


def test_api_records_the_agreement_and_a_guarantor():
    from django.test import Client

    from accounts.roles import Role
    from compliance.models import LoanAgreement, LoanGuarantor
    from tests.auth import api_key

    committee = house_committee()
    loan = _bank_loan(committee)
    treasurer = Client(headers={"Authorization": f"Token {api_key(committee, Role.TREASURER)}"})
    staff = Client(headers={"Authorization": f"Token {api_key(committee, Role.STAFF, 'staff')}"})
    url = f"/api/v1/loans/{loan.transaction_id}/"
    body = {
        "treasurer_signed": "2026-02-10",
        "officer_last_name": "Banker",
        "officer_first_name": "Bo",
        "officer_title": "Loan Officer",
        "officer_signed": "2026-02-10",
        "collateral": "Certificate of deposit",
        "collateral_value": "30000.00",
    }
    assert staff.post(f"{url}agreement/", body, content_type="application/json").status_code == 403
    made = treasurer.post(f"{url}agreement/", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    assert LoanAgreement.objects.get(contribution=loan).transaction_id == made.json()["transaction_id"]
    guarantor = {"entity_type": "IND", "last_name": "Backer", "first_name": "Bea", **ADDRESS, "amount": "10000.00"}
    assert treasurer.post(f"{url}guarantors/", guarantor, content_type="application/json").status_code == 201
    over = treasurer.post(f"{url}guarantors/", {**guarantor, "amount": "15000.01"}, content_type="application/json")
    assert over.status_code == 400 and "amount" in str(over.json())
    assert LoanGuarantor.objects.filter(contribution=loan).count() == 1
    assert (
        treasurer.post("/api/v1/loans/NOSUCHLOAN/agreement/", body, content_type="application/json").status_code == 404
    )
