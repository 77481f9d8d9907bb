"""`make run`'s SQLite database holds the demo's concurrency: the web server, the worker and beat write at once
(issue #16: cancelling a monthly gift answered "OperationalError: database is locked" while webhook retries
wrote). Transactions take the write lock when they begin (IMMEDIATE) and wait for it (busy timeout), in WAL mode
so readers never block."""

import sqlite3
import subprocess
import sys
from pathlib import Path

WRITER = Path(__file__).with_name("sqlite_writer.py")


def test_concurrent_read_then_write_transactions_all_land(tmp_path):
    path = tmp_path / "demo.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
        db.execute("INSERT INTO counter VALUES (1, 0)")
    env = {"DATABASE_URL": f"sqlite:///{path}", "PATH": "/usr/bin:/bin", "LOG_LEVEL": "WARNING"}
    writers = [
        subprocess.Popen([sys.executable, str(WRITER), "60"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    outputs = [writer.communicate(timeout=180) for writer in writers]
    errors = [int(out.decode().strip().splitlines()[-1]) for out, _ in outputs]
    assert errors == [0, 0, 0, 0], [err.decode()[-500:] for _, err in outputs]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT n FROM counter").fetchone() == (240,)
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
