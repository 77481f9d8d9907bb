"""Throwaway PostgreSQL clusters for the replica test: a primary (initdb) and a streaming replica of it
(pg_basebackup -R), each on its own port in a temp dir, run as the ``postgres`` user when the tests run as root
(initdb refuses root). The suite's own PostgreSQL is never touched. Stopped and deleted afterwards."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.processes import free_port

BIN_DIRS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def pg_bin(name: str) -> str:
    for directory in BIN_DIRS:
        if (directory / name).exists():
            return str(directory / name)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found (Debian: apt-get install postgresql)")
    return found


def _as_owner(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


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
            shutil.chown(self.root, "postgres", "postgres")
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
