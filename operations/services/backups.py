"""Logical backups that restore: the whole database (pg_dump, custom format) and every stored file (report files,
notices), in one tar stream encrypted with age (pyrage) to the public keys in ``BACKUP_AGE_RECIPIENTS``, written to
the ``backups`` storage (S3 or a folder, see config/settings/components/operations.py). The servers that write
backups hold only public keys: a stolen bucket or server reveals nothing without the private key.

One backup object ``fundraising-<UTC time>.tar.age`` holds, in order:

- ``manifest.json``: when, which PostgreSQL, the row count of every table *in the dump's own snapshot*, and each
  file's size and SHA-256;
- ``database.dump``: ``pg_dump --format=custom`` run on a snapshot exported by this process (``--snapshot``), so
  the counts above describe exactly the dump;
- ``files/<name>``: each file of the default storage, read after the snapshot (a report published in the dump had
  its files written before it was marked done, so they are there).

``backup_restore`` streams it back: decrypts, restores the dump into an *empty* database with ``pg_restore
--single-transaction`` (all or nothing), writes the files to the target storage, and checks every table's row count
and every file's SHA-256 against the manifest. Retention (``backups_prune``): every backup younger than
``BACKUP_KEEP_DAYS``, then the newest of each of the last ``BACKUP_KEEP_MONTHS`` months, never fewer than
``BACKUP_KEEP_MIN``."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

import psycopg
import pyrage
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage, storages
from django.db import DEFAULT_DB_ALIAS, connections

from fundraising.metrics import BACKUP_LAST_SUCCESS, BACKUPS

logger = logging.getLogger(__name__)
NAME_PREFIX = "fundraising-"
NAME_SUFFIX = ".tar.age"
STAMP = "%Y%m%dT%H%M%SZ"
MANIFEST_FORMAT = 1
CHUNK = 1 << 20
BACKUP_DIRNAME = "backups"  # never walked as report files when backups share the default storage's bucket


class BackupError(Exception):
    pass


@dataclass(frozen=True)
class BackupInfo:
    name: str
    created_at: datetime
    size: int | None = None


@dataclass
class BackupResult:
    name: str
    size: int
    seconds: float
    tables: dict[str, int]
    files: int


@dataclass
class RestoreResult:
    name: str
    seconds: float
    tables: dict[str, int]
    files: int
    bytes_read: int
    problems: list[str] = field(default_factory=list)


def backup_storage() -> Storage:
    return storages["backups"]


def backup_name(at: datetime) -> str:
    return f"{NAME_PREFIX}{at.astimezone(UTC).strftime(STAMP)}{NAME_SUFFIX}"


def backup_created_at(name: str) -> datetime | None:
    if not (name.startswith(NAME_PREFIX) and name.endswith(NAME_SUFFIX)):
        return None
    try:
        return datetime.strptime(name[len(NAME_PREFIX) : -len(NAME_SUFFIX)], STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def backups_list() -> list[BackupInfo]:
    """Every backup in the backup storage, oldest first."""
    storage = backup_storage()
    try:
        _dirs, names = storage.listdir("")
    except FileNotFoundError:
        return []
    found = [BackupInfo(name, created) for name in names if (created := backup_created_at(name)) is not None]
    return sorted(found, key=lambda info: info.created_at)


# --- connection parameters for the PostgreSQL tools: from the settings, passed in the environment ---------------
def _pg_env(db: dict[str, Any]) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update(
        PGHOST=str(db.get("HOST") or "127.0.0.1"),
        PGPORT=str(db.get("PORT") or 5432),
        PGUSER=str(db.get("USER") or "postgres"),
        PGDATABASE=str(db["NAME"]),
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])  # never on a command line (ps would show it)
    return env


def _conninfo(db: dict[str, Any]) -> str:
    env = _pg_env(db)
    parts = {"host": env["PGHOST"], "port": env["PGPORT"], "user": env["PGUSER"], "dbname": env["PGDATABASE"]}
    if "PGPASSWORD" in env:
        parts["password"] = env["PGPASSWORD"]
    return psycopg.conninfo.make_conninfo(**parts)


def _tool(name: str, conn: psycopg.Connection) -> str:
    """pg_dump / pg_restore of the server's own major version (a newer pg_dump writes SQL an older server may
    refuse): PG_BIN_DIR, else Debian's /usr/lib/postgresql/<major>/bin, else $PATH."""
    major = int(conn.execute("SHOW server_version_num").fetchone()[0]) // 10000
    debian = Path(f"/usr/lib/postgresql/{major}/bin") / name
    path = (
        Path(settings.PG_BIN_DIR) / name if settings.PG_BIN_DIR else debian if debian.exists() else shutil.which(name)
    )
    if not path or not Path(path).exists():
        raise BackupError(f"{name} not found (install the PostgreSQL {major} client, or set PG_BIN_DIR)")
    return str(path)


def _tables(conn: psycopg.Connection) -> list[str]:
    rows = conn.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        " ORDER BY table_name"
    ).fetchall()
    return [row[0] for row in rows]


def _count_rows(conn: psycopg.Connection) -> dict[str, int]:
    counts = {}
    for table in _tables(conn):
        query = psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
        counts[table] = conn.execute(query).fetchone()[0]
    return counts


def _walk(storage: Storage, path: str = "") -> list[str]:
    try:
        dirs, files = storage.listdir(path)
    except FileNotFoundError:
        return []
    names = [f"{path}/{name}" if path else name for name in files]
    for directory in dirs:
        if not path and directory == BACKUP_DIRNAME:
            continue
        names.extend(_walk(storage, f"{path}/{directory}" if path else directory))
    return sorted(names)


def _sha256_of(handle: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _recipients() -> list[Any]:
    if not settings.BACKUP_AGE_RECIPIENTS:
        raise BackupError("BACKUP_AGE_RECIPIENTS is not set: refusing to write an unencrypted backup")
    try:
        return [pyrage.x25519.Recipient.from_str(key.strip()) for key in settings.BACKUP_AGE_RECIPIENTS]
    except pyrage.RecipientError as exc:
        raise BackupError("BACKUP_AGE_RECIPIENTS holds something that is not an age public key (age1...)") from exc


def _identities(secret_keys: list[str]) -> list[Any]:
    keys = [key.strip() for text in secret_keys for key in text.splitlines() if key.strip().startswith("AGE-SECRET")]
    if not keys:
        raise BackupError("no age identity given (BACKUP_AGE_IDENTITY or --identity-file): cannot decrypt")
    return [pyrage.x25519.Identity.from_str(key) for key in keys]


class _EncryptingPipe:
    """A writable file: whatever is written is encrypted by pyrage in a thread into ``out``."""

    def __init__(self, out: IO[bytes], recipients: list[Any]) -> None:
        read_fd, write_fd = os.pipe()
        self._reader = os.fdopen(read_fd, "rb")
        self.writer = os.fdopen(write_fd, "wb")
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(out, recipients), daemon=True)
        self._thread.start()

    def _run(self, out: IO[bytes], recipients: list[Any]) -> None:
        try:
            pyrage.encrypt_io(self._reader, out, recipients)
        except BaseException as exc:  # reported by close()
            self.error = exc
        finally:
            self._reader.close()

    def close(self) -> None:
        self.writer.close()
        self._thread.join()
        if self.error is not None:
            raise BackupError(f"encryption failed: {self.error}") from self.error


def backup_create(*, include_files: bool = True, now: datetime | None = None) -> BackupResult:
    """Write one encrypted backup of the default database (and the stored files) to the backup storage."""
    started = time.monotonic()
    try:
        result = _backup_create(include_files=include_files, now=now or datetime.now(UTC))
    except Exception:
        BACKUPS.labels(outcome="failed").inc()
        raise
    BACKUPS.labels(outcome="ok").inc()
    BACKUP_LAST_SUCCESS.set(time.time())
    logger.info(
        "backup written name=%s bytes=%s tables=%s files=%s seconds=%.1f",
        result.name,
        result.size,
        len(result.tables),
        result.files,
        time.monotonic() - started,
    )
    return result


def _backup_create(*, include_files: bool, now: datetime) -> BackupResult:
    started = time.monotonic()
    recipients = _recipients()
    db = settings.DATABASES[DEFAULT_DB_ALIAS]
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        raise BackupError("backups need PostgreSQL (DATABASE_URL)")
    name = backup_name(now)
    with tempfile.TemporaryDirectory(prefix="backup-", dir=settings.BACKUP_TMP_DIR) as tmp:
        dump = Path(tmp) / "database.dump"
        # A snapshot of our own, held open while pg_dump reads it: the row counts describe exactly the dump.
        with psycopg.connect(_conninfo(db), autocommit=False) as conn:
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            server_version = conn.execute("SHOW server_version").fetchone()[0]
            command = [
                _tool("pg_dump", conn),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
            ]
            dumped = subprocess.run([*command, "--file", str(dump)], env=_pg_env(db), capture_output=True, text=True)
            if dumped.returncode != 0:
                raise BackupError(f"pg_dump failed ({dumped.returncode}): {dumped.stderr.strip()[-2000:]}")
            tables = _count_rows(conn)
            conn.rollback()
        files = []
        names = _walk(default_storage) if include_files else []
        encrypted = Path(tmp) / name
        with open(encrypted, "wb") as out:
            pipe = _EncryptingPipe(out, recipients)
            try:
                with tarfile.open(fileobj=pipe.writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                    for stored in names:  # hash first (the manifest leads the archive), then stream each file
                        with default_storage.open(stored, "rb") as handle:
                            sha, size = _sha256_of(handle)
                        files.append({"name": stored, "size": size, "sha256": sha})
                    manifest = {
                        "format": MANIFEST_FORMAT,
                        "created_at": now.astimezone(UTC).isoformat(),
                        "database": str(db["NAME"]),
                        "server_version": server_version,
                        "tables": tables,
                        "files": files,
                    }
                    _add_bytes(tar, "manifest.json", json.dumps(manifest, indent=1, sort_keys=True).encode())
                    tar.add(str(dump), arcname="database.dump")
                    for entry in files:
                        info = tarfile.TarInfo(f"files/{entry['name']}")
                        info.size = entry["size"]
                        with default_storage.open(entry["name"], "rb") as handle:
                            tar.addfile(info, _Exactly(handle, entry["size"]))
            finally:
                pipe.close()
        with open(encrypted, "rb") as handle:
            saved = backup_storage().save(name, File(handle, name=name))
        size = encrypted.stat().st_size
    return BackupResult(name=saved, size=size, seconds=time.monotonic() - started, tables=tables, files=len(files))


class _Exactly(io.RawIOBase):
    """A file read for exactly ``size`` bytes: a file that changed size since it was hashed fails the backup."""

    def __init__(self, handle: IO[bytes], size: int) -> None:
        self.handle, self.left = handle, size

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        n = self.left if n is None or n < 0 else min(n, self.left)
        data = self.handle.read(n)
        if len(data) < n:
            raise BackupError("a stored file shrank while it was backed up")
        self.left -= len(data)
        return data


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(time.time())
    tar.addfile(info, io.BytesIO(data))


# --- restore ----------------------------------------------------------------------------------------------------
def backup_restore(
    *,
    name: str,
    target_db: dict[str, Any],
    identities: list[str],
    target_storage: Storage | None = None,
    restore_files: bool = True,
) -> RestoreResult:
    """Restore backup ``name`` ("latest" for the newest) into the empty database ``target_db`` (a Django DATABASES
    entry) and its files into ``target_storage`` (default: the default storage). Checks every table's row count and
    every file's SHA-256 against the manifest; raises BackupError listing every difference."""
    started = time.monotonic()
    keys = _identities(identities)
    if name == "latest":
        found = backups_list()
        if not found:
            raise BackupError("no backup in the backup storage")
        name = found[-1].name
    storage = target_storage if target_storage is not None else default_storage
    with psycopg.connect(_conninfo(target_db), autocommit=True) as conn:
        if _tables(conn):
            raise BackupError(f"database {target_db['NAME']} is not empty: restore only into a fresh database")
        pg_restore = _tool("pg_restore", conn)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="restore-", dir=settings.BACKUP_TMP_DIR) as tmp:
        encrypted = Path(tmp) / "backup.tar.age"
        with backup_storage().open(name, "rb") as source, open(encrypted, "wb") as out:
            shutil.copyfileobj(source, out, CHUNK)
        bytes_read = encrypted.stat().st_size
        read_fd, write_fd = os.pipe()
        decrypt_error: list[BaseException] = []

        def decrypt() -> None:
            try:
                with open(encrypted, "rb") as handle, os.fdopen(write_fd, "wb") as plain:
                    pyrage.decrypt_io(handle, plain, keys)
            except BaseException as exc:
                decrypt_error.append(exc)

        thread = threading.Thread(target=decrypt, daemon=True)
        thread.start()
        manifest: dict[str, Any] | None = None
        restored_files = 0
        try:
            with os.fdopen(read_fd, "rb") as plain, tarfile.open(fileobj=plain, mode="r|") as tar:
                for member in tar:
                    handle = tar.extractfile(member)
                    if handle is None:
                        continue
                    if member.name == "manifest.json":
                        manifest = json.loads(handle.read())
                    elif member.name == "database.dump":
                        dump = Path(tmp) / "database.dump"
                        with open(dump, "wb") as out:
                            shutil.copyfileobj(handle, out, CHUNK)
                    elif member.name.startswith("files/") and restore_files:
                        restored_files += _restore_file(storage, member.name[len("files/") :], handle, problems)
        except tarfile.TarError as exc:
            thread.join()
            cause = decrypt_error[0] if decrypt_error else exc
            raise BackupError(f"cannot read backup {name}: {type(cause).__name__}: {cause}") from cause
        thread.join()
        if decrypt_error:
            raise BackupError(f"cannot decrypt backup {name}: {decrypt_error[0]}") from decrypt_error[0]
        if manifest is None or not (Path(tmp) / "database.dump").exists():
            raise BackupError(f"backup {name} has no manifest or no database dump")
        command = [pg_restore, "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
        restored = subprocess.run(
            [*command, "--dbname", str(target_db["NAME"]), str(Path(tmp) / "database.dump")],
            env=_pg_env(target_db),
            capture_output=True,
            text=True,
        )
        if restored.returncode != 0:
            raise BackupError(f"pg_restore failed ({restored.returncode}): {restored.stderr.strip()[-2000:]}")
    with psycopg.connect(_conninfo(target_db), autocommit=True) as conn:
        counts = _count_rows(conn)
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows restored, {expected} in the backup")
    if restore_files:
        for entry in manifest["files"]:
            problems.extend(_check_file(storage, entry))
    result = RestoreResult(
        name=name,
        seconds=time.monotonic() - started,
        tables=counts,
        files=restored_files,
        bytes_read=bytes_read,
        problems=problems,
    )
    if problems:
        raise BackupError("restore finished with differences:\n" + "\n".join(problems))
    logger.info(
        "backup restored name=%s tables=%s files=%s seconds=%.1f", name, len(counts), restored_files, result.seconds
    )
    return result


def _restore_file(storage: Storage, name: str, handle: IO[bytes], problems: list[str]) -> int:
    if storage.exists(name):
        problems.append(f"file {name} already exists in the target storage; not overwritten")
        return 0
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
        shutil.copyfileobj(handle, spool, CHUNK)
        spool.seek(0)
        saved = storage.save(name, File(spool, name=name))
    if saved != name:
        problems.append(f"file {name} was saved as {saved}")
    return 1


def _check_file(storage: Storage, entry: dict[str, Any]) -> list[str]:
    try:
        with storage.open(entry["name"], "rb") as handle:
            sha, size = _sha256_of(handle)
    except FileNotFoundError:
        return [f"file {entry['name']} missing after restore"]
    if sha != entry["sha256"] or size != entry["size"]:
        return [f"file {entry['name']}: SHA-256 {sha} ({size} bytes), backup says {entry['sha256']}"]
    return []


# --- retention --------------------------------------------------------------------------------------------------
def backups_to_keep(backups: list[BackupInfo], *, now: datetime) -> set[str]:
    keep_days, keep_months, keep_min = settings.BACKUP_KEEP_DAYS, settings.BACKUP_KEEP_MONTHS, settings.BACKUP_KEEP_MIN
    newest_first = sorted(backups, key=lambda info: info.created_at, reverse=True)
    keep = {info.name for info in newest_first[:keep_min]}
    keep |= {info.name for info in newest_first if now - info.created_at < timedelta(days=keep_days)}
    months: list[tuple[int, int]] = []
    for info in newest_first:
        month = (info.created_at.year, info.created_at.month)
        if month not in months:
            months.append(month)
            if len(months) > keep_months:
                break
            keep.add(info.name)
    return keep


def backups_prune(*, now: datetime | None = None, dry_run: bool = False) -> list[str]:
    """Delete the backups the retention policy no longer keeps; returns their names."""
    backups = backups_list()
    keep = backups_to_keep(backups, now=now or datetime.now(UTC))
    doomed = [info.name for info in backups if info.name not in keep]
    if not dry_run:
        storage = backup_storage()
        for name in doomed:
            storage.delete(name)
    if doomed:
        logger.info("backups pruned count=%s kept=%s", len(doomed), len(keep))
    return doomed
