"""The HTTP server: a threaded ``http.server`` that routes ``/v1`` to the API, ``/_emulator`` to the test
controls and ``/js/v3/stripe.js`` to the Stripe.js stand-in, with CORS for browser pages on other ports."""

from __future__ import annotations

import contextlib
import json
import socket
import sys
import time
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from stripe_emulator.api import handle_api
from stripe_emulator.control import handle_control
from stripe_emulator.store import Ctx, Store
from stripe_emulator.webhooks import DEFAULT_RETRY_DELAYS, Dispatcher, Endpoint

STATIC_JS = Path(__file__).with_name("static") / "stripe.js"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type, Idempotency-Key, Stripe-Version, Stripe-Account",
    "Access-Control-Expose-Headers": "Request-Id, Idempotent-Replayed",
    "Access-Control-Max-Age": "600",
}


class EmulatorServer(ThreadingHTTPServer):
    """Threaded server holding the emulator's store, webhook dispatcher and settings."""

    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 1024

    def __init__(
        self,
        address: tuple[str, int],
        *,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        webhook_workers: int = 8,
        log_requests: bool = True,
        settings: dict[str, Any] | None = None,
        store: Store | None = None,
    ) -> None:
        super().__init__(address, EmulatorHandler)
        self.store = store or Store()
        self.dispatcher = Dispatcher(retry_delays=retry_delays, workers=webhook_workers, log_success=log_requests)
        self.settings = settings or {}
        self.log_requests = log_requests
        if webhook_url:
            self.dispatcher.add_endpoint(Endpoint(url=webhook_url, secret=webhook_secret or "", source="cli"))

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def server_close(self) -> None:
        self.dispatcher.stop()
        super().server_close()


class EmulatorHandler(BaseHTTPRequestHandler):
    """One connection; keep-alive (HTTP/1.1) so SDK clients reuse sockets."""

    protocol_version = "HTTP/1.1"
    server_version = "stripe-emulator"
    sys_version = ""
    server: EmulatorServer

    def setup(self) -> None:
        super().setup()
        with contextlib.suppress(OSError):
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - signature from the base class
        """Silence http.server's own access log (we log in ``_send``)."""

    def do_OPTIONS(self) -> None:  # noqa: N802
        self._send(204, {}, b"")

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch("POST")

    def do_DELETE(self) -> None:  # noqa: N802
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        self._started = time.perf_counter()
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        try:
            if parts.path.startswith("/v1/"):
                status, headers, text = handle_api(
                    self.server.store,
                    self.server.dispatcher,
                    self.server.settings,
                    method,
                    parts.path,
                    parts.query,
                    self.headers,
                    body,
                )
                self._send(status, {"Content-Type": "application/json", **headers}, text.encode())
            elif parts.path.startswith("/_emulator/"):
                ctx = Ctx(self.server.store, self.server.dispatcher, settings=self.server.settings)
                content_type = self.headers.get("Content-Type") or ""
                status, payload = handle_control(ctx, method, parts.path, parts.query, body, content_type)
                self._send(status, {"Content-Type": "application/json"}, json.dumps(payload).encode())
            elif parts.path in ("/js/v3/stripe.js", "/v3/", "/v3/stripe.js") and method == "GET":
                script = STATIC_JS.read_bytes()
                self._send(200, {"Content-Type": "application/javascript; charset=utf-8"}, script)
            else:
                error = {
                    "error": {
                        "type": "invalid_request_error",
                        "message": f"Unrecognized request URL ({method}: {parts.path}).",
                    }
                }
                self._send(404, {"Content-Type": "application/json"}, json.dumps(error).encode())
        except Exception:  # noqa: BLE001 - report as Stripe's api_error rather than dropping the connection
            traceback.print_exc(file=sys.stderr)
            error = {"error": {"type": "api_error", "message": "An unexpected error occurred in the emulator."}}
            self._send(
                500, {"Content-Type": "application/json", "Stripe-Should-Retry": "false"}, json.dumps(error).encode()
            )

    def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in {**CORS_HEADERS, **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)
        if self.server.log_requests:
            elapsed = (time.perf_counter() - getattr(self, "_started", time.perf_counter())) * 1000
            path = urlsplit(self.path).path
            print(f"{self.command} {path} {status} {elapsed:.1f}ms", file=sys.stderr, flush=True)


def make_server(host: str = "127.0.0.1", port: int = 12111, **options: Any) -> EmulatorServer:
    """Create (but don't start) a server; ``port=0`` picks a free port (see ``server.url``)."""
    return EmulatorServer((host, port), **options)
