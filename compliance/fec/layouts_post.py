"""Column layouts of the post-election pages (``F3S``, ``F3PS``) and Form 3P line 31 items (``F3P31``), format 8.5.

Registered by one line in :mod:`compliance.fec.layouts` (``LAYOUTS`` and ``layout_for_form_type``); the records are
in :mod:`compliance.fec.records_post`. ``F3P31.json`` has no property for column 1 (the form type): the schema
correction in :mod:`compliance.fec.schema_docs` adds one."""

from __future__ import annotations

from compliance.fec import records_post as rp
from compliance.fec.cover_layouts import F3P_SUMMARY
from compliance.fec.format import Kind
from compliance.fec.layouts import Field, Layout

T, N, C, Z, A, D, B = Kind.TEXT, Kind.NAME, Kind.CODE, Kind.ZIP, Kind.AMOUNT, Kind.DATE, Kind.BOOL


def _f(name: str, max_len: int, kind: Kind, attr: str | None = None) -> Field:
    return Field(name, max_len, kind, attr or name)


_HEAD = (
    _f("form_type", 4, C),
    _f("filer_committee_id_number", 9, C),
    _f("date_-_general_election", 8, D, "date_of_general_election"),
    _f("date_-_day_after_general_election", 8, D, "day_after_general_election"),
)


def _lines(rows: tuple[tuple[int, str, str], ...]) -> tuple[Field, ...]:
    out: list[Field] = []
    for number, label, name in rows:
        assert number == len(_HEAD) + len(out) + 1, (name, number)
        out.append(Field(name, 12, A, "lines", label))
    return tuple(out)


def _states() -> tuple[Field, ...]:
    """F3PS columns 38-92: F3P's column A state allocation names and order (``alabama`` ... ``totals``)."""
    return tuple(
        Field(name, 12, A, "state_allocation", label.removeprefix("state:"))
        for _number, label, column, name in F3P_SUMMARY
        if column == "a" and label.startswith("state:")
    )


F3S = Layout(rp.F3SPage, "backlog/forms/F3S.json", (*_HEAD, *_lines(rp.F3S_SUMMARY)))
F3PS = Layout(rp.F3PSPage, "backlog/forms/F3PS.json", (*_HEAD, *_lines(rp.F3PS_SUMMARY), *_states()))
F3P31 = Layout(
    rp.F3P31Item,
    "backlog/forms/F3P31.json",
    (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id_number", 20, C),
        _f("entity_type", 3, C),
        _f("contributor_organization_name", 200, N),
        _f("contributor_last_name", 30, N),
        _f("contributor_first_name", 20, N),
        _f("contributor_middle_name", 20, N),
        _f("contributor_prefix", 10, N),
        _f("contributor_suffix", 10, N),
        _f("contributor_street_1", 34, T),
        _f("contributor_street_2", 34, T),
        _f("contributor_city", 30, T),
        _f("contributor_state", 2, C),
        _f("contributor_zip", 9, Z),
        _f("election_code_{was_rptpgi}", 5, C, "election_code"),
        _f("item_description", 100, T),
        _f("item_contribution_aquired_date", 8, D, "item_contribution_acquired_date"),
        _f("item_fair_market_value", 12, A),
        _f("contributor_employer", 38, N),
        _f("contributor_occupation", 38, N),
        _f("memo_code", 1, B),
        _f("memo_text_description", 100, T),
    ),
)
POST_ELECTION_LAYOUTS = (F3S, F3PS, F3P31)


def post_election_layout(form_type: str) -> Layout | None:
    """``F3S``, ``F3PS`` or ``F3P31`` (checked before the ``F3``/``F3P`` cover prefixes), else ``None``."""
    ft = form_type.upper()
    if ft.startswith("F3P31"):
        return F3P31
    return {"F3S": F3S, "F3PS": F3PS}.get(ft)
