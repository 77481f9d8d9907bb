"""The writer reproduces the worked examples (tests/reference/fec/examples) byte for byte; F3P / F6 files pass every
check."""

from __future__ import annotations

import hashlib
import io

import pytest

from compliance.fec import write_fec, write_fec_bytes
from tests.fec.sample_records import f3n_example_records, f3pn_records, f3xn_example_records, f6n_records
from tests.fec_assertions import assert_valid_fec, reference_example


@pytest.mark.parametrize(
    ("records", "filename"),
    [
        (f3n_example_records, "worked_example_F3N_v8.5.fec"),
        (f3xn_example_records, "worked_example_F3XN_v8.5.fec"),
    ],
)
def test_reproduces_worked_example_byte_for_byte(records, filename: str) -> None:
    expected = reference_example(filename)
    out = io.BytesIO()
    result = write_fec(records(), out)
    assert out.getvalue() == expected
    assert result.sha256 == hashlib.sha256(expected).hexdigest()
    assert result.byte_count == len(expected)
    assert result.record_count == expected.count(b"\r\n") == len(records())


def test_f3n_example_is_valid_and_parses_with_the_right_amounts() -> None:
    parsed = assert_valid_fec(write_fec_bytes(f3n_example_records()))
    filing = parsed["filing"]
    assert filing["form_type"] == "F3N"
    assert filing["col_a_total_contributions"] == 6050.0
    assert filing["col_a_cash_on_hand_close_of_period"] == 15600.0
    schedule_a = parsed["itemizations"]["Schedule A"]
    assert [row["contribution_amount"] for row in schedule_a] == [3600.0, 250.0, 250.0, 1000.0]
    assert schedule_a[2]["memo_code"] == "X"
    assert (
        sum(r["contribution_amount"] for r in schedule_a if r["form_type"] == "SA11AI" and not r["memo_code"])
        == (filing["col_a_individual_contributions_itemized"])
    )
    assert parsed["text"][0]["text"].startswith("Primary limit 3500.00")


def test_f3xn_example_is_valid() -> None:
    parsed = assert_valid_fec(write_fec_bytes(f3xn_example_records()))
    assert parsed["filing"]["form_type"] == "F3XN"
    assert [r["form_type"] for r in parsed["itemizations"]["Schedule B"]] == ["SB21B", "SB23"]


def test_form_3p_file_passes_schemas_and_parses() -> None:
    records = f3pn_records()
    parsed = assert_valid_fec(write_fec_bytes(records))
    filing = parsed["filing"]
    assert filing["form_type"] == "F3PN"
    assert len(filing) >= 200
    sa = parsed["itemizations"]["Schedule A"][0]
    assert (sa["contributor_last_name"], sa["contributor_first_name"]) == ("Muller", "Zoe")
    assert sa["contributor_street_1"] == "7 Strasse Rd"
    assert sa["contributor_zip_code"] == "220301234"
    assert sa["contribution_amount"] == 2500.0


def test_form_6_48_hour_notice_passes_schemas_and_parses() -> None:
    parsed = assert_valid_fec(write_fec_bytes(f6n_records()))
    assert parsed["filing"]["form_type"] == "F6N"
    rows = parsed["itemizations"]["F65"]
    assert [r["contribution_amount"] for r in rows] == [3500.0, 1000.0]
    assert rows[1]["contributor_organization_name"] == "Example Workers PAC"


def test_examples_are_in_the_repository() -> None:
    assert reference_example("worked_example_F3N_v8.5.fec").startswith(b"HDR\x1cFEC\x1c8.5")
    assert reference_example("worked_example_F3XN_v8.5.fec").endswith(b"\r\n")
