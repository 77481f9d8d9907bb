"""Schedules C-1 (loan from a lending institution, with its terms) and C-2 (an endorser or guarantor), format 8.5:
written after the loan's Schedule C record they back-reference, validated by the FEC's SchC1/SchC2 schemas and
fecfile's 8.5 mappings (11 CFR 104.3(d))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from compliance.fec import RecordValidator
from compliance.fec.records import ScheduleC1, ScheduleC2
from compliance.fec.writer import record_fields


def c1(**over) -> ScheduleC1:
    values = dict(
        form_type="SC1/10",
        filer_committee_id_number="C00123456",
        transaction_id="LOANAGREE1",
        back_reference_tran_id_number="LOAN1L",
        lender_organization_name="First Bank",
        loan_amount=Decimal("25000.00"),
        loan_interest_rate="6.5%",
        loan_incurred_date=dt.date(2026, 2, 10),
        loan_due_date="20270630",
        collateral=True,
        desc_collateral="Certificate of deposit",
        collateral_value_amount=Decimal("30000.00"),
        perfected_interest=True,
        treasurer_last_name="Treasurer",
        treasurer_first_name="Terry",
        treasurer_date_signed=dt.date(2026, 2, 10),
        authorized_last_name="Banker",
        authorized_first_name="Bo",
        authorized_title="Loan Officer",
        authorized_date_signed=dt.date(2026, 2, 10),
    )
    values.update(over)
    return ScheduleC1(**values)


def test_c1_columns_and_schema() -> None:
    fields = record_fields(c1())
    assert len(fields) == 48
    assert fields[:5] == ["SC1/10", "C00123456", "LOANAGREE1", "LOAN1L", "First Bank"]
    assert (fields[10], fields[11], fields[12], fields[13]) == ("25000.00", "6.5%", "20260210", "20270630")
    assert (fields[19], fields[20], fields[21], fields[22]) == ("X", "Certificate of deposit", "30000.00", "X")
    assert RecordValidator("F3").errors(c1()) == []
    problems = RecordValidator("F3").errors(c1(authorized_title=""))
    assert problems and "authorized_title" in " ".join(problems)  # the bank's officer signs C-1 (line J)


def test_c2_person_or_organization() -> None:
    person = ScheduleC2(
        form_type="SC2/10",
        filer_committee_id_number="C00123456",
        transaction_id="GUAR1",
        back_reference_tran_id_number="LOAN1L",
        guarantor_entity="IND",
        guarantor_last_name="Backer",
        guarantor_first_name="Bea",
        guarantor_street_1="2 Oak St",
        guarantor_city="Anytown",
        guarantor_state="VA",
        guarantor_zip="22000",
        guarantor_employer="Acme",
        guarantor_occupation="Engineer",
        guaranteed_amount=Decimal("10000.00"),
    )
    assert len(record_fields(person)) == 20
    assert RecordValidator("F3").errors(person) == []
    nameless = ScheduleC2(
        form_type="SC2/10",
        filer_committee_id_number="C00123456",
        transaction_id="GUAR2",
        back_reference_tran_id_number="LOAN1L",
        guarantor_entity="ORG",
        guaranteed_amount=Decimal("5000.00"),
    )
    assert "guarantor_organization_name" in " ".join(RecordValidator("F3").errors(nameless))
