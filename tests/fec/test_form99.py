"""Form 99 (miscellaneous text), format 8.5: the F99 row's 17 columns, then the body between [BEGINTEXT] and
[ENDTEXT] on rows of their own (the FEC's F99 schema, message_text rule; fecfile's 8.5 F99 mapping).

Worked case: a PAC switching to monthly filing tells the FEC first, electronically, once per calendar year
(11 CFR 104.5(c); the FEC's "Switching filing frequency?" notice: "attach ... a Form 99 to your ... year-end report
indicating that you will now be filing reports on the other schedule"): text code MSM, filing frequency M."""

from __future__ import annotations

import datetime as dt

import pytest

from compliance.fec import FecValueError, Header, RecordValidator, write_fec_bytes
from compliance.fec.records import F99Cover, F99Text
from tests.fec_assertions import assert_valid_fec


def _cover(**over) -> F99Cover:
    values = dict(
        filer_committee_id_number="C00654321",
        committee_name="Example PAC",
        street_1="1 Main St",
        city="Springfield",
        state="IL",
        zip="62701",
        treasurer_last_name="Treasurer",
        treasurer_first_name="Terry",
        date_signed=dt.date(2026, 1, 20),
        text_code="MSM",
        filing_frequency="M",
    )
    values.update(over)
    return F99Cover(**values)


LETTER = "Example PAC will file monthly reports from February 2026.\r\n\r\nTerry Treasurer, treasurer"


def test_change_of_filing_frequency_is_written_and_parsed() -> None:
    data = write_fec_bytes([Header(soft_name="Our App", soft_ver="1.0"), _cover(), F99Text(text=LETTER)])
    rows = data.split(b"\r\n")
    assert rows[1].split(b"\x1c") == [
        b"F99", b"C00654321", b"Example PAC", b"1 Main St", b"", b"Springfield", b"IL", b"62701",
        b"Treasurer", b"Terry", b"", b"", b"", b"20260120", b"MSM", b"M", b"",
    ]  # fmt: skip
    assert rows[2:] == [
        b"[BEGINTEXT]",
        b"Example PAC will file monthly reports from February 2026.",
        b"",
        b"Terry Treasurer, treasurer",
        b"[ENDTEXT]",
        b"",
    ]
    parsed = assert_valid_fec(data)
    assert parsed["filing"]["form_type"] == "F99"
    assert parsed["filing"]["text_code"] == "MSM"
    assert parsed["filing"]["filing_frequency"] == "M"
    assert (
        parsed["F99_text"] == "Example PAC will file monthly reports from February 2026.\n\nTerry Treasurer, treasurer"
    )


def test_frequency_change_without_the_frequency_is_invalid() -> None:
    # F99.json: filing_frequency "Required if TEXT CODE = MSM or MSR".
    problems = RecordValidator("F99").errors(_cover(filing_frequency=""))
    assert problems and "filing_frequency" in " ".join(problems)
    assert RecordValidator("F99").errors(_cover(text_code="MST", filing_frequency="")) == []


def test_text_limits() -> None:
    validator = RecordValidator("F99")
    assert validator.errors(F99Text(text="x" * 20000)) == []
    assert "20000" in " ".join(validator.errors(F99Text(text="x" * 20001)))
    assert validator.errors(F99Text(text=" \n ")) == ["message_text: the Form 99 text is empty"]
    with pytest.raises(FecValueError, match="marker"):
        write_fec_bytes([F99Text(text="ok\n[ENDTEXT]\nsmuggled")])
    # Non-ASCII is transliterated, never dropped (the schema allows printable ASCII, line breaks and tabs).
    assert write_fec_bytes([F99Text(text="Señor\tTreasurer")]) == b"[BEGINTEXT]\r\nSenor Treasurer\r\n[ENDTEXT]\r\n"
