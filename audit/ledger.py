"""Reading the ledger's hash chain (written by PostgreSQL triggers, see operations/ledger_sql.py).

``ledger_head`` is the chain's last link (published daily outside the database and printed on every filed
report); ``ledger_verify`` recomputes the chain from the links and compares every protected row as it is now with
the last link written for it, naming the first broken link: a link whose hash does not follow, a row changed or
deleted behind the triggers' back, or a row that never entered the chain. PostgreSQL only."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import connection

from audit.models import LedgerLink

# The tables whose every insert and update is a link in the chain (financial records and the audit log).
LEDGER_TABLES = ("donations_contribution", "donations_refund", "compliance_disbursement", "compliance_auditevent")
GENESIS = "0" * 64


@dataclass(frozen=True)
class LedgerHead:
    link_id: int
    hash: str
    recorded_at: datetime

    def __str__(self) -> str:
        return f"{self.link_id}:{self.hash}"


@dataclass(frozen=True)
class LedgerProblem:
    kind: str  # chain, changed, deleted, unchained, head
    table: str
    row_id: int
    link_id: int | None
    detail: str

    def __str__(self) -> str:
        link = f"link {self.link_id}" if self.link_id is not None else "no link"
        return f"{self.kind}: {self.table} id {self.row_id} ({link}): {self.detail}"


@dataclass
class LedgerVerification:
    links: int = 0
    rows: int = 0
    head: LedgerHead | None = None
    problems: list[LedgerProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> LedgerProblem | None:
        return self.problems[0] if self.problems else None


def ledger_supported() -> bool:
    return connection.vendor == "postgresql"


def ledger_head() -> LedgerHead | None:
    """The chain's last link, or None before the first financial record (or off PostgreSQL)."""
    if not ledger_supported():
        return None
    link = LedgerLink.objects.order_by("-id").only("id", "hash", "recorded_at").first()
    return LedgerHead(link.pk, link.hash, link.recorded_at) if link is not None else None


def link_hash(*, prev_hash: str, table: str, row_id: int, op: str, row_digest: str) -> str:
    """What the trigger computes (operations/ledger_sql.py, ledger_append): one definition on each side."""
    return hashlib.sha256(f"{prev_hash}|{table}|{row_id}|{op}|{row_digest}".encode()).hexdigest()


def _links() -> Iterator[tuple]:
    return (
        LedgerLink.objects.order_by("id")
        .values_list("id", "table_name", "row_id", "committee_id", "op", "row_digest", "prev_hash", "hash")
        .iterator(chunk_size=5000)
    )


def _current_rows(table: str, committee_id: int | None) -> Iterator[tuple[int, str]]:
    where = " WHERE t.committee_id = %s" if committee_id is not None else ""
    params = [committee_id] if committee_id is not None else []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.id, encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex') FROM {table} t{where}",  # noqa: S608 (table from LEDGER_TABLES)
            params,
        )
        yield from cursor


def _json_of(sql: str, params: list) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchone()
    value = json.loads(found[0], parse_float=Decimal) if found and found[0] else {}
    return value if isinstance(value, dict) else {}


def _differences(link_id: int, table: str, row_id: int) -> str:
    """Which columns differ between the row as its last link recorded it and the row now."""
    then = _json_of("SELECT row_data::text FROM audit_ledgerlink WHERE id = %s", [link_id])
    now = _json_of(f"SELECT to_jsonb(t)::text FROM {table} t WHERE t.id = %s", [row_id])  # noqa: S608
    changed = [
        f"{name}: {then.get(name)} -> {now.get(name)}"
        for name in sorted(set(then) | set(now))
        if then.get(name) != now.get(name)
    ]
    return "; ".join(changed) or "the row's bytes differ from its last link"


def ledger_verify(*, committee_id: int | None = None, expected_head: str = "") -> LedgerVerification:
    """Recompute the whole chain, then check the protected rows (of one committee, when given; the audit log has no
    committee and is checked only without one). ``expected_head`` ("link id:hash", as published) must be a link of
    the chain. Problems come in chain order: the first one is the first broken link."""
    result = LedgerVerification(head=ledger_head())
    latest: dict[tuple[str, int], tuple[int, str]] = {}
    prev = GENESIS
    expected_id, _, expected_hash = expected_head.partition(":")
    head_seen = not expected_head
    for link_id, table, row_id, link_committee, op, digest, prev_hash, hash_ in _links():
        result.links += 1
        recomputed = link_hash(prev_hash=prev, table=table, row_id=row_id, op=op, row_digest=digest)
        if prev_hash != prev or hash_ != recomputed:
            result.problems.append(
                LedgerProblem("chain", table, row_id, link_id, f"hash does not follow link {link_id - 1}'s")
            )
        if expected_head and str(link_id) == expected_id:
            head_seen = hash_ == expected_hash
        prev = hash_
        if committee_id is None or link_committee == committee_id:
            latest[(table, row_id)] = (link_id, digest)
    if not head_seen:
        result.problems.append(
            LedgerProblem("head", "", 0, None, f"published head {expected_head} is not in the chain")
        )
    unchained: list[LedgerProblem] = []
    row_problems: list[LedgerProblem] = []
    for table in LEDGER_TABLES:
        if committee_id is not None and table == "compliance_auditevent":
            continue
        seen: set[int] = set()
        for row_id, digest in _current_rows(table, committee_id):
            result.rows += 1
            seen.add(row_id)
            last = latest.get((table, row_id))
            if last is None:
                unchained.append(LedgerProblem("unchained", table, row_id, None, "row is not in the chain"))
            elif last[1] != digest:
                row_problems.append(
                    LedgerProblem("changed", table, row_id, last[0], _differences(last[0], table, row_id))
                )
        for (link_table, row_id), (link_id, _) in latest.items():
            if link_table == table and row_id not in seen:
                row_problems.append(LedgerProblem("deleted", table, row_id, link_id, "row is gone"))
    row_problems.sort(key=lambda problem: problem.link_id or 0)
    result.problems += row_problems + unchained
    result.problems.sort(key=lambda problem: (problem.link_id is None, problem.link_id or 0))
    return result
