"""Start the emulator as a real subprocess for a test suite, and drive its ``/_emulator`` controls.

with start_emulator(webhook_url=url, webhook_secret="whsec_test") as emu:
    client = stripe.StripeClient("sk_test_x", base_addresses={"api": emu.url}, http_client=stripe.RequestsClient())
    ...
    emu.advance_clock(months=1)
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

_PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)


class EmulatorError(RuntimeError):
    """The emulator failed to start or a control call failed."""


class RunningEmulator:
    """A started emulator process: its ``url`` and helpers for the test-control endpoints."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url
        self.stderr_lines: list[str] = []
        self._stderr_thread = threading.Thread(target=self._drain_stderr, daemon=True)
        self._stderr_thread.start()

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr_lines.append(line.rstrip("\n"))
            if len(self.stderr_lines) > 5000:
                del self.stderr_lines[:1000]

    # plumbing ----------------------------------------------------------------------------------------------
    def control(self, method: str, path: str, params: dict[str, Any] | None = None) -> Any:
        """Call ``/_emulator/<path>`` with form params; returns the decoded JSON."""
        data = None
        url = f"{self.url}/_emulator/{path.lstrip('/')}"
        if params and method == "GET":
            url += "?" + urlencode(params, doseq=True)
        elif params is not None or method == "POST":
            data = urlencode(params or {}, doseq=True).encode()
        request = urllib.request.Request(url, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            raise EmulatorError(f"{method} {path} -> {exc.code}: {exc.read().decode(errors='replace')}") from exc

    # controls ----------------------------------------------------------------------------------------------
    def health(self) -> dict[str, Any]:
        """``GET /_emulator/health``."""
        return self.control("GET", "health")

    def set_webhook(self, url: str, secret: str, enabled_events: list[str] | None = None) -> dict[str, Any]:
        """Send every event (or ``enabled_events``) to ``url``, signed with ``secret``."""
        params: dict[str, Any] = {"url": url, "secret": secret}
        if enabled_events:
            params["enabled_events[]"] = enabled_events
        return self.control("POST", "webhooks", params)

    def clear_webhook(self) -> None:
        """Stop delivering to the configured endpoint."""
        self.control("DELETE", "webhooks")

    def webhook_stats(self) -> dict[str, Any]:
        """Endpoints and delivery counters (``pending``, ``delivered``…)."""
        return self.control("GET", "webhooks")

    def wait_webhooks_idle(self, timeout: float = 10.0) -> None:
        """Block until no delivery is queued, running or waiting for a retry."""
        deadline = time.monotonic() + timeout
        while self.webhook_stats()["pending"]:
            if time.monotonic() > deadline:
                raise EmulatorError("webhook deliveries still pending")
            time.sleep(0.02)

    def requests(self) -> list[dict[str, Any]]:
        """API requests received since the last reset: ``[{method, path, idempotency_key, time}]``."""
        return self.control("GET", "requests")["data"]

    def request_count(self) -> int:
        """Number of API requests received since the last reset."""
        return self.control("GET", "requests")["count"]

    def clear_requests(self) -> None:
        """Empty the request log."""
        self.control("DELETE", "requests")

    def reset(self, *, webhooks: bool = False) -> None:
        """Forget all state (and the webhook endpoint too with ``webhooks=True``)."""
        self.control("POST", "reset", {"webhooks": "true"} if webhooks else {})

    def advance_clock(self, months: int = 0, seconds: int = 0) -> dict[str, Any]:
        """Move the emulator's clock forward; renewals due are billed before this returns."""
        if not months and not seconds:
            months = 1
        return self.control("POST", "clock/advance", {"months": months, "seconds": seconds})

    def authenticate(self, pi_id: str, outcome: str = "succeed") -> dict[str, Any]:
        """Finish the 3DS challenge of a PaymentIntent (or SetupIntent, by ``seti_`` id)."""
        kind = "setup_intents" if pi_id.startswith("seti_") else "payment_intents"
        return self.control("POST", f"{kind}/{pi_id}/authenticate", {"outcome": outcome})

    def close_dispute(self, dp_id: str, status: str = "lost") -> dict[str, Any]:
        """Close a dispute as ``won`` or ``lost``."""
        return self.control("POST", f"disputes/{dp_id}/close", {"status": status})

    def run_payouts(self) -> list[dict[str, Any]]:
        """Pay out every available balance transaction now and mark arrived payouts paid."""
        return self.control("POST", "payouts/run")["payouts"]

    def fail_payout(self, payout_id: str, failure_code: str = "account_closed") -> dict[str, Any]:
        """The bank returns a payout (``payout.failed``; the amount goes back to the balance)."""
        return self.control("POST", f"payouts/{payout_id}/fail", {"failure_code": failure_code})

    def resend(self, event_id: str, url: str | None = None) -> dict[str, Any]:
        """Deliver an event again (to every matching endpoint, or only ``url``)."""
        return self.control("POST", f"events/{event_id}/resend", {"url": url} if url else {})

    def set_default_payment_method(self, customer_id: str, payment_method: str) -> dict[str, Any]:
        """Swap a customer's (and its subscriptions') default card, e.g. to ``pm_card_chargeCustomerFail``."""
        return self.control(
            "POST", f"customers/{customer_id}/default_payment_method", {"payment_method": payment_method}
        )

    # lifecycle ---------------------------------------------------------------------------------------------
    def stop(self) -> None:
        """Terminate the process (SIGTERM, then SIGKILL after 5 s)."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        if self.process.stdout:
            self.process.stdout.close()

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def start_emulator(
    *,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    env: dict[str, str] | None = None,
    args: list[str] | None = None,
    timeout: float = 15.0,
) -> RunningEmulator:
    """Start ``python -m stripe_emulator --port 0`` and wait until it answers ``/_emulator/health``."""
    command = [sys.executable, "-m", "stripe_emulator", "--host", "127.0.0.1", "--port", "0", *(args or [])]
    if webhook_url:
        command += ["--webhook-url", webhook_url, "--webhook-secret", webhook_secret or ""]
    child_env = {**os.environ, **(env or {})}
    child_env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_ROOT, child_env.get("PYTHONPATH")) if p)
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env, bufsize=1
    )
    lines: queue.Queue[str] = queue.Queue()

    def read_stdout() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)

    threading.Thread(target=read_stdout, daemon=True).start()
    deadline = time.monotonic() + timeout
    url = None
    while url is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            process.kill()
            error = process.stderr.read() if process.stderr and process.poll() is not None else ""
            raise EmulatorError(f"stripe emulator did not start: {error[-2000:]}")
        try:
            line = lines.get(timeout=min(remaining, 0.2))
        except queue.Empty:
            continue
        if "listening on " in line:
            url = line.split("listening on ", 1)[1].strip()
    emulator = RunningEmulator(process, url)
    while True:
        try:
            emulator.health()
            return emulator
        except (OSError, EmulatorError):
            if time.monotonic() > deadline:
                emulator.stop()
                raise
            time.sleep(0.05)
