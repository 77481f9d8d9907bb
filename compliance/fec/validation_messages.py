"""Plain-words validation messages: who the record is about, and what is wrong with it.

``describe_record`` -> ``"Jane Doe, $250.00 on 2026-03-02 (SA11AI A0001)"``;
``describe_error`` -> ``"contributor_employer is missing"``. Messages name the schema
property (the fecfile-validate field name) so a developer can find the column.
"""

from __future__ import annotations

from typing import Any

_PARTIES = (
    ("contributor", "contribution_amount", "contribution_date"),
    ("payee", "expenditure_amount", "expenditure_date"),
    ("lender", "loan_amount", "loan_incurred_date"),
)


def _date(value: Any) -> str:
    text = str(value)
    return f"{text[:4]}-{text[4:6]}-{text[6:]}" if len(text) == 8 and text.isdigit() else text


def describe_record(doc: dict[str, Any]) -> str:
    """A short human description of a record from its JSON document."""
    if "message_text" in doc:
        return "Form 99 text"
    form_type = str(doc.get("form_type") or doc.get("rec_type") or doc.get("record_type") or "record")
    for party, amount_key, date_key in _PARTIES:
        if f"{party}_last_name" in doc or f"{party}_organization_name" in doc or amount_key in doc:
            name = doc.get(f"{party}_organization_name") or " ".join(
                str(doc[k]) for k in (f"{party}_first_name", f"{party}_last_name") if doc.get(k)
            )
            amount = doc.get(amount_key)
            who = name or "(no name)"
            if isinstance(amount, int | float):
                who += f", ${amount:,.2f}"
            if doc.get(date_key):
                who += f" on {_date(doc[date_key])}"
            tid = doc.get("transaction_id") or doc.get("transaction_id_number") or ""
            return f"{who} ({form_type} {tid})".replace(" )", ")")
    if form_type.upper() == "TEXT":
        return f"TEXT {doc.get('transaction_id_number', '')}".strip()
    if form_type.upper() == "HDR":
        return "HDR"
    bits = [form_type, str(doc.get("report_code") or ""), "report of", str(doc.get("filer_committee_id_number") or "")]
    return " ".join(b for b in bits if b)


def _fmt(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value)
    return repr(value) if isinstance(value, str) else str(value)


def describe_error(rule: str, prop: Any, rule_value: Any, value: Any, doc: dict[str, Any]) -> str:
    """One plain-words problem from a JSON-schema failure (engine-neutral)."""
    if rule == "required":
        missing = [p for p in (rule_value or []) if p not in doc] or list(rule_value or [])
        return " and ".join(missing) + (" is missing" if len(missing) == 1 else " are missing")
    if rule == "additionalProperties":
        return f"unexpected field(s) {_fmt(value) if prop else ''}".strip()
    name = prop if prop is not None else "record"
    if rule == "const":
        return f"{name} is {_fmt(value)}; it must be {_fmt(rule_value)}"
    if rule == "enum":
        return f"{name} is {_fmt(value)}; it must be one of {_fmt(rule_value)}"
    if rule == "pattern":
        return f"{name} {_fmt(value)} is not in the required format ({rule_value})"
    if rule == "maxLength":
        return f"{name} is longer than {rule_value} characters"
    if rule == "minLength":
        return f"{name} is shorter than {rule_value} characters"
    if rule == "minimum":
        return f"{name} is {value}; it must be at least {rule_value}"
    if rule == "maximum":
        return f"{name} is {value}; it must be at most {rule_value}"
    if rule == "exclusiveMaximum":
        return f"{name} is {value}; it must be below {rule_value}"
    if rule == "exclusiveMinimum":
        return f"{name} is {value}; it must be above {rule_value}"
    if rule == "type":
        return f"{name} has the wrong type (expected {_fmt(rule_value)}, got {_fmt(value)})"
    return f"{name} fails the FEC rule {rule} ({_fmt(rule_value)})"
