"""`make run` on a laptop: a fresh SQLite database migrates from nothing and takes the demo seed.

Two merges of the previous session broke it and nothing noticed (the suite runs on PostgreSQL): a migration passed
PostgreSQL's ``concurrently`` to SQLite's schema editor, and the running total's upsert named ``t.id`` in its
RETURNING clause, which SQLite refuses. This runs the same two commands ``make run`` does, then checks the kept
receipt aggregates (issue #17, whose SQL must run on both engines) against a full recomputation."""

import subprocess
import sys

import pytest

from tests.conftest import REPO, child_env

pytestmark = pytest.mark.services  # three manage.py processes, about a minute


def _manage(*args: str, url: str, var: str) -> subprocess.CompletedProcess:
    env = child_env(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="config.settings.local", FUNDRAISING_VAR_DIR=var)
    env.pop("CELERY_BROKER_URL")  # make run's own broker (a folder under var), never the suite's worker
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.timeout(900)
def test_a_fresh_sqlite_database_migrates_seeds_and_keeps_aggregates(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    for command in (["migrate", "--noinput"], ["seed_demo"], ["aggregates_check"]):
        done = _manage(*command, url=url, var=str(tmp_path / "var"))
        assert done.returncode == 0, f"{command}: {done.stderr[-3000:]}"
    assert "C00999999: 0 receipts differ" in done.stdout
