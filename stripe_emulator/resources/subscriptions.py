"""Subscriptions and subscription items: create (first invoice), update, cancel, and renewal billing."""

from __future__ import annotations

import json
from typing import Any

from stripe_emulator import templates
from stripe_emulator.clock import add_interval
from stripe_emulator.errors import StripeError, invalid, unexpected_state
from stripe_emulator.events import emit
from stripe_emulator.forms import get_bool, get_dict, get_int, get_list, get_str, merge_metadata
from stripe_emulator.ids import new_id
from stripe_emulator.resources import invoices, trials
from stripe_emulator.resources.catalog import new_price, plan_of
from stripe_emulator.resources.common import Route, clean_metadata
from stripe_emulator.resources.payment_methods import attach_to, resolve
from stripe_emulator.store import Ctx, paginate

BEHAVIORS = ("allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete")
LIVE_STATUSES = ("active", "past_due", "trialing", "unpaid")


def _price_for(ctx: Ctx, item: dict[str, Any], index: int) -> dict[str, Any]:
    if item.get("price"):
        price = ctx.store.get("price", item["price"], f"items[{index}][price]")
    elif isinstance(item.get("price_data"), dict):
        price = new_price(ctx, item["price_data"])
    else:
        raise invalid(
            f"Missing required param: items[{index}][price].", param=f"items[{index}][price]", code="parameter_missing"
        )
    if price["type"] != "recurring":
        raise invalid(
            "The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.",
            param=f"items[{index}][price]",
        )
    return price


def _new_item(ctx: Ctx, sub: dict[str, Any], item: dict[str, Any], index: int, start: int) -> dict[str, Any]:
    price = _price_for(ctx, item, index)
    recurring = price["recurring"]
    si = templates.new(
        "subscription_item",
        id=new_id("si", 14),
        created=start,
        metadata=clean_metadata(get_dict(item, "metadata")),
        price=price,
        plan=plan_of(price),
        quantity=get_int(item, "quantity", default=1),
        subscription=sub["id"],
        tax_rates=[],
        discounts=[],
        current_period_start=start,
        current_period_end=add_interval(start, recurring["interval"], recurring["interval_count"]),
    )
    return ctx.store.add(si)


def _default_pm(ctx: Ctx, sub: dict[str, Any]) -> str | None:
    if sub["default_payment_method"]:
        return sub["default_payment_method"]
    customer = ctx.store.find(sub["customer"])
    return customer["invoice_settings"]["default_payment_method"] if customer else None


def create(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/subscriptions``: bills the first period at once (or waits for the PaymentIntent with
    ``payment_behavior=default_incomplete``)."""
    customer = ctx.store.get("customer", get_str(params, "customer", required=True), "customer")
    items = get_list(params, "items")
    if not items:
        raise invalid("Missing required param: items.", param="items", code="parameter_missing")
    behavior = get_str(params, "payment_behavior", default="allow_incomplete")
    if behavior not in BEHAVIORS:
        raise invalid(f"Invalid payment_behavior: must be one of {', '.join(BEHAVIORS)}", param="payment_behavior")
    now = ctx.now(customer["test_clock"])
    sub = templates.new(
        "subscription",
        id=new_id("sub"),
        billing_cycle_anchor=now,
        created=now,
        start_date=now,
        customer=customer["id"],
        description=get_str(params, "description"),
        metadata=clean_metadata(get_dict(params, "metadata")),
        status="incomplete",
        test_clock=customer["test_clock"],
        default_payment_method=None,
        latest_invoice=None,
        cancellation_details={"comment": None, "feedback": None, "reason": None},
        days_until_due=None,
    )
    settings = get_dict(params, "payment_settings") or {}
    if settings.get("save_default_payment_method"):
        sub["payment_settings"]["save_default_payment_method"] = settings["save_default_payment_method"]
    sub["items"] = {
        "object": "list",
        "data": [_new_item(ctx, sub, item, i, now) for i, item in enumerate(items)],
        "has_more": False,
        "total_count": len(items),
        "url": f"/v1/subscription_items?subscription={sub['id']}",
    }
    sub["currency"] = sub["items"]["data"][0]["price"]["currency"]
    if params.get("default_payment_method"):
        pm = resolve(ctx, params["default_payment_method"], "default_payment_method")
        if pm["customer"] != customer["id"]:
            attach_to(ctx, pm, customer["id"])
        sub["default_payment_method"] = pm["id"]
    if get_bool(params, "cancel_at_period_end"):
        sub["cancel_at_period_end"] = True
        sub["cancel_at"] = sub["items"]["data"][0]["current_period_end"]
    trial_end = trials.trial_end_param(params, now)
    ctx.store.add(sub)
    ctx.store.links[f"creating:{sub['id']}"] = "1"
    try:
        if trial_end is not None:
            trials.start(ctx, sub, trial_end, now)
        else:
            _bill_first_period(ctx, sub, behavior, now)
    finally:
        ctx.store.links.pop(f"creating:{sub['id']}", None)
    emit(ctx, "customer.subscription.created", sub)
    return sub


def _bill_first_period(ctx: Ctx, sub: dict[str, Any], behavior: str, now: int) -> None:
    end = sub["items"]["data"][0]["current_period_end"]
    invoice = invoices.create_for_subscription(ctx, sub, "subscription_create", now, end, now, (now, now))
    sub["latest_invoice"] = invoice["id"]
    invoices.finalize(ctx, invoice)
    if invoice["amount_due"] == 0:
        invoices.mark_paid(ctx, invoice, None)
    elif behavior == "default_incomplete":
        invoices.payment_intent_for(ctx, invoice, sub)
    else:
        pm_id = _default_pm(ctx, sub)
        paid = invoices.attempt_payment(ctx, invoice, pm_id)
        if not paid and behavior == "error_if_incomplete":
            pi = ctx.store.find(ctx.store.links.get(f"pi_of:{invoice['id']}")) or {}
            error = pi.get("last_payment_error") or {}
            raise StripeError(
                402,
                "card_error",
                error.get("message", "Your card was declined."),
                code=error.get("code", "card_declined"),
                decline_code=error.get("decline_code"),
                store_result=True,
            )


def retrieve(ctx: Ctx, params: dict[str, Any], sub_id: str) -> dict[str, Any]:
    """``GET /v1/subscriptions/{id}``."""
    return ctx.store.get("subscription", sub_id)


def update(ctx: Ctx, params: dict[str, Any], sub_id: str) -> dict[str, Any]:
    """``POST /v1/subscriptions/{id}`` (metadata, cancel_at_period_end, cancel_at, pause_collection,
    default_payment_method, description, items[n][id|price|quantity])."""
    sub = ctx.store.get("subscription", sub_id)
    if sub["status"] in ("canceled", "incomplete_expired"):
        raise unexpected_state(
            "A canceled subscription can only update its cancellation_details and metadata.",
            code="subscription_unexpected_state",
        )
    previous: dict[str, Any] = {}
    if "metadata" in params:
        previous["metadata"] = sub["metadata"]
        sub["metadata"] = merge_metadata(sub["metadata"], get_dict(params, "metadata"))
    if "description" in params:
        previous["description"], sub["description"] = sub["description"], get_str(params, "description") or None
    period_end = sub["items"]["data"][0]["current_period_end"]
    if "cancel_at_period_end" in params:
        flag = get_bool(params, "cancel_at_period_end")
        previous.update(cancel_at_period_end=sub["cancel_at_period_end"], cancel_at=sub["cancel_at"])
        sub["cancel_at_period_end"] = flag
        sub["cancel_at"] = period_end if flag else None
        sub["cancellation_details"]["reason"] = "cancellation_requested" if flag else None
    if "cancel_at" in params:
        previous["cancel_at"], sub["cancel_at"] = sub["cancel_at"], get_int(params, "cancel_at")
    if "pause_collection" in params:
        previous["pause_collection"] = sub["pause_collection"]
        pause = get_dict(params, "pause_collection")
        if pause:
            behavior = get_str(pause, "behavior", required=True)
            if behavior not in ("keep_as_draft", "mark_uncollectible", "void"):
                raise invalid("Invalid pause_collection[behavior]", param="pause_collection[behavior]")
            sub["pause_collection"] = {"behavior": behavior, "resumes_at": get_int(pause, "resumes_at")}
        else:
            sub["pause_collection"] = None
    if "default_payment_method" in params:
        previous["default_payment_method"] = sub["default_payment_method"]
        ref = params["default_payment_method"]
        if ref:
            pm = resolve(ctx, ref, "default_payment_method")
            if pm["customer"] != sub["customer"]:
                attach_to(ctx, pm, sub["customer"])
            sub["default_payment_method"] = pm["id"]
        else:
            sub["default_payment_method"] = None
    for index, item in enumerate(get_list(params, "items")):
        previous.setdefault("items", json_items(sub))
        if item.get("id"):
            si = ctx.store.get("subscription_item", item["id"], f"items[{index}][id]")
            if get_bool(item, "deleted"):
                sub["items"]["data"] = [x for x in sub["items"]["data"] if x["id"] != si["id"]]
                continue
            if item.get("price") or item.get("price_data"):
                si["price"] = _price_for(ctx, item, index)
                si["plan"] = plan_of(si["price"])
            if item.get("quantity"):
                si["quantity"] = get_int(item, "quantity")
        else:
            first = sub["items"]["data"][0]
            si = _new_item(ctx, sub, item, index, first["current_period_start"])
            si["current_period_end"] = first["current_period_end"]
            sub["items"]["data"].append(si)
        sub["items"]["total_count"] = len(sub["items"]["data"])
    if previous:
        emit(ctx, "customer.subscription.updated", sub, previous=previous)
    return sub


def json_items(sub: dict[str, Any]) -> dict[str, Any]:
    """A snapshot of the items list for ``previous_attributes``."""
    return json.loads(json.dumps(sub["items"]))


def cancel_subscription(ctx: Ctx, sub: dict[str, Any], *, reason: str, at: int | None = None) -> dict[str, Any]:
    """End a subscription now (or at ``at``) and emit ``customer.subscription.deleted``."""
    now = at if at is not None else ctx.now(sub["test_clock"])
    sub.update(status="canceled", canceled_at=now, ended_at=now, cancel_at=sub["cancel_at"] or None)
    sub["cancellation_details"]["reason"] = reason
    emit(ctx, "customer.subscription.deleted", sub)
    return sub


def cancel(ctx: Ctx, params: dict[str, Any], sub_id: str) -> dict[str, Any]:
    """``DELETE /v1/subscriptions/{id}`` (cancellation_details[comment|feedback] optional)."""
    sub = ctx.store.get("subscription", sub_id)
    if sub["status"] == "canceled":
        raise invalid(f"No such subscription: '{sub_id}'", code="resource_missing", param="id")
    details = get_dict(params, "cancellation_details") or {}
    for key in ("comment", "feedback"):
        if details.get(key):
            sub["cancellation_details"][key] = details[key]
    return cancel_subscription(ctx, sub, reason="cancellation_requested")


def list_subscriptions(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/subscriptions`` (customer, price, status — default hides canceled — test_clock)."""
    rows = list(ctx.store.newest_first("subscription"))
    status = get_str(params, "status")
    if status and status != "all":
        rows = [s for s in rows if s["status"] == status]
    elif not status:
        rows = [s for s in rows if s["status"] not in ("canceled", "incomplete_expired")]
    for name in ("customer", "test_clock"):
        value = get_str(params, name)
        if value:
            rows = [s for s in rows if s[name] == value]
    price = get_str(params, "price")
    if price:
        rows = [s for s in rows if any(i["price"]["id"] == price for i in s["items"]["data"])]
    return paginate(rows, params, "/v1/subscriptions")


def retrieve_item(ctx: Ctx, params: dict[str, Any], si_id: str) -> dict[str, Any]:
    """``GET /v1/subscription_items/{id}``."""
    return ctx.store.get("subscription_item", si_id)


def list_items(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/subscription_items?subscription=…``."""
    sub = ctx.store.get("subscription", get_str(params, "subscription", required=True), "subscription")
    return paginate(sub["items"]["data"], params, f"/v1/subscription_items?subscription={sub['id']}")


# renewals -----------------------------------------------------------------------------------------------------
def bill_due(ctx: Ctx, until: int, test_clock: str | None) -> int:
    """Renew every subscription on this clock whose period ended by ``until``; returns invoices created."""
    created = 0
    for sub in list(ctx.store.kinds["subscription"].values()):
        if sub["test_clock"] != test_clock:
            continue
        if sub["status"] == "incomplete" and until >= sub["created"] + 23 * 3600:
            sub["status"] = "incomplete_expired"
            emit(ctx, "customer.subscription.updated", sub, previous={"status": "incomplete"})
            continue
        while sub["status"] in LIVE_STATUSES and sub["items"]["data"]:
            first = sub["items"]["data"][0]
            period_end = first["current_period_end"]
            if period_end > until:
                break
            if sub["cancel_at"] and sub["cancel_at"] <= period_end:
                cancel_subscription(ctx, sub, reason="cancellation_requested", at=sub["cancel_at"])
                break
            _renew(ctx, sub, period_end)
            created += 1
    return created


def _renew(ctx: Ctx, sub: dict[str, Any], period_end: int) -> None:
    first = sub["items"]["data"][0]
    old = (first["current_period_start"], period_end)
    count = int(ctx.store.links.get(f"periods:{sub['id']}", "1")) + 1
    ctx.store.links[f"periods:{sub['id']}"] = str(count)
    recurring = first["price"]["recurring"]
    new_end = add_interval(sub["billing_cycle_anchor"], recurring["interval"], recurring["interval_count"] * count)
    previous = {"items": json_items(sub)}
    trials.end_if_due(ctx, sub, previous)
    for item in sub["items"]["data"]:
        item["current_period_start"], item["current_period_end"] = period_end, new_end
    pause = sub["pause_collection"]
    if pause and pause.get("resumes_at") and pause["resumes_at"] <= period_end:
        previous["pause_collection"], sub["pause_collection"] = pause, None
        pause = None
    invoice = invoices.create_for_subscription(ctx, sub, "subscription_cycle", period_end, new_end, period_end, old)
    previous["latest_invoice"], sub["latest_invoice"] = sub["latest_invoice"], invoice["id"]
    emit(ctx, "customer.subscription.updated", sub, previous=previous)
    if pause:
        if pause["behavior"] == "keep_as_draft":
            return
        invoices.finalize(ctx, invoice)
        if pause["behavior"] == "void":
            invoice["status"] = "void"
            invoice["status_transitions"]["voided_at"] = period_end
            emit(ctx, "invoice.voided", invoice)
        else:
            invoice["status"] = "uncollectible"
            invoice["status_transitions"]["marked_uncollectible_at"] = period_end
            emit(ctx, "invoice.marked_uncollectible", invoice)
        return
    invoices.finalize(ctx, invoice)
    invoices.attempt_payment(ctx, invoice, _default_pm(ctx, sub))


ROUTES = [
    Route("POST", "/v1/subscriptions", create),
    Route("GET", "/v1/subscriptions", list_subscriptions),
    Route("GET", "/v1/subscriptions/{id}", retrieve),
    Route("POST", "/v1/subscriptions/{id}", update),
    Route("DELETE", "/v1/subscriptions/{id}", cancel),
    Route("POST", "/v1/subscriptions/{id}/cancel", cancel),
    Route("GET", "/v1/subscription_items", list_items),
    Route("GET", "/v1/subscription_items/{id}", retrieve_item),
]
