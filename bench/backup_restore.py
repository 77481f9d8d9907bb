"""Backup and restore timing at scale: the recovery time a logical backup gives.

Loads ``--rows`` contributions into its own database with bench/report.py (which also builds a report, so there
are files), then times ``manage.py backup_create`` (pg_dump on an exported snapshot, tar, age encryption, upload to a
folder) and ``manage.py backup_restore`` into a fresh database (download, decrypt, pg_restore --single-transaction,
row-count and SHA-256 checks). Both databases are dropped afterwards.

    python bench/backup_restore.py [--rows 1000000]

Last line: ``backup rows=… db_mb=… backup_mb=… backup_s=… restore_s=…``."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    DEFAULT_REDIS_URL,
    REPO,
    child_env,
    create_database,
    database_url,
    drop_database,
    final_line,
    machine,
)  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--database", default="bench_backup")
    args = parser.parse_args()
    import psycopg
    import pyrage

    print(f"machine: {machine()}")
    loaded = subprocess.run(
        [sys.executable, "bench/report.py", "--rows", str(args.rows), "--database", args.database, "--keep-database"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if loaded.returncode != 0:
        raise SystemExit(f"bench/report.py failed:\n{loaded.stdout[-2000:]}{loaded.stderr[-2000:]}")
    restored = f"{args.database}_restored"
    create_database(restored)
    work = Path(tempfile.mkdtemp(prefix="bench-backup-"))
    identity = pyrage.x25519.Identity.generate()
    try:
        with psycopg.connect(database_url(args.database)) as conn:
            db_mb = conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6
            major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
            contributions = conn.execute("SELECT count(*) FROM donations_contribution").fetchone()[0]
        env = child_env(
            database_url(args.database),
            DJANGO_SETTINGS_MODULE="config.settings.bench",
            BACKUP_STORAGE_URL=f"file://{work / 'backups'}",
            BACKUP_AGE_RECIPIENTS=str(identity.to_public()),
            MEDIA_ROOT=str(work / "media"),
            CACHE_URL=DEFAULT_REDIS_URL,  # the bench settings' rate limiter needs a shared cache (system check)
            LOG_LEVEL="WARNING",
        )
        debian = Path(f"/usr/lib/postgresql/{major}/bin")
        if debian.is_dir():
            env["PG_BIN_DIR"] = str(debian)
        started = time.monotonic()
        made = subprocess.run(
            [sys.executable, "manage.py", "backup_create", "--no-files"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
        )
        backup_s = time.monotonic() - started
        if made.returncode != 0:
            raise SystemExit(f"backup failed: {made.stderr[-2000:]}")
        print(made.stdout.strip())
        backup_mb = sum(p.stat().st_size for p in (work / "backups").iterdir()) / 1e6
        env["BACKUP_AGE_IDENTITY"] = str(identity)
        started = time.monotonic()
        restore = [sys.executable, "manage.py", "backup_restore", "latest", "--no-files", "--target-database-url"]
        done = subprocess.run([*restore, database_url(restored)], cwd=REPO, env=env, capture_output=True, text=True)
        restore_s = time.monotonic() - started
        if done.returncode != 0:
            raise SystemExit(f"restore failed: {done.stderr[-2000:]}")
        print(done.stdout.strip())
    finally:
        shutil.rmtree(work, ignore_errors=True)
        drop_database(restored)
        drop_database(args.database)
    print(
        f"{contributions} contributions, database {db_mb:.0f} MB -> encrypted backup {backup_mb:.0f} MB; "
        f"backup {backup_s:.1f} s, restore (with checks) {restore_s:.1f} s"
    )
    final_line(
        "backup",
        rows=contributions,
        db_mb=db_mb,
        backup_mb=backup_mb,
        backup_s=backup_s,
        restore_s=restore_s,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
