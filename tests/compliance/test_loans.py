"""Loans on FEC reports: the loan receipt (SA13A/B, SA13, SA19A/B) plus its Schedule C record (SC/10, SC/12)
with the balance at the end of each period, repayments (SB19A/B, SB26, SB27A/B) back-referencing the loan,
and summary line 10 (debts owed by the committee) = outstanding loan balances."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from committees.models import Committee
from compliance.fec.records import ScheduleC
from compliance.fec.validation import RecordValidator
from compliance.models import LoanTerms
from compliance.services.transactions import PayeeInput, disbursement_enter, receipt_enter
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError
from tests.compliance.helpers import build, built_fec, house_committee, pac_committee, records

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}


def _by_type(report) -> dict[str, list[list[str]]]:
    built_fec(report)  # every .fec goes through the shared checks
    out: dict[str, list[list[str]]] = {}
    for fields in records(report):
        out.setdefault(fields[0], []).append(fields)
    return out


def _candidate_loan(committee, amount: str = "10000.00", day: dt.date = dt.date(2026, 2, 1)):
    loan = receipt_enter(
        committee=committee,
        donor_data=DonorInput(
            entity_type="CAN",
            first_name="Casey",
            last_name="Candidate",
            employer="Self",
            occupation="Lawyer",
            **ADDRESS,
        ),
        amount=D(amount),
        date_received=day,
        receipt_type="loan_candidate",
        election=committee.elections.get(code="P2026"),
    ).contribution
    LoanTerms.objects.create(contribution=loan, due_date=dt.date(2026, 12, 31), interest_rate=D("5.25"), secured=False)
    return loan


def _repay(committee, loan, amount: str, day: dt.date):
    return disbursement_enter(
        committee=committee,
        payee=PayeeInput(entity_type="IND", first_name="Casey", last_name="Candidate", **ADDRESS),
        amount=D(amount),
        date_disbursed=day,
        kind="loan_repayment_candidate",
        election=committee.elections.get(code="P2026"),
        loan=loan,
    )


def test_candidate_loan_on_form_3():
    committee = house_committee()
    loan = _candidate_loan(committee)
    report = build(committee, "Q1")
    rows = _by_type(report)

    (sa,) = rows["SA13A"]
    (sc,) = rows["SC/10"]
    assert sa[2] == loan.transaction_id
    assert (sa[3], sa[4]) == (sc[2], "SC/10"), "the receipt back-references its Schedule C record"
    assert sa[5] == "CAN" and sa[20] == "10000.00"
    assert sc[3] == "13A" and sc[4] == "CAN"
    assert (sc[6], sc[7]) == ("Candidate", "Casey")
    assert (sc[18], sc[19], sc[20]) == ("10000.00", "0.00", "10000.00")
    assert (sc[21], sc[22], sc[23], sc[24], sc[25]) == ("20260201", "20261231", "5.25%", "", "X")
    col_a = report.summary["col_a"]
    assert (col_a["13a"], col_a["13c"], col_a["10"]) == ("10000.00", "10000.00", "10000.00")


def test_partial_then_full_repayment_on_later_reports():
    committee = house_committee()
    loan = _candidate_loan(committee)
    build(committee, "Q1")
    _repay(committee, loan, "4000.00", dt.date(2026, 5, 1))
    q2 = build(committee, "Q2", signed=dt.date(2026, 7, 10))
    rows = _by_type(q2)

    assert "SA13A" not in rows, "the loan was received in Q1"
    (sb,) = rows["SB19A"]
    (sc,) = rows["SC/10"]
    assert (sb[3], sb[4], sb[22]) == (sc[2], "SC/10", "Loan Repayment")
    assert (sc[18], sc[19], sc[20]) == ("10000.00", "4000.00", "6000.00")
    col_a = q2.summary["col_a"]
    assert (col_a["19a"], col_a["10"], col_a["13a"]) == ("4000.00", "6000.00", "0.00")

    _repay(committee, loan, "6000.00", dt.date(2026, 8, 1))
    q3 = build(committee, "Q3", signed=dt.date(2026, 10, 10))
    (sc,) = _by_type(q3)["SC/10"]
    assert (sc[19], sc[20]) == ("10000.00", "0.00"), "repaid in this period: shown once more with balance 0"
    assert q3.summary["col_a"]["10"] == "0.00"

    ye = build(committee, "YE", signed=dt.date(2027, 1, 10))
    assert "SC/10" not in _by_type(ye), "a repaid loan leaves Schedule C"


def test_bank_loan_on_form_3x():
    committee = pac_committee()
    loan = receipt_enter(
        committee=committee,
        donor_data=DonorInput(entity_type="ORG", organization_name="First Bank of Virginia", **ADDRESS),
        amount=D("25000.00"),
        date_received=dt.date(2026, 2, 15),
        receipt_type="loan_other",
    ).contribution
    report = build(committee, "Q1")
    rows = _by_type(report)

    (sa,) = rows["SA13"]
    (sc,) = rows["SC/10"]
    assert (sa[2], sa[3], sa[4]) == (loan.transaction_id, sc[2], "SC/10")
    assert (sc[3], sc[4], sc[5]) == ("13", "ORG", "First Bank of Virginia")
    assert (sc[18], sc[20], sc[22], sc[23], sc[24]) == ("25000.00", "25000.00", "On demand", "0%", "")
    col_a = report.summary["col_a"]
    assert (col_a["13"], col_a["10"]) == ("25000.00", "25000.00")


def test_candidate_loan_on_form_3p():
    committee = house_committee("C00000002")
    Committee.objects.filter(pk=committee.pk).update(
        committee_type="presidential", election_state="", election_district=""
    )
    committee.refresh_from_db()
    committee.elections.update_or_create(code="P2026", defaults={"date": dt.date(2026, 6, 16)})
    loan = _candidate_loan(committee, "3000.00")
    _repay(committee, loan, "1000.00", dt.date(2026, 3, 1))
    report = build(committee, "Q1")
    rows = _by_type(report)

    (sa,) = rows["SA19A"]
    (sb,) = rows["SB27A"]
    (sc,) = rows["SC/12"]
    assert (sa[3], sa[4], sb[3], sb[4]) == (sc[2], "SC/12", sc[2], "SC/12")
    assert (sc[3], sc[18], sc[19], sc[20]) == ("19A", "3000.00", "1000.00", "2000.00")
    col_a = report.summary["col_a"]
    assert (col_a["19a"], col_a["27a"], col_a["12"]) == ("3000.00", "1000.00", "2000.00")


def test_only_a_loan_repayment_names_a_loan():
    committee = house_committee()
    loan = _candidate_loan(committee)
    with pytest.raises(ApplicationError):
        disbursement_enter(
            committee=committee,
            payee=PayeeInput(entity_type="ORG", organization_name="Printer", **ADDRESS),
            amount=D("10.00"),
            date_disbursed=dt.date(2026, 3, 1),
            kind="operating",
            loan=loan,
        )


def test_a_repayment_cannot_exceed_the_balance():
    committee = house_committee()
    loan = _candidate_loan(committee, "100.00")
    _repay(committee, loan, "60.00", dt.date(2026, 3, 1))
    with pytest.raises(ApplicationError, match="40.00 left"):
        _repay(committee, loan, "40.01", dt.date(2026, 3, 2))


def test_schedule_c_validation_in_plain_words():
    loan = ScheduleC(
        form_type="SC/10",
        filer_committee_id_number="C00999999",
        transaction_id="T123L",
        receipt_line_number="13",
        entity_type="ORG",
        lender_street_1="1 Main St",
        lender_city="Anytown",
        lender_state="VA",
        lender_zip="22000",
        loan_amount=D("500.00"),
        loan_payment_to_date=D("0.00"),
        loan_balance=D("500.00"),
        loan_incurred_date=dt.date(2026, 2, 1),
        loan_due_date="On demand",
        loan_interest_rate="0%",
    )
    problems = RecordValidator("F3X").errors(loan)
    assert problems and all("(SC/10 T123L)" in p for p in problems), problems
    assert any("lender_organization_name" in p or "organization" in p.lower() for p in problems), problems
    assert RecordValidator("F3X").errors(replace(loan, lender_organization_name="First Bank")) == []


def test_a_repayment_not_linked_to_its_loan_fails_the_report_in_plain_words():
    committee = house_committee()
    loan = _candidate_loan(committee)
    repayment = _repay(committee, loan, "100.00", dt.date(2026, 3, 1))
    type(repayment).objects.filter(pk=repayment.pk).update(loan=None)
    report = build(committee, "Q1")
    assert report.status == report.Status.FAILED
    assert any("SB19A" in e and "back_reference" in e for e in report.errors), report.errors
