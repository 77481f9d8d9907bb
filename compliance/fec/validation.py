"""Validate .fec records against the FEC's own JSON schemas (fecfile-validate).

How a record is checked
-----------------------
1. The record is formatted exactly as the writer formats it (:func:`~compliance.fec.writer.record_fields`);
   a value that cannot be written (over-long name, sub-cent amount ...) is already an error.
2. The columns are mapped to the schema's JSON by column number (layout names are the schema
   property names of ``fec_spec.COL_SEQ``): empty columns are left out, amounts become
   numbers, ``X`` becomes ``true``, and for the current (non-backlog) schemas dates become ISO
   ``YYYY-MM-DD``. Backlog schemas (F3P, F6, F65) check .fec-style values, so dates stay ``YYYYMMDD``.
3. Covers, HDR and TEXT are checked against their form schema (``F3``, ``F3X``, backlog ``F3P``,
   ``HDR``, ``Text``, backlog ``F6``/``F65``). Schedule A/B records are checked twice: every
   column against the generic ``SchA``/``SchB`` column rules, and the record, presented as the
   FECfile+ transaction it is (non-file properties ``transaction_type_identifier`` and
   ``aggregation_group`` added, Form 3/3P line shown as its Form 3X equivalent), against the
   per-transaction-type schema chosen by :mod:`compliance.fec.txn_types`. Schedule B's non-file
   ``aggregate_amount`` (payee aggregate, required by ``DISBURSEMENTS``) is not in the file, so
   the expenditure amount stands in for it. For Form 3 and 3P records this per-type check is an
   approximation (the FEC publishes transaction schemas for Form 3X lines only).
   Schedule C loans (``SC/10``, ``SC/12``) are checked against the generic ``SchC.json`` and, for a loan from
   an individual/the candidate or an organization, FECfile+'s ``LOANS.json`` presented as ``SC/10`` on receipt
   line ``13`` (:func:`txn_types.select_loan`); not shape-cached (a report has few loans).

Schema corrections (:func:`adjust_schema`) follow the schema files' own ``fec_spec`` rule text:
generic ``SchA``/``SchB`` and ``F65`` require organization name *or* last+first name by entity
type (the files require all three at once); ``F6`` requires ``original_amendment_date`` only on
``F6A``; ``F3P`` allows negative lines 14/15 (net contributions / net operating expenditures), ``F3``
negative lines 6(c)/7(c) and ``F3X`` negative lines 35/38 (the same net lines), both columns.

Shape cache (reports of many thousands of records)
--------------------------------------------------
Schedule A/B records are checked once per *shape* (:class:`ShapeKeys`): what every constraint of every
schema that can check the record (generic ``SchA``/``SchB`` and every per-type schema, ``if``/``then``
branches included) can observe. For each column: its exact value when a schema pins it (``enum``,
``const``, or any keyword not modelled here) or when it chooses the per-type schema (form type, entity
type, memo code); otherwise whether it is empty, the outcome of each ``pattern`` that is not just
"printable ASCII up to N characters", of each ``minLength``/``maxLength`` the column's own width does not
already imply, and of each ``minimum``/``maximum`` comparison of an amount. Plus the per-type schema
chosen (:func:`txn_types.select` reads the purpose text too). Two records with the same key get the same
verdict from the schemas, so a valid shape is remembered and later records of that shape are not run
through the schemas again. What the key leaves out (printable ASCII, widths) is checked on every record
before the key is trusted; a record failing that check, an invalid record, or a layout whose schemas use a
construct the key does not model is always validated in full (``tests/fec/test_validation_cache.py``).

Engines
-------
Validators are compiled once per schema per process (module-level cache). The hot path uses
``fastjsonschema`` (schemas compiled to Python code). It stops at the first problem, so when a
record fails and ``jsonschema`` is installed, the reference ``jsonschema`` Draft 7 validator
lists all problems; without it the first problem is reported. ``RecordValidator(engine=...)``
can force either engine (tests check that both agree).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from compliance.fec.format import BEGIN_TEXT, FS, FecValueError, f99_text_lines
from compliance.fec.records import F3Cover, F3PCover, F3XCover, F6Cover, F24Cover, F99Cover, F99Text, Record
from compliance.fec.schema_docs import (
    REPORT_FORMS,
    _fast_available,
    _fast_validator,
    _reference_available,
    _reference_validator,
    documents,
)
from compliance.fec.shape_cache import SHAPE_CACHE_LIMIT, shape_keys
from compliance.fec.validation_messages import describe_error, describe_record
from compliance.fec.writer import format_record, record_fields


def report_form_of(cover: Record | str) -> str | None:
    """``"F3"``, ``"F3X"``, ``"F3P"`` or ``"F6"`` for a cover record or cover form type, else ``None``."""
    if isinstance(cover, str):
        ft = cover.upper()
        if ft == "F99":
            return "F99"
        if ft in ("F24N", "F24A"):
            return "F24"
        for form in ("F3X", "F3P", "F3", "F6"):
            if ft.startswith(form) and ft != "F65":
                return form
        return None
    return {F3Cover: "F3", F3XCover: "F3X", F3PCover: "F3P", F6Cover: "F6", F24Cover: "F24", F99Cover: "F99"}.get(
        type(cover)
    )


class RecordValidator:
    """Checks records against the FEC schemas; build once per report, call :meth:`errors` per record.

    ``report_form`` (``"F3"``, ``"F3X"``, ``"F3P"``, ``"F6"``) decides what schedule line numbers
    mean (``None``: only HDR, covers and TEXT can be checked). ``engine``: ``"auto"``
    (fastjsonschema, then jsonschema for the full list of a failing record), ``"fast"`` or ``"reference"``.
    """

    def __init__(self, report_form: str | None, *, engine: str = "auto", cache_shapes: bool = True) -> None:
        if report_form is not None and report_form not in REPORT_FORMS:
            raise ValueError(f"report_form must be one of {REPORT_FORMS}, got {report_form!r}")
        if engine not in ("auto", "fast", "reference"):
            raise ValueError(f"engine must be auto, fast or reference, got {engine!r}")
        if engine == "auto" and not _fast_available():
            engine = "reference"
        self.report_form = report_form
        self.engine = engine
        self._full_lists = engine == "reference" or (engine == "auto" and _reference_available())
        self.cache_shapes = cache_shapes
        self._valid_shapes: set[tuple] = set()
        self.shape_hits = 0

    def errors(self, record: Record) -> list[str]:
        """Plain-words problems with ``record`` (empty list: valid)."""
        if type(record) is F99Text:
            try:
                return self.field_errors([BEGIN_TEXT, "\n".join(f99_text_lines(record.text))])
            except (FecValueError, TypeError) as exc:
                return [str(exc)]
        try:
            fields = record_fields(record)
        except (FecValueError, TypeError) as exc:
            return [str(exc)]
        return self.field_errors(fields)

    def line_errors(self, line: str) -> list[str]:
        """Problems with one formatted record (``writer.format_record``'s line, without CRLF)."""
        return self.field_errors(line.split(FS))

    def checked_line(self, record: Record) -> tuple[str | None, list[str]]:
        """Format ``record`` once: ``(line, [])`` when valid, ``(None, problems)`` otherwise."""
        try:
            line = format_record(record)
        except (FecValueError, TypeError) as exc:
            return None, [str(exc)]
        problems = self.field_errors(line.split(FS))
        return (None, problems) if problems else (line, problems)

    def field_errors(self, fields: Sequence[str]) -> list[str]:
        """Plain-words problems with one record given as its .fec column values."""
        key = None
        if self.cache_shapes and fields and fields[0][:2] in ("SA", "SB"):
            key = shape_keys(fields[0][:2]).key(fields, self.report_form)
            if key is not None and key in self._valid_shapes:
                self.shape_hits += 1
                return []
        out = self._field_errors(fields)
        if key is not None and not out and len(self._valid_shapes) < SHAPE_CACHE_LIMIT:
            self._valid_shapes.add(key)
        return out

    def _field_errors(self, fields: Sequence[str]) -> list[str]:
        try:
            docs = documents(fields, self.report_form)
        except ValueError as exc:
            return [f"{fields[0] if fields else 'record'}: {exc}"]
        out: list[str] = []
        who = ""
        for schema, doc in docs:
            for rule, prop, rule_value, value in self._problems(schema, doc):
                who = who or describe_record(docs[0][1])
                message = f"{who}: {describe_error(rule, prop, rule_value, value, doc)}"
                if message not in out:
                    out.append(message)
        return out

    def _problems(self, schema: str, doc: dict[str, Any]) -> list[tuple[str, Any, Any, Any]]:
        if self.engine != "reference":
            import fastjsonschema

            try:
                _fast_validator(schema)(doc)
                return []
            except fastjsonschema.JsonSchemaValueException as exc:
                if not self._full_lists:
                    prop = exc.path[1] if exc.path and len(exc.path) > 1 else None
                    return [(exc.rule or "", prop, exc.rule_definition, exc.value)]
        found = []
        for err in _reference_validator(schema).iter_errors(doc):
            prop = err.path[0] if err.path else None
            found.append((str(err.validator), prop, err.validator_value, err.instance))
        return found

    def is_valid(self, record: Record) -> bool:
        """True when :meth:`errors` would return nothing."""
        return not self.errors(record)


def validate_records(records: Iterable[Record], report_form: str | None = None) -> list[str]:
    """All problems in a stream of records (HDR, cover, schedules, TEXT ...).

    Unless ``report_form`` is given, it is taken from the first cover record (records before the
    cover, normally just HDR, do not depend on it). Keeps only the messages, not the records.
    """
    validator = RecordValidator(report_form)
    out: list[str] = []
    for record in records:
        if validator.report_form is None:
            validator.report_form = report_form_of(record)
        out.extend(validator.errors(record))
    return out
