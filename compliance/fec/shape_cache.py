"""Shape keys for Schedule A/B records: what the FEC schemas can observe of a record, so each distinct shape is
validated once per run. The rules are in :mod:`compliance.fec.validation`'s docstring ("Shape cache")."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from operator import gt
from typing import Any

from compliance.fec import txn_types
from compliance.fec.format import Kind
from compliance.fec.layouts import SA, SB, Layout
from compliance.fec.schema_docs import _iso, load_schema

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
    "expenditure_purpose_descrip",
    "beneficiary_candidate_fec_id",
    "contribution_amount",
    "expenditure_amount",
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
