"""write_fec: structure, amendments, streaming, fast path == sanitiser path."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
from decimal import Decimal

import pytest

from compliance.fec import F3Cover, Header, ScheduleA, format_record, write_fec, write_fec_bytes
from compliance.fec.layouts import SA
from compliance.fec.writer import _BUILDERS, _slow_line
from tests.fec.sample_records import example_header, f3n_cover, f3n_example_records, jane_doe_receipt
from tests.fec_assertions import assert_valid_fec


def test_amendment_header_and_cover() -> None:
    header = Header.amendment(soft_name="ExampleSoft", soft_ver="0.1.0", original_filing_id=1234567, number=1)
    assert header.report_id == "FEC-1234567"
    records = [header, f3n_cover(form_type="F3A"), *f3n_example_records()[2:]]
    data = write_fec_bytes(records)
    assert data.startswith(b"HDR\x1cFEC\x1c8.5\x1cExampleSoft\x1c0.1.0\x1cFEC-1234567\x1c1\x1c\r\nF3A\x1c")
    parsed = assert_valid_fec(data)
    assert parsed["header"]["report_id"] == "FEC-1234567"
    assert parsed["header"]["report_number"] == "1"
    assert parsed["filing"]["form_type"] == "F3A"
    assert Header.amendment(soft_name="x", soft_ver="1", original_filing_id="FEC-99", number=2).report_id == "FEC-99"


def test_every_record_ends_in_crlf_and_has_full_width() -> None:
    data = write_fec_bytes(f3n_example_records())
    lines = data.split(b"\r\n")
    assert lines[-1] == b""
    widths = [len(line.split(b"\x1c")) for line in lines[:-1]]
    assert widths == [8, 93, 45, 45, 45, 45, 44, 44, 6]


class _CountingSink(io.RawIOBase):
    def __init__(self) -> None:
        self.writes = 0
        self.digest = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self.writes += 1
        self.digest.update(data)
        self.size += len(data)
        return len(data)


def test_streams_in_chunks_from_a_generator() -> None:
    consumed = []

    def rows():
        yield example_header()
        yield f3n_cover()
        for i in range(1000):
            consumed.append(i)
            yield jane_doe_receipt(transaction_id=f"A{i:05d}", contribution_amount=Decimal(i) / 100)

    sink = _CountingSink()
    result = write_fec(rows(), sink, chunk_records=100)
    assert result.record_count == 1002
    assert sink.writes == 11  # 10 full chunks + the rest: never the whole file at once
    assert result.sha256 == sink.digest.hexdigest() and result.byte_count == sink.size
    assert len(consumed) == 1000


def test_fast_path_equals_sanitiser_path() -> None:
    builder = _BUILDERS[ScheduleA]
    for record in f3n_example_records()[2:6]:
        assert format_record(record) == _slow_line(builder, record)
    odd = jane_doe_receipt(contributor_last_name="Doé", contributor_zip="22000-12 34", transaction_id="a1")
    fields = format_record(odd).split("\x1c")
    assert fields[7] == "Doe" and fields[16] == "220001234" and fields[2] == "A1"
    assert format_record(odd) == _slow_line(builder, odd)


def test_rejects_unknown_records_and_floats() -> None:
    with pytest.raises(TypeError, match="not an FEC record"):
        write_fec_bytes([object()])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        write_fec_bytes([jane_doe_receipt(contribution_amount=1.5)])


def test_records_are_frozen_and_keyword_only() -> None:
    record = jane_doe_receipt()
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.transaction_id = "X"  # type: ignore[misc]
    with pytest.raises(TypeError):
        ScheduleA("SA11AI")  # type: ignore[misc]
    with pytest.raises(TypeError, match="contribution_amount"):
        ScheduleA(  # type: ignore[call-arg]
            form_type="SA11AI",
            filer_committee_id_number="C00999999",
            transaction_id="A1",
            entity_type="IND",
            contribution_date=dt.date(2026, 1, 1),
        )
    assert len(dataclasses.fields(ScheduleA)) == len(SA.fields)


def test_cover_rejects_unknown_summary_labels() -> None:
    with pytest.raises(ValueError, match="unknown summary line"):
        f3n_cover(col_a={"11a": Decimal(1)})
    assert isinstance(f3n_cover(), F3Cover)
