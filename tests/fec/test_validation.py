"""Validation against the FEC schemas: plain-words errors, schema choice, engines agree."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from compliance.fec import RecordValidator, ScheduleA, ScheduleB, record_fields, validate_records
from compliance.fec.schema_docs import documents
from tests.fec.sample_records import (
    f3n_cover,
    f3n_example_records,
    f3pn_records,
    f3xn_example_records,
    f6n_records,
    jane_doe_receipt,
)


def test_missing_employer_on_itemized_individual_over_200_in_plain_words() -> None:
    receipt = jane_doe_receipt(
        contribution_date=dt.date(2026, 3, 2),
        contribution_amount=Decimal("250.00"),
        contribution_aggregate=Decimal("250.00"),
        contributor_employer="",
        memo_text_description="",
    )
    errors = RecordValidator("F3").errors(receipt)
    assert errors[0].startswith("Jane Doe, $250.00 on 2026-03-02 (SA11AI A0001): ")
    assert any(e.endswith("contributor_employer is missing") for e in errors)
    assert not any("occupation" in e for e in errors)
    # At or under $200 aggregate the employer is not required.
    small = dataclasses.replace(receipt, contribution_amount=Decimal(200), contribution_aggregate=Decimal(200))
    assert RecordValidator("F3").errors(small) == []


@pytest.mark.parametrize("engine", ["fast", "reference", "auto"])
def test_engines_agree_on_a_sample(engine: str) -> None:
    validator = RecordValidator("F3", engine=engine)
    good = f3n_example_records()
    assert [validator.errors(r) for r in good] == [[]] * len(good)
    bad = [
        jane_doe_receipt(contributor_employer=""),
        jane_doe_receipt(contributor_state="Virginia"[:2].lower() + "x"),
        jane_doe_receipt(entity_type="PAC"),
        jane_doe_receipt(filer_committee_id_number="X123"),
        jane_doe_receipt(contributor_city=""),
        dataclasses.replace(good[6], entity_type="ORG", payee_organization_name=""),  # type: ignore[arg-type]
    ]
    for record in bad:
        assert validator.errors(record), record


def test_fast_and_reference_agree_field_by_field() -> None:
    fast, reference = RecordValidator("F3", engine="fast"), RecordValidator("F3", engine="reference")
    variants = [jane_doe_receipt(**{f.name: ""}) for f in dataclasses.fields(ScheduleA) if f.type == "str"]
    for record in variants:
        assert bool(fast.errors(record)) == bool(reference.errors(record)), record
        if reference.errors(record):
            assert fast.errors(record)[0] in reference.errors(record)


def test_schema_choice_for_f3_lines() -> None:
    records = f3n_example_records()
    chosen = [[schema for schema, _ in documents(record_fields(r), "F3")] for r in records]
    assert chosen[0] == ["HDR.json"] and chosen[1] == ["F3.json"] and chosen[-1] == ["Text.json"]
    assert chosen[2] == ["SchA.json", "INDIVIDUAL_RECEIPT.json"]
    assert chosen[3] == ["SchA.json", "EARMARK_RECEIPT.json"]
    assert chosen[4] == ["SchA.json", "EARMARK_MEMO.json"]
    assert chosen[5] == ["SchA.json", "PAC_RECEIPT.json"]
    assert chosen[6] == ["SchB.json", "DISBURSEMENTS.json"]
    assert chosen[7] == ["SchB.json", "INDIVIDUAL_REFUNDS.json"]
    typed = documents(record_fields(records[6]), "F3")[1][1]
    assert typed["form_type"] == "SB21B" and typed["transaction_type_identifier"] == "OPERATING_EXPENDITURE"
    assert typed["aggregation_group"] == "GENERAL_DISBURSEMENT"


def test_line_numbers_depend_on_the_form() -> None:
    other_receipt = jane_doe_receipt(form_type="SA15", contribution_purpose_descrip="Interest")
    assert documents(record_fields(other_receipt), "F3")[1][0] == "OTHER_RECEIPT.json"
    assert documents(record_fields(other_receipt), "F3X")[1][0] == "OFFSET_TO_OPERATING_EXPENDITURES.json"
    errors = RecordValidator("F3").errors(jane_doe_receipt(form_type="SA17A"))
    assert errors == ["SA17A: SA17A is not a Form 3 receipt line"]
    candidate = jane_doe_receipt(form_type="SA11D", entity_type="CAN")
    assert [s for s, _ in documents(record_fields(candidate), "F3")] == ["SchA.json"]
    assert RecordValidator("F3").errors(candidate) == []


def test_writer_errors_become_validation_errors() -> None:
    errors = RecordValidator("F3").errors(jane_doe_receipt(contributor_last_name="L" * 40))
    assert len(errors) == 1 and "contributor_last_name" in errors[0] and "allows 30" in errors[0]


def test_disbursement_needs_a_purpose() -> None:
    sb = f3n_example_records()[6]
    assert isinstance(sb, ScheduleB)
    errors = RecordValidator("F3").errors(dataclasses.replace(sb, expenditure_purpose_descrip=""))
    assert errors == ["Print Shop LLC, $350.00 on 2026-03-05 (SB17 B0001): expenditure_purpose_descrip is missing"]


def test_validate_records_detects_the_form() -> None:
    assert validate_records(f3n_example_records()) == []
    assert validate_records(f3xn_example_records()) == []
    assert validate_records(f3pn_records()) == []
    assert validate_records(f6n_records()) == []
    bad_cover = f3n_cover(treasurer_first_name="")
    assert validate_records([bad_cover]) == ["F3N Q1 report of C00999999: treasurer_first_name is missing"]


def test_f6_amendment_needs_original_date() -> None:
    cover = f6n_records()[1]
    errors = RecordValidator("F6").errors(dataclasses.replace(cover, form_type="F6A"))
    assert errors and errors[0].endswith("original_amendment_date is missing")
    assert (
        RecordValidator("F6").errors(
            dataclasses.replace(cover, form_type="F6A", original_amendment_date=dt.date(2026, 10, 22))
        )
        == []
    )
