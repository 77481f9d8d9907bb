"""Test clocks (``/v1/test_helpers/test_clocks``) and the global clock advance used by the test controls."""

from __future__ import annotations

from typing import Any

from stripe_emulator import templates
from stripe_emulator.errors import invalid
from stripe_emulator.events import emit
from stripe_emulator.forms import get_int, get_str
from stripe_emulator.ids import new_id
from stripe_emulator.resources import balance
from stripe_emulator.resources.common import Route
from stripe_emulator.resources.subscriptions import bill_due
from stripe_emulator.store import Ctx, paginate


def create(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/test_helpers/test_clocks`` (frozen_time, name)."""
    frozen = get_int(params, "frozen_time", required=True)
    now = ctx.now()
    clock = templates.new(
        "test_helpers.test_clock",
        id=new_id("clock"),
        created=now,
        deletes_after=now + 30 * 86400,
        frozen_time=frozen,
        name=get_str(params, "name"),
        status="ready",
        status_details={},
    )
    ctx.store.add(clock)
    emit(ctx, "test_helpers.test_clock.created", clock)
    return clock


def retrieve(ctx: Ctx, params: dict[str, Any], clock_id: str) -> dict[str, Any]:
    """``GET /v1/test_helpers/test_clocks/{id}``."""
    return ctx.store.get("test_helpers.test_clock", clock_id)


def list_clocks(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/test_helpers/test_clocks``."""
    return paginate(ctx.store.newest_first("test_helpers.test_clock"), params, "/v1/test_helpers/test_clocks")


def delete(ctx: Ctx, params: dict[str, Any], clock_id: str) -> dict[str, Any]:
    """``DELETE /v1/test_helpers/test_clocks/{id}`` (its customers stay, as plain objects)."""
    clock = ctx.store.get("test_helpers.test_clock", clock_id)
    del ctx.store.kinds["test_helpers.test_clock"][clock_id]
    del ctx.store.objects[clock_id]
    emit(ctx, "test_helpers.test_clock.deleted", clock)
    return templates.new("deleted_test_helpers.test_clock", id=clock_id)


def advance(ctx: Ctx, params: dict[str, Any], clock_id: str) -> dict[str, Any]:
    """``POST /v1/test_helpers/test_clocks/{id}/advance`` frozen_time=…: bills everything due before answering
    (Stripe does it in the background; the result here is already ``ready``)."""
    clock = ctx.store.get("test_helpers.test_clock", clock_id)
    target = get_int(params, "frozen_time", required=True) or 0
    if target <= clock["frozen_time"]:
        raise invalid("The frozen_time must be after the test clock's current frozen_time.", param="frozen_time")
    clock["status"] = "advancing"
    clock["status_details"] = {"advancing": {"target_frozen_time": target}}
    emit(ctx, "test_helpers.test_clock.advancing", clock)
    clock["frozen_time"] = target
    advance_subscriptions(ctx, target, clock_id)
    clock["status"] = "ready"
    clock["status_details"] = {}
    emit(ctx, "test_helpers.test_clock.ready", clock)
    return clock


def advance_subscriptions(ctx: Ctx, until: int, test_clock: str | None) -> int:
    """Bill whatever is due on a clock (``None`` = the global clock). Returns the number of renewals."""
    return bill_due(ctx, until, test_clock)


def advance_global(ctx: Ctx, *, months: int = 0, seconds: int = 0) -> dict[str, Any]:
    """Move the global clock and bill every subscription (not on a test clock) whose period ended."""
    now = ctx.store.clock.advance(months=months, seconds=seconds)
    renewals = advance_subscriptions(ctx, now, None)
    payouts = [p["id"] for p in balance.run_payouts(ctx)]
    return {
        "now": now,
        "months": ctx.store.clock.months,
        "seconds": ctx.store.clock.seconds,
        "renewals": renewals,
        "payouts": payouts,
    }


ROUTES = [
    Route("POST", "/v1/test_helpers/test_clocks", create),
    Route("GET", "/v1/test_helpers/test_clocks", list_clocks),
    Route("GET", "/v1/test_helpers/test_clocks/{id}", retrieve),
    Route("DELETE", "/v1/test_helpers/test_clocks/{id}", delete),
    Route("POST", "/v1/test_helpers/test_clocks/{id}/advance", advance),
]
