"""The FEC JSON schemas as we use them: loaded and corrected (:func:`adjust_schema`), compiled once per process,
and a .fec record's columns mapped to the JSON document each schema checks (:func:`documents`). See
:mod:`compliance.fec.validation` for how a record is checked."""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from compliance.fec import txn_types
from compliance.fec.format import BEGIN_TEXT, Kind
from compliance.fec.layouts import SA, SB, SC, SD, Layout, layout_for_form_type

SCHEMA_DIR = Path(__file__).with_name("schemas")
REPORT_FORMS = ("F3", "F3X", "F3P", "F6", "F24", "F99")
F99_TEXT_SCHEMA = "F99.json#message_text"
"""The Form 99 body, checked on its own (the ``[BEGINTEXT]`` block is not a column of the F99 row)."""

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
    "F3S.json": ("L6c_net_contributions", "L7c_net_operating_expenditures"),
    "F3PS.json": ("L14_net_contributions", "L15_net_expenditures"),
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
    if base == F99_TEXT_SCHEMA:
        text = schema["properties"]["message_text"]
        return {"type": "object", "required": ["message_text"], "properties": {"message_text": text}}
    if base == "F99.json":
        # The body is written after the row, between [BEGINTEXT] and [ENDTEXT], and checked on its own.
        schema["required"] = [p for p in schema["required"] if p != "message_text"]
    elif base in _GENERIC_CORE:
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
    elif base == "SchC2.json":  # a guarantor is a person or an organization, named by guarantor_entity
        schema["required"] = [p for p in schema["required"] if p not in ("guarantor_last_name", "guarantor_first_name")]
        schema["allOf"] = [
            {
                "if": {"properties": {"guarantor_entity": {"enum": ["IND", "CAN"]}}, "required": ["guarantor_entity"]},
                "then": {"required": ["guarantor_last_name", "guarantor_first_name"]},
                "else": {"required": ["guarantor_organization_name"]},
            }
        ]
    elif base == "SchE.json":  # the payee is a person or an organization, as for Schedule B
        # The disbursement (payment) date may be blank when the dissemination date is given, which the schema
        # requires anyway: its fec_spec RULE_REFERENCE ("Error if blank and no Date in DISSEMINATION DATE"), and
        # the FEC's Schedule E instructions ("the payment date if known; if unknown, leave the field blank").
        names = {"payee_organization_name", "payee_last_name", "payee_first_name", "disbursement_date"}
        schema["required"] = [p for p in schema["required"] if p not in names] + ["entity_type"]
        schema["allOf"] = _by_entity("payee_organization_name", "payee_last_name", "payee_first_name", ["IND", "CAN"])
    elif base == "SchD.json":
        schema["required"] = ["form_type", "filer_committee_id_number", "transaction_id", "entity_type"]
        schema["allOf"] = _by_entity(
            "creditor_organization_name", "creditor_last_name", "creditor_first_name", ["IND", "CAN"]
        )
    elif base == "F65.json":
        names = {"contributor_organization_name", "contributor_last_name", "contributor_first_name"}
        schema["required"] = [p for p in schema["required"] if p not in names]
        schema["allOf"] = _by_entity(
            "contributor_organization_name", "contributor_last_name", "contributor_first_name", ["IND", "CAN"]
        )
    elif base == "F3P31.json":  # no property for column 1 (the form type), and names required by entity type
        schema["properties"]["form_type"] = {"type": "string", "pattern": "^F3P31[A-Z]{0,3}$"}
        names = {"contributor_organization_name", "contributor_last_name", "contributor_first_name"}
        schema["required"] = ["form_type", *(p for p in schema["required"] if p not in names), "entity_type"]
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
    path = SCHEMA_DIR / name.split("#", 1)[0]
    return adjust_schema(name, json.loads(path.read_text(encoding="utf-8")))


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
    if fields and fields[0] == BEGIN_TEXT:  # a Form 99 body: [BEGINTEXT], the text joined by line feeds
        return [(F99_TEXT_SCHEMA, {"message_text": fields[1] if len(fields) > 1 else ""})]
    layout = layout_for_form_type(fields[0] if fields else "")
    if layout is None:
        raise ValueError(f"unknown record type {fields[0] if fields else ''!r}")
    doc = to_json(layout, fields)
    if layout is SC:
        return _loan_documents(doc)
    if layout is SD:
        return _debt_documents(doc)
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
        parent = txn_types.LINES_BY_FORM.get(report_form or "", {}).get(str(typed.get("back_reference_sched_name")))
        if parent:  # a back reference to a Form 3/3P line is shown as its Form 3X line, like the record itself
            typed["back_reference_sched_name"] = parent
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


def _debt_documents(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """A Schedule D record: generic ``SchD.json`` columns, plus FECfile+'s ``DEBTS.json`` presented as its Form 3X
    line (``SD9`` owed to the committee, ``SD10`` owed by it; Form 3P's ``SD11``/``SD12`` map to them)."""
    out = [(SD.schema, doc)]
    chosen = txn_types.select_debt(doc)
    if chosen is not None:
        typed = dict(doc)
        typed["form_type"] = chosen.f3x_form_type
        typed["transaction_type_identifier"] = chosen.identifier
        for amount in ("beginning_balance", "incurred_amount", "payment_amount", "balance_at_close"):
            typed.setdefault(amount, 0)  # a zero amount is an empty column only when the writer leaves it out
        out.append((chosen.schema, typed))
    return out


# --- shape keys --------------------------------------------------------------------------------------------
