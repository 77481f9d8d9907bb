"""Shared test helper: every test that generates a .fec file checks it with :func:`assert_valid_fec`.

    from tests.fec_assertions import assert_valid_fec
    parsed = assert_valid_fec(data)      # data: the .fec bytes; returns fecfile's parsed dict

It checks (a) the file structure (strict ASCII, FS-delimited, CRLF after every record, every
column of each record's layout present, HDR first), (b) every record against the FEC's JSON
schemas twice: with ``compliance.fec.validation`` (our schema copy, fastjsonschema/jsonschema) and,
independently, with plain ``jsonschema`` Draft 7 against the second copy of the schema files in
``tests/reference/fec/schemas`` (so a bad edit of our copy cannot hide a problem), and (c) that the
independent ``fecfile`` parser reads it without warnings, returning ``fecfile.loads``'s dict (after
CRLF -> LF: fecfile splits records on LF only and would keep the CR in the last field of each record).
"""

from __future__ import annotations

import functools
import json
import warnings
from pathlib import Path
from typing import Any

import fecfile
import jsonschema

from compliance.fec.layouts import HDR, layout_for_form_type
from compliance.fec.schema_docs import adjust_schema, documents
from compliance.fec.validation import RecordValidator, report_form_of

FS = "\x1c"
# Reference material lives in the repository (tests/reference/, see its README): nothing outside it is read.
REFERENCE = Path(__file__).resolve().parent / "reference"
REFERENCE_SCHEMAS = REFERENCE / "fec" / "schemas"
REFERENCE_EXAMPLES = REFERENCE / "fec" / "examples"


def reference_example(name: str) -> bytes:
    """The bytes of a worked-example filing in ``tests/reference/fec/examples``."""
    return (REFERENCE_EXAMPLES / name).read_bytes()


def reference_schema(name: str) -> dict[str, Any]:
    """A schema of the independent copy in ``tests/reference/fec/schemas`` (``name`` relative to it)."""
    return json.loads((REFERENCE_SCHEMAS / name.split("#", 1)[0]).read_text(encoding="utf-8"))


@functools.cache
def _reference_validator(schema: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(adjust_schema(schema, reference_schema(schema)))


def split_records(data: bytes) -> list[list[str]]:
    """Structure check (a); returns each record's fields."""
    assert isinstance(data, bytes | bytearray), type(data)
    assert data, "empty .fec file"
    assert data.endswith(b"\r\n"), "the last record must end with CRLF"
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise AssertionError(f"non-ASCII byte at offset {exc.start}: {data[exc.start : exc.start + 20]!r}") from None
    lines = text.split("\r\n")
    assert lines[-1] == ""
    out = []
    f99_text: list[str] | None = None  # a Form 99 body: the rows between [BEGINTEXT] and [ENDTEXT]
    for number, line in enumerate(lines[:-1], start=1):
        assert "\r" not in line and "\n" not in line, f"record {number}: stray CR/LF"
        bad = [c for c in line if c != FS and not (" " <= c <= "~")]
        assert not bad, f"record {number}: non-printable characters {bad!r}"
        if f99_text is not None:
            if line == "[ENDTEXT]":
                out.append(["[BEGINTEXT]", "\n".join(f99_text)])
                f99_text = None
            else:
                f99_text.append(line)
            continue
        if line == "[BEGINTEXT]":
            assert out and out[-1][0] == "F99", f"record {number}: [BEGINTEXT] must follow the F99 row"
            f99_text = []
            continue
        fields = line.split(FS)
        layout = layout_for_form_type(fields[0])
        assert layout is not None, f"record {number}: unknown record type {fields[0]!r}"
        assert len(fields) == len(layout.fields), (
            f"record {number} ({fields[0]}): {len(fields)} columns, layout has {len(layout.fields)}"
        )
        for field, value in zip(layout.fields, fields, strict=True):
            assert len(value) <= field.max_len, f"record {number}: {field.name} longer than {field.max_len}"
            assert value == value.strip(" "), f"record {number}: {field.name} has edge blanks"
            assert '"' not in value, f"record {number}: {field.name} contains a double quote"
        out.append(fields)
    assert f99_text is None, "[BEGINTEXT] without [ENDTEXT]"
    assert layout_for_form_type(out[0][0]) is HDR, "the first record must be HDR"
    return out


def assert_valid_fec(data: bytes) -> dict[str, Any]:
    """Check a generated .fec file (structure, FEC schemas twice, fecfile parse); return the parsed dict."""
    records = split_records(data)
    report_form = report_form_of(records[1][0]) if len(records) > 1 else None
    ours = RecordValidator(report_form)
    problems: list[str] = []
    for number, fields in enumerate(records, start=1):
        problems.extend(f"record {number}: {msg}" for msg in ours.field_errors(fields))
        for schema, doc in documents(fields, report_form):
            for err in _reference_validator(schema).iter_errors(doc):
                problems.append(f"record {number} (reference {schema}): {err.message}")
    assert not problems, "FEC schema validation failed:\n" + "\n".join(problems)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        parsed = fecfile.loads(data.decode("ascii").replace("\r\n", "\n"))
    assert not caught, f"fecfile warned: {[str(w.message) for w in caught]}"
    assert parsed["header"]["fec_version"] == records[0][2]
    return parsed
