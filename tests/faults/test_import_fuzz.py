"""Hypothesis on the CSV importers: whatever the file holds, an import never crashes and never drops a row
silently. Each import either takes every row (imported, or skipped as already imported) or is refused whole
with problems that each name a line of the file, and then writes nothing."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.models import Disbursement
from compliance.services.imports import CSV_COLUMNS, ImportInvalid, transactions_import_csv
from donations.models import Contribution, Refund
from tests.compliance.helpers import house_committee

pytestmark = pytest.mark.django_db

# Plausible values per column, mixed with arbitrary text (control characters, NUL, other scripts, long values).
PLAUSIBLE = {
    "kind": ["contribution", "refund", "expenditure", "other_receipt", "CONTRIBUTION", "gift"],
    "transaction_id": ["T1", "T2", "T3", "A-1", "x" * 101],
    "date": ["2026-01-05", "2026-02-30", "2026-1-5", "01/05/2026", "2024-12-31", "2026-06-16"],
    "amount": ["50.00", "250", "$1,000.00", "0", "-5", "1e3", "0.001", "NaN", "Infinity", "99999999999999"],
    "election": ["", "P2026", "G2026", "P2099", "X"],
    "entity_type": ["IND", "ORG", "COM", "ind", "CAN"],
    "first_name": ["Jo", "", "Zoë"],
    "last_name": ["Edge", "", "O'Brien"],
    "organization_name": ["", "Vendor LLC"],
    "fec_id": ["", "C00123456", "C0012"],
    "street_1": ["5 Edge Ln", ""],
    "city": ["Anytown", ""],
    "state": ["VA", "ZZ", "va", "XX"],
    "zip": ["22000", "22000-1234", "2200", "ABCDE"],
    "purpose": ["", "Rent"],
    "category": ["", "001", "12", "999"],
    "conduit_name": ["", "ActBlue"],
    "conduit_fec_id": ["", "C00401224"],
}
ANY_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


def _value(column: str) -> st.SearchStrategy[str]:
    options = PLAUSIBLE.get(column, ["", "x"])
    return st.one_of(st.sampled_from(options), ANY_TEXT) if options else ANY_TEXT


ROW = st.fixed_dictionaries({column: _value(column) for column in CSV_COLUMNS})


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _written() -> tuple[int, int, int]:
    return Contribution.objects.count(), Refund.objects.count(), Disbursement.objects.count()


def _check(run, rows: int) -> None:  # noqa: ANN001
    before = _written()
    try:
        result = run()
    except ImportInvalid as refused:
        lines = {problem.line for problem in refused.problems}
        assert refused.problems and lines <= set(range(1, rows + 2)), refused.problems  # header is line 1
        assert _written() == before  # all or nothing
        return
    taken = sum(result.imported.values()) + result.skipped
    assert taken == rows, (result.imported, result.skipped, rows)


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(rows=st.lists(ROW, min_size=1, max_size=6))
def test_generic_csv_import_never_crashes_nor_drops_a_row(rows):
    committee = house_committee()
    reader = csv.DictReader(io.StringIO(_csv(rows), newline=""))
    _check(
        lambda: transactions_import_csv(committee=committee, header=reader.fieldnames, rows=reader, actor=None),
        sum(1 for _ in csv.DictReader(io.StringIO(_csv(rows), newline=""))),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(text=st.text(max_size=300))
def test_generic_csv_import_of_any_text_is_refused_cleanly_or_imported(text):
    committee = house_committee()
    reader = csv.DictReader(io.StringIO(_csv([]) + text, newline=""))
    _check(
        lambda: transactions_import_csv(committee=committee, header=reader.fieldnames, rows=reader, actor=None),
        sum(1 for _ in csv.DictReader(io.StringIO(_csv([]) + text, newline=""))),
    )


ACTBLUE_COLUMNS = {
    "Lineitem ID": ["AB1", "AB2", ""],
    "Receipt ID": ["R1", ""],
    "Date": ["2026-01-05 10:00:00", "01/05/2026 10:00", "2026-13-01", ""],
    "Amount": ["25.00", "0", "-3", "abc"],
    "Donor First Name": ["Jo", ""],
    "Donor Last Name": ["Edge", ""],
    "Donor Addr1": ["5 Edge Ln", ""],
    "Donor City": ["Anytown", ""],
    "Donor State": ["VA", "XX"],
    "Donor ZIP": ["22000", "2200"],
    "Donor Country": ["United States", ""],
    "Donor Employer": ["Acme", ""],
    "Donor Occupation": ["Clerk", ""],
    "Recipient Election": ["2026 primary", "", "P2026", "nonsense"],
    "Disbursement Date": ["2026-01-09 00:00:00", ""],
    "Refund ID": ["", "RF1"],
    "Refund Date": ["", "2026-01-20 00:00:00"],
}


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(
    rows=st.lists(
        st.fixed_dictionaries(
            {name: st.one_of(st.sampled_from(values), ANY_TEXT) for name, values in ACTBLUE_COLUMNS.items()}
        ),
        min_size=1,
        max_size=5,
    )
)
def test_actblue_import_never_crashes_nor_drops_a_row(rows):
    conduits = pytest.importorskip("compliance.desk.conduits")  # the conduit importer (skipped where absent)
    committee = house_committee()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(ACTBLUE_COLUMNS))
    writer.writeheader()
    writer.writerows(rows)
    lines = io.StringIO(out.getvalue(), newline="")  # what the command hands it: the file, line by line
    last_line = out.getvalue().count("\n") + 1
    data_rows = sum(1 for _ in csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    before = _written()
    try:
        result = conduits.conduit_import_csv(committee=committee, conduit="actblue", lines=lines, actor=None)
    except ImportInvalid as refused:
        assert refused.problems and all(1 <= p.line <= last_line for p in refused.problems), refused.problems
        assert _written() == before
        return
    assert sum(result.imported.values()) + result.skipped >= data_rows  # each row (and its refund part) accounted
