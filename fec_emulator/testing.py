"""Start the FEC emulator as a real subprocess for the tests, and drive its ``/_emulator`` controls.

emulator = start_fec_emulator(api_key="k")
emulator.set_password("C00123456", "Filing-PW-1")
emulator.reject_next(["Line 6(a) must equal ..."])
...
emulator.stop()
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

_ROOT = str(Path(__file__).resolve().parent.parent)


class FecEmulatorError(RuntimeError):
    pass


class RunningFecEmulator:
    def __init__(self, process: subprocess.Popen, url: str, log_path: Path | None) -> None:
        self.process = process
        self.url = url
        self.log_path = log_path

    def control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        request = urllib.request.Request(f"{self.url}/_emulator/{path}", data=data, method=method)
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise FecEmulatorError(f"{method} {path} -> {exc.code}") from exc

    def set_password(self, committee_id: str, password: str) -> None:
        """Only this password is accepted for ``committee_id`` from now on."""
        self.control("POST", "committees", {"committee_id": committee_id, "password": password})

    def reject_next(self, messages: list[str]) -> None:
        """The next upload that would be accepted is rejected with ``messages``."""
        self.control("POST", "reject-next", {"messages": messages})

    def set_processing_polls(self, polls: int) -> None:
        self.control("POST", "settings", {"processing_polls": polls})

    def submissions(self) -> list[dict[str, Any]]:
        return self.control("GET", "submissions")["data"]

    def requests(self) -> list[dict[str, Any]]:
        return self.control("GET", "requests")["data"]

    def reset(self) -> None:
        self.control("POST", "reset")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()


def start_fec_emulator(*, api_key: str, log_path: Path | None = None, timeout: float = 20.0) -> RunningFecEmulator:
    """``python -m fec_emulator --port 0``, its stderr (one line per request) in ``log_path``."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH")) if p)}
    stderr = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115 (closed once the child has it)
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "fec_emulator", "--host", "127.0.0.1", "--port", "0", "--api-key", api_key],
            cwd=_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            start_new_session=True,
        )
    finally:
        if log_path:
            stderr.close()
    deadline = time.monotonic() + timeout
    assert process.stdout is not None
    line = process.stdout.readline()  # blocks until the banner (or EOF when it dies)
    if "listening on " not in line:
        process.kill()
        raise FecEmulatorError(f"fec emulator did not start (exit {process.poll()})")
    emulator = RunningFecEmulator(process, line.split("listening on ", 1)[1].strip(), log_path)
    while True:
        try:
            emulator.control("GET", "health")
            return emulator
        except (OSError, FecEmulatorError):
            if time.monotonic() > deadline:
                emulator.stop()
                raise
            time.sleep(0.05)
