"""Webhook endpoints, Stripe-style signing, and asynchronous delivery with retries.

Deliveries never run on a request thread: events are queued and a small pool of worker threads POSTs them.
A failed delivery (non-2xx or connection error) is retried after the configured delays. The same scheduler
also runs other delayed work (e.g. creating a dispute shortly after a charge).
"""

from __future__ import annotations

import hashlib
import heapq
import hmac
import itertools
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests

from stripe_emulator.ids import new_id

DEFAULT_RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0)


def sign(payload: str, secret: str, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header value: ``t=<unix>,v1=<hex HMAC-SHA256(secret, "t.payload")>``."""
    t = int(time.time()) if timestamp is None else timestamp
    mac = hmac.new(secret.encode(), f"{t}.{payload}".encode(), hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


@dataclass
class Endpoint:
    """Where events go: URL, signing secret, and the event types it wants (``*`` = all)."""

    url: str
    secret: str
    enabled_events: list[str] = field(default_factory=lambda: ["*"])
    source: str = "control"  # "cli", "control" (/_emulator/webhooks) or "api" (/v1/webhook_endpoints)
    id: str = field(default_factory=lambda: new_id("we"))
    enabled: bool = True

    def wants(self, event_type: str) -> bool:
        """True if this endpoint subscribes to ``event_type``."""
        return self.enabled and ("*" in self.enabled_events or event_type in self.enabled_events)


@dataclass
class DeliveryStats:
    """Counters shown by ``GET /_emulator/webhooks``."""

    attempts: int = 0
    delivered: int = 0
    failed_attempts: int = 0
    gave_up: int = 0


class Dispatcher:
    """Holds the endpoints and a timed job queue served by worker threads."""

    def __init__(
        self,
        *,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        workers: int = 8,
        timeout: float = 10.0,
        log: Callable[[str], None] | None = None,
        log_success: bool = True,
    ) -> None:
        self.retry_delays = retry_delays
        self.log_success = log_success
        self.timeout = timeout
        self.endpoints: list[Endpoint] = []
        self.stats = DeliveryStats()
        self._log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, int, Callable[[], None]]] = []
        self._seq = itertools.count()
        self._generation = 0
        self._busy = 0
        self._stopped = False
        self._local = threading.local()
        self._threads = [
            threading.Thread(target=self._work, name=f"webhook-{i}", daemon=True) for i in range(max(1, workers))
        ]
        for thread in self._threads:
            thread.start()

    # endpoints ---------------------------------------------------------------------------------------------
    def add_endpoint(self, endpoint: Endpoint) -> Endpoint:
        """Register an endpoint."""
        with self._cond:
            self.endpoints.append(endpoint)
        return endpoint

    def remove_endpoint(self, endpoint_id: str) -> None:
        """Unregister an endpoint by id."""
        with self._cond:
            self.endpoints = [e for e in self.endpoints if e.id != endpoint_id]

    def replace_endpoints(self, sources: tuple[str, ...], new: list[Endpoint]) -> None:
        """Drop endpoints from ``sources`` and add ``new`` ones."""
        with self._cond:
            self.endpoints = [e for e in self.endpoints if e.source not in sources] + new

    def matching(self, event_type: str) -> list[Endpoint]:
        """Endpoints subscribed to ``event_type``."""
        with self._cond:
            return [e for e in self.endpoints if e.wants(event_type)]

    # scheduling --------------------------------------------------------------------------------------------
    def schedule(self, delay: float, job: Callable[[], None]) -> None:
        """Run ``job`` on a worker thread after ``delay`` seconds (dropped by ``clear``)."""
        with self._cond:
            heapq.heappush(self._heap, (time.monotonic() + delay, next(self._seq), self._generation, job))
            self._cond.notify()

    def deliver(self, event_id: str, event_type: str, payload: str, endpoints: list[Endpoint]) -> None:
        """Queue ``payload`` for each endpoint, retrying failures."""
        for endpoint in endpoints:
            self.schedule(0.0, self._attempt_job(event_id, payload, endpoint, 1))

    def clear(self) -> None:
        """Forget queued jobs and pending retries (used by reset)."""
        with self._cond:
            self._generation += 1
            self._heap.clear()

    def idle(self) -> bool:
        """True when nothing is queued or running."""
        with self._cond:
            return not self._heap and self._busy == 0

    def pending(self) -> int:
        """Jobs queued or running."""
        with self._cond:
            return len(self._heap) + self._busy

    def stop(self) -> None:
        """Stop the worker threads."""
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    # workers -----------------------------------------------------------------------------------------------
    def _work(self) -> None:
        while True:
            with self._cond:
                while True:
                    if self._stopped:
                        return
                    if self._heap:
                        due = self._heap[0][0] - time.monotonic()
                        if due <= 0:
                            _, _, generation, job = heapq.heappop(self._heap)
                            if generation != self._generation:
                                continue
                            self._busy += 1
                            break
                        self._cond.wait(due)
                    else:
                        self._cond.wait()
            try:
                job()
            except Exception as exc:  # noqa: BLE001 - a failing job must not kill the worker
                self._log(f"scheduled job failed: {exc!r}")
            finally:
                with self._cond:
                    self._busy -= 1

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _attempt_job(self, event_id: str, payload: str, endpoint: Endpoint, attempt: int) -> Callable[[], None]:
        def job() -> None:
            self._attempt(event_id, payload, endpoint, attempt)

        return job

    def _attempt(self, event_id: str, payload: str, endpoint: Endpoint, attempt: int) -> None:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            "Stripe-Signature": sign(payload, endpoint.secret),
        }
        status: int | str
        try:
            response = self._session().post(endpoint.url, data=payload.encode(), headers=headers, timeout=self.timeout)
            status = response.status_code
            ok = 200 <= status < 300
        except requests.RequestException as exc:
            status, ok = type(exc).__name__, False
        with self._cond:
            self.stats.attempts += 1
            if ok:
                self.stats.delivered += 1
            else:
                self.stats.failed_attempts += 1
        retry = not ok and attempt <= len(self.retry_delays)
        if ok and not self.log_success:
            return
        self._log(
            f"webhook {event_id} -> {endpoint.url} attempt={attempt} status={status}"
            + (" (will retry)" if retry else "")
        )
        if retry:
            self.schedule(self.retry_delays[attempt - 1], self._attempt_job(event_id, payload, endpoint, attempt + 1))
        elif not ok:
            with self._cond:
                self.stats.gave_up += 1

    def describe(self) -> dict[str, Any]:
        """Endpoints (without secrets) and delivery counters."""
        with self._cond:
            return {
                "endpoints": [
                    {"id": e.id, "url": e.url, "enabled_events": e.enabled_events, "source": e.source}
                    for e in self.endpoints
                ],
                "attempts": self.stats.attempts,
                "delivered": self.stats.delivered,
                "failed_attempts": self.stats.failed_attempts,
                "gave_up": self.stats.gave_up,
                "pending": len(self._heap) + self._busy,
            }
