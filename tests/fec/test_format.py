"""Value formatting and the text sanitiser."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliance.fec import FecValueError, format_record, sanitize, write_fec_bytes
from compliance.fec.format import Kind, format_amount, format_date, format_text
from compliance.fec.layouts import SA
from tests.fec.sample_records import example_header, jane_doe_receipt
from tests.fec_assertions import assert_valid_fec, split_records


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("José Núñez", "Jose Nunez"),
        ("Straße", "Strasse"),
        ("“Quoted” name", "Quoted name"),
        ('He said "hi"', "He said hi"),
        ("  leading and   inner  ", "leading and inner"),
        ("tab\there\r\nnew\x1cline", "tab here new line"),
        ("Ærøskøbing", "AEroskobing"),
        ("北京", "Bei Jing"),
        ("", ""),
        (None, ""),
    ],
)
def test_sanitize(raw, clean) -> None:
    assert sanitize(raw) == clean


def test_amounts() -> None:
    assert format_amount(Decimal("3600")) == "3600.00"
    assert format_amount(Decimal("-100.5")) == "-100.50"
    assert format_amount(Decimal("-0.00")) == "0.00"
    assert format_amount(250) == "250.00"
    assert format_amount(None) == ""
    with pytest.raises(TypeError):
        format_amount(250.0)  # type: ignore[arg-type]
    with pytest.raises(FecValueError, match="fractions of a cent"):
        format_amount(Decimal("1.005"))
    with pytest.raises(FecValueError, match="range"):
        format_amount(Decimal("1000000000.00"))


def test_dates() -> None:
    assert format_date(dt.date(2026, 3, 2)) == "20260302"
    assert format_date(None) == ""
    with pytest.raises(TypeError):
        format_date("2026-03-02")  # type: ignore[arg-type]


def test_length_rules_per_kind() -> None:
    assert format_text("x" * 150, 100, Kind.TEXT) == "x" * 100
    assert format_text("word " * 30, 100, Kind.TEXT).endswith("word")  # no trailing blank after the cut
    with pytest.raises(FecValueError, match="allows 30"):
        format_text("L" * 31, 30, Kind.NAME, "contributor_last_name")
    with pytest.raises(FecValueError):
        format_text("A" * 21, 20, Kind.CODE, "transaction_id")
    assert format_text("a0001m", 20, Kind.CODE) == "A0001M"
    assert format_text("98111-0123", 9, Kind.ZIP) == "981110123"


def test_record_level_rules() -> None:
    line = format_record(jane_doe_receipt(transaction_id="a0001", contribution_purpose_descrip="p" * 300))
    fields = line.split("\x1c")
    assert fields[2] == "A0001"
    assert fields[22] == "p" * 100
    with pytest.raises(FecValueError, match="contributor_last_name"):
        format_record(jane_doe_receipt(contributor_last_name="X" * 31))
    with pytest.raises(TypeError, match="contribution_amount"):
        format_record(jane_doe_receipt(contribution_amount=3600.0))


def test_none_in_text_field_is_written_empty() -> None:
    fields = format_record(jane_doe_receipt(contributor_middle_name=None)).split("\x1c")  # type: ignore[arg-type]
    assert fields[9] == ""


TEXT_FIELDS = [f for f in SA.fields if f.kind is Kind.TEXT]


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.text(), min_size=len(TEXT_FIELDS), max_size=len(TEXT_FIELDS)), name=st.text(max_size=12))
def test_arbitrary_unicode_never_breaks_a_record(values: list[str], name: str) -> None:
    changes = {f.attr: v for f, v in zip(TEXT_FIELDS, values, strict=True)}
    changes["contributor_first_name"] = name
    receipt = dataclasses.replace(jane_doe_receipt(), **changes)
    try:
        data = write_fec_bytes([example_header(), receipt, receipt])
    except FecValueError:
        # Only a *name* may be refused (over-long after transliteration); text is truncated, never refused.
        assert len(sanitize(name)) > 20
        return
    records = split_records(data)  # strict ASCII, printable, FS/CRLF structure, widths, max lengths
    assert len(records) == 3
    for field, value in zip(SA.fields, records[1], strict=True):
        assert len(value) <= field.max_len
        assert all(" " <= c <= "~" for c in value) and '"' not in value
        assert value == value.strip(" ") and "  " not in value
    assert records[1] == records[2]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_sanitize_output_is_printable_ascii(text: str) -> None:
    out = sanitize(text)
    assert all(" " <= c <= "~" for c in out)
    assert '"' not in out and "  " not in out and out == out.strip(" ")
    assert sanitize(out) == out


def test_unicode_record_still_passes_the_full_check() -> None:
    receipt = jane_doe_receipt(
        contributor_last_name="Ðoè\u200b", contributor_street_1="1 “Main” St\r\n", contributor_employer="Acme\x1cCorp"
    )
    parsed = assert_valid_fec(write_fec_bytes([example_header(), _cover(), receipt]))
    row = parsed["itemizations"]["Schedule A"][0]
    assert row["contributor_last_name"] == "Doe"
    assert row["contributor_street_1"] == "1 Main St"
    assert row["contributor_employer"] == "Acme Corp"


def _cover():
    from tests.fec.sample_records import f3n_cover

    return f3n_cover()
