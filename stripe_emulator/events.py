"""Events: a snapshot of an object at the moment something happened, stored and sent to webhook endpoints."""

from __future__ import annotations

import json
from typing import Any

from stripe_emulator import templates
from stripe_emulator.errors import invalid, not_found
from stripe_emulator.forms import get_dict, get_int
from stripe_emulator.ids import new_id
from stripe_emulator.store import Ctx, StoredEvent


class RawJSON(str):
    """A response body that is already serialized JSON (events are stored serialized)."""


def emit(
    ctx: Ctx,
    event_type: str,
    obj: dict[str, Any],
    *,
    previous: dict[str, Any] | None = None,
    created: int | None = None,
) -> str:
    """Record an event of ``event_type`` about ``obj`` (serialized now, so later changes don't leak in) and
    queue it for every subscribed webhook endpoint. Returns the event id."""
    endpoints = ctx.dispatcher.matching(event_type)
    data: dict[str, Any] = {"object": obj}
    if previous:
        data["previous_attributes"] = previous
    test_clock = obj.get("test_clock") if isinstance(obj.get("test_clock"), str) else None
    event = templates.new(
        "event",
        id=new_id("evt"),
        created=created if created is not None else ctx.now(test_clock),
        data=data,
        pending_webhooks=len(endpoints),
        request={"id": ctx.request_id, "idempotency_key": ctx.idempotency_key},
        type=event_type,
    )
    payload = json.dumps(event)
    stored = StoredEvent(event["id"], event_type, event["created"], payload)
    ctx.store.add_event(stored)
    if endpoints:
        ctx.dispatcher.deliver(stored.id, event_type, payload, endpoints)
    return stored.id


def retrieve(ctx: Ctx, params: dict[str, Any], event_id: str) -> RawJSON:
    """``GET /v1/events/{id}``."""
    event = ctx.store.events.get(event_id)
    if event is None:
        raise not_found("event", event_id)
    return RawJSON(event.payload)


def list_events(ctx: Ctx, params: dict[str, Any]) -> RawJSON:
    """``GET /v1/events`` with ``type`` (``*`` wildcards allowed), ``types[]``, ``created[gte|gt|lte|lt]``,
    ``limit``, ``starting_after`` and ``ending_before``; newest first."""
    rows = list(reversed(ctx.store.event_order))
    wanted = params.get("type")
    types = params.get("types") or []
    if wanted:
        if wanted.endswith("*"):
            rows = [e for e in rows if e.type.startswith(wanted[:-1])]
        else:
            rows = [e for e in rows if e.type == wanted]
    if types:
        rows = [e for e in rows if e.type in types]
    created = params.get("created")
    if isinstance(created, dict):
        bounds = get_dict(params, "created") or {}
        for op, test in (
            ("gte", lambda a, b: a >= b),
            ("gt", lambda a, b: a > b),
            ("lte", lambda a, b: a <= b),
            ("lt", lambda a, b: a < b),
        ):
            if op in bounds:
                bound = get_int(bounds, op)
                rows = [e for e in rows if test(e.created, bound)]
    elif created:
        exact = get_int(params, "created")
        rows = [e for e in rows if e.created == exact]
    limit = get_int(params, "limit", default=10) or 10
    if not 1 <= limit <= 100:
        raise invalid("This value must be between 1 and 100.", param="limit")
    after, before = params.get("starting_after"), params.get("ending_before")
    ids = [e.id for e in rows]
    if after:
        if after not in ctx.store.events:
            raise not_found("event", after, "starting_after")
        rows = rows[ids.index(after) + 1 :] if after in ids else []
        page, has_more = rows[:limit], len(rows) > limit
    elif before:
        if before not in ctx.store.events:
            raise not_found("event", before, "ending_before")
        rows = rows[: ids.index(before)] if before in ids else []
        page, has_more = rows[-limit:], len(rows) > limit
    else:
        page, has_more = rows[:limit], len(rows) > limit
    body = ",".join(e.payload for e in page)
    return RawJSON(
        f'{{"object": "list", "data": [{body}], "has_more": {"true" if has_more else "false"}, "url": "/v1/events"}}'
    )
