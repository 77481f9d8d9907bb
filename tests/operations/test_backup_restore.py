"""The restore drill: a database holding gifts, built reports (with their files) and the audit log is backed up by
`manage.py backup_create` (a real process) into an S3-compatible bucket (moto's server), encrypted; then
`manage.py backup_restore` (another process) restores it into a fresh database and a fresh folder, and every row
of every table and every file's SHA-256 is compared with the original."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
from pathlib import Path

import psycopg
import pyrage
import pytest
from django.conf import settings
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from compliance.models import Report
from donations.models import Contribution
from tests.compliance.helpers import build, house_committee, import_rows, person, row
from tests.conftest import REPO, child_env
from tests.infra.conftest import BUCKET, S3_KEYS, s3_client, s3_server  # noqa: F401  (fixture)
from tests.operations.pg_cluster import pg_bin_dir

GIFTS = 300
RESTORED_DB = f"{settings.DATABASES['default']['TEST']['NAME']}_restored"


def _server_url(name: str) -> str:
    db = settings.DATABASES["default"]
    return f"postgres://{db.get('USER') or 'postgres'}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"


@pytest.fixture
def fresh_database():
    with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{RESTORED_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{RESTORED_DB}"')
    try:
        yield _server_url(RESTORED_DB)
    finally:
        with psycopg.connect(_server_url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{RESTORED_DB}" WITH (FORCE)')


def _books(committee) -> None:  # noqa: ANN001
    rows = [
        row("contribution", f"A{n:04d}", f"2026-0{1 + n % 3}-{1 + n % 28:02d}", f"{25 + n * 7 % 400}.00",
            **person(f"Donor{n}", f"Drill{n % 97}", f"{n} Oak St", employer="Acme", occupation="Engineer"))
        for n in range(GIFTS)
    ]  # fmt: skip
    rows.append(row("expenditure", "B0001", "2026-02-02", "1200.00", organization_name="Print Co", entity_type="ORG",
                    purpose="Printing", category="004"))  # fmt: skip
    import_rows(committee, rows)


def _table_digests(url: str) -> dict[str, tuple[int, str]]:
    """Row count and an order-independent digest of every row of every table."""
    with psycopg.connect(url, autocommit=True) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            " AND table_type = 'BASE TABLE' ORDER BY 1").fetchall()]  # fmt: skip
        out = {}
        for table in tables:
            count, digest = conn.execute(
                psycopg.sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
                ).format(psycopg.sql.Identifier(table))  # fmt: skip
            ).fetchone()
            out[table] = (count, digest)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_restores_every_row_and_every_file(transactional_db, s3_server, fresh_database, tmp_path, settings):  # noqa: F811
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the reports' files, read by the backup process too
    committee = house_committee()
    _books(committee)
    q1 = build(committee, "Q1", signed=dt.date(2026, 4, 10))
    assert q1.status == Report.Status.DONE, q1.errors
    assert Contribution.objects.count() == GIFTS and AuditEvent.objects.count() > GIFTS
    stored = {name: getattr(q1, f"{kind}_sha256") for kind in ("fec", "csv", "summary")
              for name in [getattr(q1, f"{kind}_file")]}  # fmt: skip
    assert all(default_storage.exists(name) for name in stored)

    identity = pyrage.x25519.Identity.generate()
    with psycopg.connect(_server_url("postgres")) as conn:
        major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    env = child_env(
        PG_BIN_DIR=str(pg_bin_dir(major)),  # pg_dump/pg_restore of the server's version
        MEDIA_ROOT=settings.MEDIA_ROOT,
        BACKUP_STORAGE_URL=f"s3://{BUCKET}/drill-backups",
        S3_ENDPOINT_URL=s3_server,
        S3_REGION="us-east-1",
        BACKUP_AGE_RECIPIENTS=str(identity.to_public()),
        **S3_KEYS,
    )
    made = subprocess.run(
        [sys.executable, "manage.py", "backup_create"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr[-3000:]
    assert "3 files" in made.stdout, made.stdout

    # In the bucket: one object, encrypted (no pg_dump header, no donor name, no report line in clear).
    objects = s3_client(s3_server).list_objects_v2(Bucket=BUCKET, Prefix="drill-backups/")["Contents"]
    assert len(objects) == 1 and objects[0]["Key"].endswith(".tar.age")
    body = s3_client(s3_server).get_object(Bucket=BUCKET, Key=objects[0]["Key"])["Body"].read()
    assert body.startswith(b"age-encryption.org/v1")
    assert b"PGDMP" not in body and b"Drill1" not in body and b"database.dump" not in body

    # The wrong key restores nothing.
    wrong = child_env(**{**env, "BACKUP_AGE_IDENTITY": str(pyrage.x25519.Identity.generate())})
    restore = [sys.executable, "manage.py", "backup_restore", "latest", "--target-database-url", fresh_database]
    refused = subprocess.run([*restore, "--files-dir", str(tmp_path / "nowhere")], cwd=REPO, env=wrong,
                             capture_output=True, text=True)  # fmt: skip
    assert refused.returncode != 0 and "cannot" in refused.stderr, refused.stderr[-2000:]

    restored_dir = tmp_path / "restored-media"
    key_file = tmp_path / "backup.key"
    key_file.write_text(str(identity))
    done = subprocess.run([*restore, "--identity-file", str(key_file), "--files-dir", str(restored_dir)],
                          cwd=REPO, env=env, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    print(made.stdout.strip(), "|", done.stdout.strip())

    # Every row of every table, every file byte for byte.
    source, copy = _table_digests(child_env()["DATABASE_URL"]), _table_digests(fresh_database)
    assert copy == source
    assert source["donations_contribution"][0] == GIFTS and source["compliance_auditevent"][0] > GIFTS
    for name, sha in stored.items():
        assert _sha256(restored_dir / name) == sha == _sha256(Path(settings.MEDIA_ROOT) / name), name
    with psycopg.connect(fresh_database) as conn:
        names = conn.execute("SELECT fec_file, fec_sha256 FROM compliance_report WHERE id = %s", [q1.pk]).fetchone()
    assert _sha256(restored_dir / names[0]) == names[1]

    # A second restore into the (now full) database is refused: restores never overwrite.
    again = subprocess.run([*restore, "--identity-file", str(key_file), "--files-dir", str(tmp_path / "again")],
                           cwd=REPO, env=env, capture_output=True, text=True)  # fmt: skip
    assert again.returncode != 0 and "not empty" in again.stderr
