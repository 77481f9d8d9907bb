"""The HTTP server: ``/webload`` is the upload service, ``/_emulator`` the test controls. One lock guards the
state; the uploaded file is checked outside it. Logs one line per request (method, path, status, committee id,
submission id), never a body: no password or API key is ever printed."""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import sys
import threading
import uuid
from dataclasses import asdict, dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from fec_emulator.checks import fec_file_problems

BAD_CREDENTIALS = "The committee id or the electronic filing password is not right."
FIRST_FILING_ID = 1_700_001


@dataclass
class Submission:
    submission_id: str
    committee_id: str
    amendment_id: str
    final_status: str
    message: str
    report_id: str
    polls_left: int
    size: int
    polls: int = 0

    def answer(self) -> dict[str, Any]:
        if self.polls_left > 0:
            return {"submission_id": self.submission_id, "status": "PROCESSING", "message": "Processing"}
        return {
            "submission_id": self.submission_id,
            "status": self.final_status,
            "message": self.message,
            "report_id": self.report_id,
        }


@dataclass
class State:
    api_key: str
    processing_polls: int = 1
    passwords: dict[str, str] = field(default_factory=dict)
    reject_next: list[list[str]] = field(default_factory=list)
    submissions: dict[str, Submission] = field(default_factory=dict)
    requests: list[dict[str, Any]] = field(default_factory=list)
    filing_ids: itertools.count = field(default_factory=lambda: itertools.count(FIRST_FILING_ID))
    lock: threading.Lock = field(default_factory=threading.Lock)


class FecEmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], *, api_key: str, processing_polls: int = 1, quiet: bool = False):
        super().__init__(address, Handler)
        self.state = State(api_key=api_key, processing_polls=processing_polls)
        self.quiet = quiet

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fec-emulator"
    sys_version = ""
    server: FecEmulatorServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (http.server's name)
        pass  # one line per request from _send instead (never a body)

    # plumbing -------------------------------------------------------------------------------------------------
    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def _send(self, status: int, body: Any, *, note: str = "") -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        if not self.server.quiet:
            print(f"fec-emulator {self.command} {self.path.split('?')[0]} {status} {note}".rstrip(), file=sys.stderr)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        state = self.server.state
        if self.path.startswith("/webload/status/"):
            if self.headers.get("X-Api-Key") != state.api_key:
                return self._send(403, {"message": "Unknown API key."})
            submission_id = self.path.removeprefix("/webload/status/")
            with state.lock:
                found = state.submissions.get(submission_id)
                if found is None:
                    return self._send(404, {"message": "No such submission."})
                found.polls += 1
                answer = found.answer()
                found.polls_left = max(0, found.polls_left - 1)
            return self._send(200, answer, note=f"submission={submission_id} status={answer['status']}")
        if self.path == "/_emulator/health":
            return self._send(200, {"ok": True})
        if self.path == "/_emulator/submissions":
            with state.lock:
                return self._send(200, {"data": [asdict(s) for s in state.submissions.values()]})
        if self.path == "/_emulator/requests":
            with state.lock:
                return self._send(200, {"data": list(state.requests)})
        return self._send(404, {"message": "Not found."})

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        body = self._body()
        if self.path == "/webload/upload":
            return self._upload(body)
        state = self.server.state
        with state.lock:
            if self.path == "/_emulator/committees":
                state.passwords[str(body.get("committee_id", ""))] = str(body.get("password", ""))
                return self._send(200, {"ok": True})
            if self.path == "/_emulator/reject-next":
                state.reject_next.append([str(m) for m in body.get("messages") or ["Rejected by the emulator."]])
                return self._send(200, {"ok": True})
            if self.path == "/_emulator/settings":
                state.processing_polls = int(body.get("processing_polls", state.processing_polls))
                return self._send(200, {"ok": True})
            if self.path == "/_emulator/reset":
                state.passwords.clear()
                state.reject_next.clear()
                state.submissions.clear()
                state.requests.clear()
                return self._send(200, {"ok": True})
        return self._send(404, {"message": "Not found."})

    # the upload service ---------------------------------------------------------------------------------------
    def _upload(self, body: dict[str, Any]) -> None:
        state = self.server.state
        committee_id = str(body.get("committee_id") or "")
        with state.lock:
            state.requests.append({"path": "/webload/upload", "committee_id": committee_id, "fields": sorted(body)})
        if body.get("api_key") != state.api_key:
            return self._send(403, {"message": "Unknown API key."}, note=f"committee={committee_id}")
        try:
            data = base64.b64decode(str(body.get("fec_file") or ""), validate=True)
        except (binascii.Error, ValueError):
            data = b""
        password = str(body.get("password") or "")
        with state.lock:
            known = state.passwords.get(committee_id)
        if not committee_id or not password or (known is not None and password != known):
            messages = [BAD_CREDENTIALS]
        elif not data:
            messages = ["No .fec file was attached."]
        else:
            messages = fec_file_problems(data, committee_id=committee_id)
        with state.lock:
            if not messages and state.reject_next:
                messages = state.reject_next.pop(0)
            submission = Submission(
                submission_id=uuid.uuid4().hex,
                committee_id=committee_id,
                amendment_id=str(body.get("amendment_id") or ""),
                final_status="REJECTED" if messages else "ACCEPTED",
                message="\n".join(messages) if messages else "Accepted",
                report_id="" if messages else f"FEC-{next(state.filing_ids)}",
                polls_left=state.processing_polls,
                size=len(data),
            )
            state.submissions[submission.submission_id] = submission
            answer = submission.answer()
        return self._send(200, answer, note=f"committee={committee_id} submission={submission.submission_id}")


def make_server(host: str, port: int, *, api_key: str, processing_polls: int = 1, quiet: bool = False):
    return FecEmulatorServer((host, port), api_key=api_key, processing_polls=processing_polls, quiet=quiet)
