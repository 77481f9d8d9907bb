"""Our copy of the FEC schemas is byte-identical to the independent reference copy in tests/reference/fec/schemas
(itself pinned to the upstream bytes by tests/reference/SHA256SUMS) and covers what we use."""

from __future__ import annotations

from compliance.fec import txn_types
from compliance.fec.schema_docs import SCHEMA_DIR
from tests.fec_assertions import REFERENCE_SCHEMAS


def test_copied_schemas_are_unmodified() -> None:
    ours = sorted(p.relative_to(SCHEMA_DIR) for p in SCHEMA_DIR.rglob("*.json"))
    reference = sorted(p.relative_to(REFERENCE_SCHEMAS) for p in REFERENCE_SCHEMAS.rglob("*.json"))
    assert ours
    assert ours == reference, "the app's schema copy and tests/reference/fec/schemas hold different files"
    for rel in ours:
        assert (SCHEMA_DIR / rel).read_bytes() == (REFERENCE_SCHEMAS / rel).read_bytes(), rel


def test_every_schema_we_select_is_copied() -> None:
    needed = set(txn_types.SCHEMA_FILES) | {"HDR.json", "F3.json", "F3X.json", "Text.json", "SchA.json", "SchB.json"}
    needed |= {
        "backlog/forms/F3P.json",
        "backlog/forms/F6.json",
        "backlog/forms/F65.json",
        "F99.json",
        "SchC1.json",
        "SchC2.json",
        "SchE.json",
        "F24.json",
    }
    for name in needed:
        assert (SCHEMA_DIR / name).is_file(), name
    assert (SCHEMA_DIR / "SOURCE.md").is_file()
