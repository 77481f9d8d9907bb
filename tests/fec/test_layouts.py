"""Layouts (hard-coded in compliance.fec) agree with the FEC schema files' COL_SEQ and lengths."""

from __future__ import annotations

import re

import pytest

from compliance.fec import layouts
from compliance.fec.cover_layouts import F3_COL_A, F3_COL_B, F3P_COL_A, F3P_COL_B, F3X_COL_A, F3X_COL_B
from compliance.fec.format import Kind
from tests.fec_assertions import reference_schema

ALL = [
    layouts.HDR,
    layouts.F3,
    layouts.F3X,
    layouts.F3P,
    layouts.SA,
    layouts.SB,
    layouts.SC,
    layouts.TEXT,
    layouts.F6,
    layouts.F65,
    layouts.F99,
    layouts.SC1,
    layouts.SC2,
    layouts.SE,
    layouts.F24,
]
EXPECTED_WIDTH = {
    "HDR.json": 8,
    "F3.json": 93,
    "F3X.json": 123,
    "SchA.json": 45,
    "SchB.json": 44,
    "SchC.json": 38,
    "Text.json": 6,
    "F99.json": 17,
    "SchC1.json": 48,
    "SchC2.json": 20,
    "SchE.json": 44,
    "F24.json": 16,
}


def _schema_columns(schema: str) -> dict[int, tuple[str, dict]]:
    data = reference_schema(schema)
    out = {}
    for name, prop in data["properties"].items():
        seq = prop.get("fec_spec", {}).get("COL_SEQ")
        if isinstance(seq, int):
            out[seq] = (name, prop)
    return out


def _spec_length(prop: dict) -> int | None:
    if "maxLength" in prop:
        return prop["maxLength"]
    match = re.search(r"-(\d+)$", prop.get("fec_spec", {}).get("TYPE") or "")
    return int(match.group(1)) if match else None


@pytest.mark.parametrize("layout", ALL, ids=lambda layout: layout.schema)
def test_layout_matches_schema_col_seq_and_lengths(layout: layouts.Layout) -> None:
    columns = _schema_columns(layout.schema)
    assert sorted(columns) == list(range(1, len(layout.fields) + 1)), "every column, no gaps"
    for number, field in enumerate(layout.fields, start=1):
        name, prop = columns[number]
        assert field.name == name, f"column {number}"
        spec_len = _spec_length(prop)
        if field.kind is Kind.BOOL:
            assert prop.get("type") in ("boolean", ["boolean", "null"]), name
            continue
        assert field.max_len == spec_len, f"column {number} {name}: {field.max_len} vs {spec_len}"
    if layout.schema in EXPECTED_WIDTH:
        assert len(layout.fields) == EXPECTED_WIDTH[layout.schema]


def test_summary_line_columns_match_notes() -> None:
    # Spot checks of summary lines to their 1-based columns in the F3, F3X and F3P cover records.
    assert (F3_COL_A["6a"], F3_COL_B["6a"], F3_COL_A["11ai"], F3_COL_B["22"], F3_COL_A["27"]) == (24, 63, 33, 93, 62)
    assert "8" not in F3_COL_B and "27" not in F3_COL_B
    assert (F3X_COL_A["6b"], F3X_COL_B["6c"], F3X_COL_A["38"], F3X_COL_B["38"]) == (23, 76, 73, 123)
    assert "6a" not in F3X_COL_A and "9" not in F3X_COL_B
    assert (F3P_COL_A["6"], F3P_COL_A["31"], F3P_COL_B["16"], F3P_COL_B["30"]) == (24, 65, 121, 151)
    assert len(F3_COL_A) + len(F3_COL_B) == 93 - 23
    assert len(F3X_COL_A) + len(F3X_COL_B) + 2 == 123 - 22


def test_record_classes_have_every_layout_attribute() -> None:
    for layout in ALL:
        slots = set(layout.record_class.__slots__)
        for field in layout.fields:
            if field.const is None:
                assert field.attr in slots, (layout.record_class.__name__, field.attr)
