"""Streaming .fec writer: typed records in, bytes out.

``write_fec(records, out)`` writes one record per line: fields joined by FS (0x1C), CRLF after
every record (the last one too), every column of the layout written, strict ASCII. It never
holds more than one buffer chunk (``chunk_records`` lines) in memory.

Speed: for each layout a line builder is generated once at import time (plain Python source
compiled with ``compile``: one tuple expression with the attribute reads and the amount/date
formatting inlined). The whole line is then checked in a handful of C-level string scans; only a
record that fails the check (non-ASCII, control characters, quotes, doubled or edge blanks,
over-long values, ``None`` in a text field) goes through the per-field sanitiser in
:mod:`compliance.fec.format`. Both paths give identical output for the same record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from decimal import Decimal
from operator import gt
from typing import BinaryIO, NamedTuple

from compliance.fec.format import (
    BEGIN_TEXT,
    CRLF,
    END_TEXT,
    FS,
    FecValueError,
    Kind,
    f99_text_lines,
    format_amount,
    format_date,
    format_int,
    format_value,
    is_clean,
)
from compliance.fec.layouts import LAYOUTS, Field, Layout
from compliance.fec.records import F99Text, Record

_ZERO = Decimal(0)
_CACHE_LIMIT = 1 << 16
_AMOUNTS: dict[Decimal, str] = {}
_DATES: dict[dt.date, str] = {}


def _amt(value: object) -> str:
    if type(value) is Decimal:
        text = _AMOUNTS.get(value)
        if text is None:
            text = format_amount(value)
            if len(_AMOUNTS) < _CACHE_LIMIT:
                _AMOUNTS[value] = text
        return text
    return format_amount(value)  # type: ignore[arg-type]


def _date(value: object) -> str:
    if type(value) is dt.date:
        text = _DATES.get(value)
        if text is None:
            text = format_date(value)
            if len(_DATES) < _CACHE_LIMIT:
                _DATES[value] = text
        return text
    return format_date(value)  # type: ignore[arg-type]


def _expression(field: Field, raw: bool) -> str:
    if field.const is not None:
        return repr(field.const)
    value = f"r.{field.attr}" if field.key is None else f"r.{field.attr}.get({field.key!r}, _ZERO)"
    if raw:
        return value
    kind = field.kind
    if kind is Kind.CODE:
        return f"{value}.upper()"
    if kind is Kind.ZIP:
        return f"{value}.upper().replace('-', '').replace(' ', '')"
    if kind is Kind.AMOUNT:
        return f"_amt({value})"
    if kind is Kind.DATE:
        return f"_date({value})"
    if kind is Kind.BOOL:
        return f"('X' if {value} else '')"
    if kind is Kind.INT:
        return f"_int({value})"
    return value


def _compile(layout: Layout, raw: bool) -> Callable[[object], tuple]:
    name = f"{'raw' if raw else 'fast'}_{layout.record_class.__name__}"
    body = ",\n        ".join(_expression(field, raw) for field in layout.fields)
    source = f"def {name}(r):\n    return (\n        {body},\n    )\n"
    namespace = {"_amt": _amt, "_date": _date, "_int": format_int, "_ZERO": _ZERO}
    exec(compile(source, f"<fec layout {layout.record_class.__name__}>", "exec"), namespace)  # noqa: S102
    return namespace[name]  # type: ignore[return-value]


class _Builder(NamedTuple):
    layout: Layout
    fast: Callable[[object], tuple]
    raw: Callable[[object], tuple]
    max_lens: tuple[int, ...]
    separators: int


_BUILDERS: dict[type, _Builder] = {
    cls: _Builder(
        layout,
        _compile(layout, False),
        _compile(layout, True),
        tuple(f.max_len for f in layout.fields),
        len(layout.fields) - 1,
    )
    for cls, layout in LAYOUTS.items()
}


def _slow_line(builder: _Builder, record: object, fast_values: tuple | None = None) -> str:
    """Format through the per-field sanitiser; with ``fast_values``, only the fields that need it."""
    values = builder.raw(record)
    out = []
    for index, (field, value) in enumerate(zip(builder.layout.fields, values, strict=True)):
        if fast_values is not None:
            done = fast_values[index]
            if len(done) <= field.max_len and (not done or is_clean(done)):
                out.append(done)
                continue
        if field.key is not None and value is None:
            value = _ZERO
        try:
            out.append(format_value(value, field.max_len, field.kind, field.name))
        except (FecValueError, TypeError) as exc:
            raise type(exc)(f"{type(record).__name__} {_record_id(record)}: {exc}") from None
    return FS.join(out)


def _record_id(record: object) -> str:
    for attr in ("transaction_id", "transaction_id_number", "form_type", "filer_committee_id_number"):
        value = getattr(record, attr, None)
        if value:
            return str(value)
    return ""


def format_record(record: Record) -> str:
    """The record's line without the CRLF (fields joined by FS). Raises ``FecValueError``/``TypeError``.

    A Form 99 body (:class:`F99Text`) is the one record written on several rows: ``[BEGINTEXT]``, its lines,
    ``[ENDTEXT]``, joined here by CRLF."""
    if type(record) is F99Text:
        return CRLF.join((BEGIN_TEXT, *f99_text_lines(record.text), END_TEXT))
    try:
        builder = _BUILDERS[type(record)]
    except KeyError:
        raise TypeError(f"not an FEC record: {type(record).__name__}") from None
    try:
        values = builder.fast(record)
        line = FS.join(values)
    except (TypeError, AttributeError, FecValueError):
        return _slow_line(builder, record)
    if (
        line.isascii()
        and '"' not in line
        and "  " not in line
        and "\x1c " not in line
        and " \x1c" not in line
        and line[-1:] != " "
        and line[:1] != " "
        and line.count(FS) == builder.separators
        and line.replace(FS, "").isprintable()
        and not any(map(gt, map(len, values), builder.max_lens))
    ):
        return line
    return _slow_line(builder, record, values)


def record_fields(record: Record) -> list[str]:
    """The record's column values exactly as written to the file."""
    return format_record(record).split(FS)


class WriteResult(NamedTuple):
    """What ``write_fec`` wrote: hex SHA-256 of the bytes, number of records (lines), number of bytes."""

    sha256: str
    record_count: int
    byte_count: int


def write_fec(records: Iterable[Record], out: BinaryIO, *, chunk_records: int = 2048) -> WriteResult:
    """Write ``records`` (HDR first, then the cover, then schedules/TEXT) to the binary stream ``out``.

    Streams: records are consumed one at a time and written in chunks of ``chunk_records`` lines.
    Raises ``FecValueError`` (value cannot be written faithfully) or ``TypeError`` (wrong type) for
    the first bad record; bytes already written stay written, so write to a temporary file.
    """
    return write_fec_lines(map(format_record, records), out, chunk_records=chunk_records)


def write_fec_lines(lines: Iterable[str], out: BinaryIO, *, chunk_records: int = 2048) -> WriteResult:
    """Like :func:`write_fec` for records already formatted by :func:`format_record` (one line each, no
    CRLF): a caller that validated the formatted line writes it without formatting the record again."""
    digest = hashlib.sha256()
    count = 0
    size = 0
    buffer: list[str] = []
    append = buffer.append
    for line in lines:
        append(line)
        count += 1
        if len(buffer) >= chunk_records:
            buffer.append("")
            data = CRLF.join(buffer).encode("ascii")
            digest.update(data)
            out.write(data)
            size += len(data)
            buffer.clear()
    if buffer:
        buffer.append("")
        data = CRLF.join(buffer).encode("ascii")
        digest.update(data)
        out.write(data)
        size += len(data)
    return WriteResult(digest.hexdigest(), count, size)


def write_fec_bytes(records: Iterable[Record]) -> bytes:
    """Convenience for tests and small files: the whole file as ``bytes``."""
    import io

    buf = io.BytesIO()
    write_fec(records, buf)
    return buf.getvalue()
