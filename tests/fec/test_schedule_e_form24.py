"""Schedule E and Form 24 records on their own (format 8.5): an individual payee and an organization, support and
oppose, a memo entry and a missing payment date, each file passing the FEC's F24/SchE schemas (both copies) and
read back by the independent ``fecfile`` parser with the values we wrote (field order: shared/fec/NOTES.md, F24 and
SE; FEC JSON schemas F24.json, SchE.json)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from compliance.fec.records import F24Cover, Header, ScheduleE
from compliance.fec.validation import RecordValidator
from compliance.fec.writer import write_fec_bytes
from tests.fec_assertions import assert_valid_fec

D = Decimal
SIGNED = dt.date(2028, 4, 11)


def _se(tid: str, **fields) -> ScheduleE:
    base = dict(
        filer_committee_id_number="C00777777",
        transaction_id=tid,
        entity_type="ORG",
        payee_organization_name="Example Media LLC",
        payee_street_1="9 Studio Way",
        payee_city="Richmond",
        payee_state="VA",
        payee_zip="23219",
        election_code="P2028",
        dissemination_date=dt.date(2028, 4, 3),
        expenditure_amount=D("6000.00"),
        disbursement_date=dt.date(2028, 4, 1),
        calendar_ytd_per_election_office=D("6000.00"),
        expenditure_purpose_descrip="TV ad",
        support_oppose_code="S",
        so_candidate_id_number="S8VA00012",
        so_candidate_last_name="Able",
        so_candidate_first_name="Alice",
        so_candidate_office="S",
        so_candidate_state="VA",
        completing_last_name="Treasurer",
        completing_first_name="Pat",
        date_signed=SIGNED,
    )
    return ScheduleE(**{**base, **fields})


def _file(*rows: ScheduleE, report_type: str = "48") -> bytes:
    records = [
        Header(soft_name="ExampleSoft", soft_ver="0.1.0"),
        F24Cover(
            filer_committee_id_number="C00777777",
            report_type_24_48=report_type,
            committee_name="Example Workers PAC",
            street_1="3 Elm St",
            city="Arlington",
            state="VA",
            zip="22201",
            treasurer_last_name="Treasurer",
            treasurer_first_name="Pat",
            date_signed=SIGNED,
        ),
        *rows,
    ]
    validator = RecordValidator("F24")
    assert [p for r in records for p in validator.errors(r)] == []
    return write_fec_bytes(records)


def test_form_24_with_organization_and_individual_payees_parses_back():
    person = _se(
        "IE2",
        entity_type="IND",
        payee_organization_name="",
        payee_last_name="Printer",
        payee_first_name="Pam",
        dissemination_date=dt.date(2028, 4, 10),
        disbursement_date=None,  # not known yet: left blank, as the FEC asks
        expenditure_amount=D("4000.00"),
        calendar_ytd_per_election_office=D("10000.00"),
        expenditure_purpose_descrip="Mailer",
        support_oppose_code="O",
        so_candidate_id_number="S8VA00020",
        so_candidate_last_name="Baker",
        so_candidate_first_name="Bob",
    )
    parsed = assert_valid_fec(_file(_se("IE1"), person))
    assert parsed["filing"]["form_type"] == "F24N"
    assert parsed["filing"]["report_type"] == "48"
    rows = parsed["itemizations"]["Schedule E"]
    assert [r["transaction_id_number"] for r in rows] == ["IE1", "IE2"]
    first, second = rows
    assert first["payee_organization_name"] == "Example Media LLC" and first["support_oppose_code"] == "S"
    assert D(str(second["expenditure_amount"])) == D("4000.00") and second["payee_last_name"] == "Printer"
    assert D(str(second["calendar_y_t_d_per_election_office"])) == D("10000.00")
    assert second["support_oppose_code"] == "O" and second["candidate_id_number"] == "S8VA00020"
    assert not second.get("disbursement_date")


def test_a_24_hour_report_and_a_memo_row_validate():
    memo = _se("IE3", memo_code=True, memo_text_description="Disseminated; paid later", expenditure_amount=D("1500"))
    parsed = assert_valid_fec(_file(memo, report_type="24"))
    assert parsed["filing"]["report_type"] == "24"
    (row,) = parsed["itemizations"]["Schedule E"]
    assert row["memo_code"] == "X" and row["memo_text_description"] == "Disseminated; paid later"


def test_the_schemas_refuse_a_row_without_a_support_or_oppose_code():
    problems = RecordValidator("F24").errors(_se("IE4", support_oppose_code="X"))
    assert problems and any("support_oppose_code" in p for p in problems)
