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

import copy
import functools
import json
import re
from collections.abc import Callable, Iterable, Sequence
from operator import gt
from pathlib import Path
from typing import Any

from compliance.fec import txn_types
from compliance.fec.format import FS, FecValueError, Kind
from compliance.fec.layouts import SA, SB, SC, Layout, layout_for_form_type
from compliance.fec.records import F3Cover, F3PCover, F3XCover, F6Cover, Record
from compliance.fec.validation_messages import describe_error, describe_record
from compliance.fec.writer import format_record, record_fields

SCHEMA_DIR = Path(__file__).with_name("schemas")
REPORT_FORMS = ("F3", "F3X", "F3P", "F6")

_GENERIC_CORE = {
    "SchA.json": ("contributor", "contribution_date", "contribution_amount"),
    "SchB.json": ("payee", "expenditure_date", "expenditure_amount"),
}


# Net lines are differences (contributions minus refunds, expenditures minus offsets) and are legitimately
# negative in real, accepted filings (NOTES.md section 13.1, point 3); the schema files give every amount a
# minimum of 0, which would reject them.
_NET_LINES = {
    "F3P.json": ("L14_net_contributions", "L15_net_operating_expenditures"),
    "F3.json": (
        "L6c_net_contributions_period",
        "L7c_net_operating_expenditures_period",
        "L6c_net_contributions_ytd",
        "L7c_net_operating_expenditures_ytd",
    ),
    "F3X.json": (
        "L35_net_contributions_period",
        "L38_net_operating_expenditures_period",
        "L35_net_contributions_ytd",
        "L38_net_operating_expenditures_ytd",
    ),
}


def _by_entity(org: str, last: str, first: str, individual: Sequence[str]) -> list[dict[str, Any]]:
    return [
        {
            "if": {"properties": {"entity_type": {"enum": list(individual)}}, "required": ["entity_type"]},
            "then": {"required": [last, first]},
            "else": {"required": [org]},
        }
    ]


def adjust_schema(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    """Return a corrected deep copy of schema file ``name`` (see the module docstring for why)."""
    schema = copy.deepcopy(schema)
    schema.pop("$id", None)
    base = name.rsplit("/", 1)[-1]
    if base in _GENERIC_CORE:
        party, date, amount = _GENERIC_CORE[base]
        schema["required"] = ["form_type", "filer_committee_id_number", "transaction_id", "entity_type", date, amount]
        schema["allOf"] = _by_entity(
            f"{party}_organization_name", f"{party}_last_name", f"{party}_first_name", ["IND", "CAN"]
        )
    elif base == "SchC.json":
        schema["required"] = ["form_type", "filer_committee_id_number", "transaction_id", "entity_type"]
        schema["allOf"] = _by_entity(
            "lender_organization_name", "lender_last_name", "lender_first_name", ["IND", "CAN"]
        )
    elif base == "F65.json":
        names = {"contributor_organization_name", "contributor_last_name", "contributor_first_name"}
        schema["required"] = [p for p in schema["required"] if p not in names]
        schema["allOf"] = _by_entity(
            "contributor_organization_name", "contributor_last_name", "contributor_first_name", ["IND", "CAN"]
        )
    elif base == "F6.json":
        schema["required"] = [p for p in schema["required"] if p != "original_amendment_date"]
        schema["allOf"] = [
            {
                "if": {"properties": {"form_type": {"const": "F6A"}}, "required": ["form_type"]},
                "then": {"required": ["original_amendment_date"]},
            }
        ]
    elif base in _NET_LINES:
        for prop in _NET_LINES[base]:
            schema["properties"][prop].pop("minimum", None)
    return schema


@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """Our copy of schema file ``name`` (e.g. ``"SchA.json"``, ``"backlog/forms/F6.json"``), corrected."""
    return adjust_schema(name, json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8")))


@functools.cache
def _fast_validator(name: str) -> Callable[[dict[str, Any]], Any]:
    import fastjsonschema

    return fastjsonschema.compile(load_schema(name))


@functools.cache
def _reference_validator(name: str) -> Any:
    import jsonschema

    return jsonschema.Draft7Validator(load_schema(name))


def _fast_available() -> bool:
    try:
        import fastjsonschema  # noqa: F401
    except ImportError:
        return False
    return True


def _reference_available() -> bool:
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        return False
    return True


def _iso(value: str) -> str:
    return f"{value[:4]}-{value[4:6]}-{value[6:]}" if len(value) == 8 and value.isdigit() else value


def _number(value: str) -> Any:
    try:
        return float(value)
    except ValueError:
        return value


def _converters(layout: Layout) -> tuple[tuple[str, Callable[[str], Any] | None], ...]:
    backlog = layout.schema.startswith("backlog/")
    out: list[tuple[str, Callable[[str], Any] | None]] = []
    for field in layout.fields:
        conv: Callable[[str], Any] | None = None
        if field.kind is Kind.AMOUNT:
            conv = _number
        elif field.kind is Kind.BOOL:
            conv = lambda v: True if v == "X" else v  # noqa: E731
        elif field.kind is Kind.DATE and not backlog:
            conv = _iso
        out.append((field.name, conv))
    return tuple(out)


_CONVERTERS: dict[int, tuple[tuple[str, Callable[[str], Any] | None], ...]] = {}


def to_json(layout: Layout, fields: Sequence[str]) -> dict[str, Any]:
    """Map a record's columns to the schema's JSON (empty columns left out). Extra columns are ignored."""
    specs = _CONVERTERS.get(id(layout))
    if specs is None:
        specs = _CONVERTERS[id(layout)] = _converters(layout)
    doc: dict[str, Any] = {}
    for (name, conv), value in zip(specs, fields, strict=False):
        if value:
            doc[name] = conv(value) if conv else value
    return doc


def documents(fields: Sequence[str], report_form: str | None) -> list[tuple[str, dict[str, Any]]]:
    """The (schema file, JSON document) pairs one .fec record is checked against.

    Raises ``ValueError`` for an unknown record type or a schedule line foreign to ``report_form``.
    """
    layout = layout_for_form_type(fields[0] if fields else "")
    if layout is None:
        raise ValueError(f"unknown record type {fields[0] if fields else ''!r}")
    doc = to_json(layout, fields)
    if layout is SC:
        return _loan_documents(doc)
    if layout is not SA and layout is not SB:
        return [(layout.schema, doc)]
    try:
        chosen = txn_types.select(report_form or "", doc)
    except KeyError:
        kind = "receipt" if layout is SA else "disbursement"
        raise ValueError(f"{fields[0]} is not a Form {(report_form or '?')[1:]} {kind} line") from None
    out = [(layout.schema, doc)]
    if chosen is not None:
        props = load_schema(chosen.schema)["properties"]
        typed = dict(doc)
        typed["form_type"] = chosen.f3x_form_type
        typed["transaction_type_identifier"] = chosen.identifier
        group = props.get("aggregation_group", {})
        if "const" in group or group.get("enum"):
            typed["aggregation_group"] = group.get("const", (group.get("enum") or [None])[0])
        if typed.get("entity_type") == "CAN":
            typed["entity_type"] = "IND"
        if report_form != "F3X":
            # Form 3/3P records carry the election designation on lines whose Form 3X schema has no such
            # column (e.g. SA12 transfers); the generic SchA/SchB check above still covers it.
            for prop in ("election_code", "election_other_description"):
                if prop not in props:
                    typed.pop(prop, None)
        if "aggregate_amount" in props and "aggregate_amount" not in typed and "expenditure_amount" in typed:
            typed["aggregate_amount"] = typed["expenditure_amount"]
        out.append((chosen.schema, typed))
    return out


def _loan_documents(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A Schedule C record: generic ``SchC.json`` columns, plus FECfile+'s ``LOANS.json`` for a loan received,
    presented on its Form 3X line (``SC/10``, receipt line ``13``). ``secured`` is a required boolean there;
    in the file an unsecured loan is an empty column, so it is shown as ``false``."""
    out = [(SC.schema, doc)]
    chosen = txn_types.select_loan(doc)
    if chosen is not None:
        props = load_schema(chosen.schema)["properties"]
        typed = {k: v for k, v in doc.items() if k in props}
        typed["form_type"] = chosen.f3x_form_type
        typed["receipt_line_number"] = txn_types.LOAN_RECEIPT_LINES[str(doc["receipt_line_number"]).upper()]
        typed["transaction_type_identifier"] = chosen.identifier
        typed.setdefault("secured", False)
        if typed.get("entity_type") == "CAN":
            typed["entity_type"] = "IND"
        out.append((chosen.schema, typed))
    return out


# --- shape keys --------------------------------------------------------------------------------------------

_ANNOTATIONS = frozenset(
    {"title", "description", "examples", "fec_spec", "$comment", "default", "$schema", "version", "fec_recommended"}
)
_PRINTABLE_UP_TO = re.compile(r"^\^\[ -~\]\{0,(\d+)\}\$$")
_SELECT_READS = (
    "form_type",
    "memo_code",
    "back_reference_tran_id_number",
    "entity_type",
    "conduit_name",
    "contribution_purpose_descrip",
    "beneficiary_candidate_fec_id",
)
"""Columns :func:`txn_types.select` reads (the per-type schema it picks is part of the key)."""
_SELECT_EXACT = ("form_type", "memo_code", "entity_type")
"""Columns whose value (not just their constraints) decides the per-type schema and its JSON document."""
_ALIASES = {"aggregate_amount": "expenditure_amount"}
"""Per-type properties filled from a column (``documents``: expenditure amount stands in for the aggregate)."""
SHAPE_CACHE_LIMIT = 50_000
_PLAIN_TYPES = frozenset({"string", "number", "boolean", "null"})


class _Rules:
    __slots__ = ("exact", "min_lens", "max_lens", "patterns", "numbers")

    def __init__(self) -> None:
        self.exact = False
        self.min_lens: set[int] = set()
        self.max_lens: set[int] = set()
        self.patterns: set[str] = set()
        self.numbers: set[float] = set()


def _property_rules(name: str, sub: Any, rules: dict[str, _Rules]) -> None:
    r = rules.setdefault(_ALIASES.get(name, name), _Rules())
    if not isinstance(sub, dict):
        r.exact = True
        return
    for key, value in sub.items():
        if key in _ANNOTATIONS:
            continue
        if key == "type" and set(value if isinstance(value, list) else [value]) <= _PLAIN_TYPES:
            continue  # decided by the column's converter (checked: conversion succeeded); never null
        if key == "minLength" and isinstance(value, int):
            r.min_lens.add(value)
        elif key == "maxLength" and isinstance(value, int):
            r.max_lens.add(value)
        elif key == "pattern" and isinstance(value, str):
            m = _PRINTABLE_UP_TO.match(value)
            if m:
                r.max_lens.add(int(m.group(1)))  # printable ASCII itself is checked per record
            elif value:
                r.patterns.add(value)
        elif key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") and isinstance(value, int | float):
            r.numbers.add(float(value))
        else:
            r.exact = True  # enum, const, integer type ... : the value itself goes into the key


def _object_rules(schema: Any, rules: dict[str, _Rules]) -> bool:
    """Collect per-property rules of an object schema (recursing into conditionals); False if it uses a
    construct the shape key does not model (then nothing of that layout is cached)."""
    if not isinstance(schema, dict):
        return isinstance(schema, bool)
    for key, value in schema.items():
        if key in _ANNOTATIONS or key in ("$id", "required"):
            continue  # required: presence, always in the key
        if key == "type" and value == "object":
            continue
        if key == "additionalProperties" and isinstance(value, bool):
            continue  # decided by which properties are present
        if key == "properties" and isinstance(value, dict):
            for name, sub in value.items():
                _property_rules(name, sub, rules)
        elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
            if not all(_object_rules(sub, rules) for sub in value):
                return False
        elif key in ("if", "then", "else", "not"):
            if not _object_rules(value, rules):
                return False
        else:
            return False
    return True


class ShapeKeys:
    """The shape key of a layout's records (see the module docstring), as one generated function."""

    def __init__(self, layout: Layout, schema_names: Iterable[str]) -> None:
        self.layout = layout
        rules: dict[str, _Rules] = {}
        self.cacheable = all(_object_rules(load_schema(name), rules) for name in schema_names)
        self.max_lens = tuple(f.max_len for f in layout.fields)
        names = [f.name for f in layout.fields]
        self._select_index = tuple((name, names.index(name)) for name in _SELECT_READS if name in names)
        backlog = layout.schema.startswith("backlog/")
        namespace: dict[str, Any] = {"_iso": _iso}
        parts = []
        for i, field in enumerate(layout.fields):
            r = rules.get(field.name, _Rules())
            if r.exact or field.name in _SELECT_EXACT or field.kind is Kind.BOOL:
                parts.append(f"f[{i}]")
                continue
            value = f"f[{i}]"
            if field.kind is Kind.DATE and not backlog:
                value = f"_iso(f[{i}])"
            checks = []
            if field.kind is Kind.AMOUNT:
                if r.numbers or r.patterns or r.min_lens or r.max_lens:
                    checks.append(f"_n{i}(f[{i}])")
                    namespace[f"_n{i}"] = _number_outcomes(sorted(r.numbers), sorted(r.patterns), r)
            else:
                for t in sorted(r.min_lens):
                    if t > 1:
                        checks.append(f"len({value}) >= {t}")
                for t in sorted(r.max_lens):
                    if t < field.max_len or (field.kind is Kind.DATE and not backlog):
                        checks.append(f"len({value}) <= {t}")
                for j, pattern in enumerate(sorted(r.patterns)):
                    namespace[f"_p{i}_{j}"] = re.compile(pattern).search
                    checks.append(f"_p{i}_{j}({value}) is not None")
            if checks:
                parts.append(f"(f[{i}] != '' and ({', '.join(checks)},))")
            else:
                parts.append(f"f[{i}] != ''")
        source = "def shape(f):\n    return (\n        " + ",\n        ".join(parts) + ",\n    )\n"
        self.source = source
        exec(compile(source, f"<shape key {layout.record_class.__name__}>", "exec"), namespace)  # noqa: S102
        self._shape = namespace["shape"]

    def key(self, fields: Sequence[str], report_form: str | None) -> tuple | None:
        """The record's shape key, or ``None`` when it cannot be cached (it is then validated in full)."""
        if not self.cacheable or len(fields) != len(self.max_lens):
            return None
        text = "".join(fields)
        if not (text.isascii() and text.isprintable()) or any(map(gt, map(len, fields), self.max_lens)):
            return None
        try:
            shape = self._shape(fields)
            chosen = txn_types.select(report_form or "", {n: fields[i] for n, i in self._select_index if fields[i]})
        except (KeyError, ValueError, TypeError):
            return None
        return (self.layout.record_class, report_form, chosen, shape)


def _number_outcomes(numbers: list[float], patterns: list[str], r: _Rules) -> Callable[[str], tuple]:
    searches = [re.compile(p).search for p in patterns]
    min_lens = sorted(r.min_lens)
    max_lens = sorted(r.max_lens)

    def outcomes(value: str) -> tuple:
        x = float(value)  # ValueError: not cacheable (never for the writer's amounts)
        if x != x or x in (float("inf"), float("-inf")):
            raise ValueError(value)
        return (
            *[(x < t, x == t) for t in numbers],
            *[s(value) is not None for s in searches],  # patterns of an amount column see the number: exact
            *([value] if searches or min_lens or max_lens else []),
        )

    return outcomes


@functools.cache
def shape_keys(layout_name: str) -> ShapeKeys:
    """Shape keys of Schedule A (``"SA"``) or B (``"SB"``) records, over every schema that can check them."""
    layout = SA if layout_name == "SA" else SB
    return ShapeKeys(layout, (layout.schema, *txn_types.SCHEMA_FILES))


def report_form_of(cover: Record | str) -> str | None:
    """``"F3"``, ``"F3X"``, ``"F3P"`` or ``"F6"`` for a cover record or cover form type, else ``None``."""
    if isinstance(cover, str):
        ft = cover.upper()
        for form in ("F3X", "F3P", "F3", "F6"):
            if ft.startswith(form) and ft != "F65":
                return form
        return None
    return {F3Cover: "F3", F3XCover: "F3X", F3PCover: "F3P", F6Cover: "F6"}.get(type(cover))


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
