"""In-memory state of the emulator: objects by id, events, idempotency results and the request log.

One re-entrant lock (``Store.lock``) guards everything; the HTTP layer holds it for the whole of each API
request, so handlers never need their own locking.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from stripe_emulator.clock import GlobalClock
from stripe_emulator.errors import invalid, not_found

if TYPE_CHECKING:
    from .webhooks import Dispatcher

#: Human names used in "No such …" errors, by ``object`` value.
KIND_NAMES = {
    "payment_intent": "payment_intent",
    "customer": "customer",
    "charge": "charge",
    "refund": "refund",
    "dispute": "dispute",
    "payment_method": "PaymentMethod",
    "setup_intent": "setupintent",
    "product": "product",
    "price": "price",
    "subscription": "subscription",
    "subscription_item": "subscription_item",
    "invoice": "invoice",
    "invoice_payment": "invoice_payment",
    "test_helpers.test_clock": "test_clock",
    "webhook_endpoint": "webhook_endpoint",
    "event": "event",
    "balance_transaction": "balance_transaction",
    "payout": "payout",
}


@dataclass
class StoredEvent:
    """An event as stored: its serialized payload (the snapshot sent to webhooks) and index fields."""

    id: str
    type: str
    created: int
    payload: str


@dataclass
class IdempotentResult:
    """A response saved under an Idempotency-Key, returned verbatim on replay."""

    method: str
    path: str
    params: Any
    status: int
    body: str


class Store:
    """All emulator state. Access only while holding ``lock``."""

    def __init__(
        self, idempotency_limit: int = 20_000, request_log_limit: int = 100_000, event_limit: int = 200_000
    ) -> None:
        self.lock = threading.RLock()
        self.idempotency_limit = idempotency_limit
        self.event_limit = event_limit
        self.request_log_limit = request_log_limit
        self.clock = GlobalClock()
        self.reset()

    def reset(self) -> None:
        """Forget every object, event, idempotency key and logged request; clock back to real time."""
        self.objects: dict[str, dict[str, Any]] = {}
        self.kinds: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self.events: dict[str, StoredEvent] = {}
        self.event_order: list[StoredEvent] = []
        self.idempotency: OrderedDict[tuple[str, str], IdempotentResult] = OrderedDict()
        self.request_log: deque[dict[str, Any]] = deque(maxlen=self.request_log_limit)
        self.request_count = 0
        #: Internal links that are not part of Stripe's objects, e.g. PaymentIntent id -> invoice id.
        self.links: dict[str, str] = {}
        self.clock.reset()

    # objects -----------------------------------------------------------------------------------------------
    def add(self, obj: dict[str, Any]) -> dict[str, Any]:
        """Store a new object (keyed by its ``id``, listed under its ``object`` kind)."""
        self.objects[obj["id"]] = obj
        self.kinds[obj["object"]][obj["id"]] = obj
        return obj

    def find(self, object_id: str | None) -> dict[str, Any] | None:
        """The object with this id, or None."""
        if not object_id or not isinstance(object_id, str):
            return None
        return self.objects.get(object_id)

    def get(self, kind: str, object_id: Any, param: str = "id") -> dict[str, Any]:
        """The object of ``kind`` with this id, or Stripe's 404 ``resource_missing`` error."""
        if not isinstance(object_id, str) or not object_id:
            raise invalid(f"Invalid {param}", param=param)
        obj = self.kinds[kind].get(object_id)
        if obj is None:
            raise not_found(KIND_NAMES.get(kind, kind), object_id, param)
        return obj

    def newest_first(self, kind: str) -> Iterator[dict[str, Any]]:
        """Objects of ``kind``, newest first (Stripe's list order)."""
        return reversed(list(self.kinds[kind].values()))

    # events ------------------------------------------------------------------------------------------------
    def add_event(self, event: StoredEvent) -> None:
        """Record an event; beyond ``event_limit`` the oldest tenth is forgotten (bounded memory in benchmarks)."""
        self.events[event.id] = event
        self.event_order.append(event)
        if len(self.event_order) > self.event_limit:
            cut = max(1, self.event_limit // 10)
            for old in self.event_order[:cut]:
                self.events.pop(old.id, None)
            del self.event_order[:cut]

    # request log -------------------------------------------------------------------------------------------
    def log_request(self, method: str, path: str, idempotency_key: str | None, api_key: str | None) -> None:
        """Remember an API request (no bodies) for ``GET /_emulator/requests``."""
        self.request_count += 1
        self.request_log.append(
            {
                "method": method,
                "path": path,
                "idempotency_key": idempotency_key,
                "key_type": (api_key or "")[:3] or None,
                "time": time.time(),
            }
        )

    def remember(self, key: tuple[str, str], result: IdempotentResult) -> None:
        """Save an idempotent result, evicting the oldest beyond the limit."""
        self.idempotency[key] = result
        while len(self.idempotency) > self.idempotency_limit:
            self.idempotency.popitem(last=False)


@dataclass
class Ctx:
    """What a handler needs about the current request: state, webhook dispatcher and request identity."""

    store: Store
    dispatcher: Dispatcher
    request_id: str | None = None
    idempotency_key: str | None = None
    api_key: str = ""
    publishable: bool = False
    #: Extra behaviour settings (e.g. dispute delay) from the command line.
    settings: dict[str, Any] = field(default_factory=dict)

    def now(self, test_clock: str | None = None) -> int:
        """Emulated time, on a test clock's frozen time when ``test_clock`` is given."""
        if test_clock:
            clock = self.store.find(test_clock)
            if clock is not None:
                return int(clock["frozen_time"])
        return self.store.clock.now()

    def background(self) -> Ctx:
        """A context for work not caused by an API request (renewals, disputes): no request id."""
        return Ctx(self.store, self.dispatcher, None, None, self.api_key, False, self.settings)


def paginate(items: Iterable[dict[str, Any]], params: dict[str, Any], url: str, *, key: str = "id") -> dict[str, Any]:
    """A Stripe list object from items already filtered and newest first (``limit``, ``starting_after``,
    ``ending_before``)."""
    try:
        limit = int(params.get("limit") or 10)
    except ValueError:
        raise invalid("Invalid integer: limit", param="limit") from None
    if not 1 <= limit <= 100:
        raise invalid("This value must be between 1 and 100.", param="limit")
    rows = list(items)
    after, before = params.get("starting_after"), params.get("ending_before")
    if after:
        ids = [row[key] for row in rows]
        if after not in ids:
            raise invalid(f"No such object: '{after}'", param="starting_after", code="resource_missing")
        rows = rows[ids.index(after) + 1 :]
    elif before:
        ids = [row[key] for row in rows]
        if before not in ids:
            raise invalid(f"No such object: '{before}'", param="ending_before", code="resource_missing")
        rows = rows[: ids.index(before)]
        page = rows[-limit:]
        return {"object": "list", "data": page, "has_more": len(rows) > limit, "url": url}
    return {"object": "list", "data": rows[:limit], "has_more": len(rows) > limit, "url": url}
