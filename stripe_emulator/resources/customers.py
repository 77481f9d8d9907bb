"""Customers: create, retrieve, update, list, delete."""

from __future__ import annotations

import re
from typing import Any

from stripe_emulator import templates
from stripe_emulator.cards import card_for_shortcut
from stripe_emulator.errors import invalid
from stripe_emulator.events import emit
from stripe_emulator.forms import get_dict, get_str, merge_metadata
from stripe_emulator.ids import new_id, random_chars
from stripe_emulator.resources.common import Route, clean_metadata
from stripe_emulator.resources.payment_methods import attach_to, resolve
from stripe_emulator.resources.subscriptions import cancel_subscription
from stripe_emulator.store import Ctx, paginate

_SIMPLE_FIELDS = ("email", "name", "phone", "description")


def _set_default_pm(ctx: Ctx, customer: dict[str, Any], ref: str) -> None:
    if ref == "":
        customer["invoice_settings"]["default_payment_method"] = None
        return
    pm = resolve(ctx, ref, "invoice_settings[default_payment_method]")
    if pm["customer"] != customer["id"]:
        if card_for_shortcut(ref) is None:
            raise invalid(
                f"No such PaymentMethod: '{ref}'; It's possible this PaymentMethod exists on one of your connected "
                "accounts, in which case you should retry this request on that account.",
                param="invoice_settings[default_payment_method]",
                code="resource_missing",
            )
        attach_to(ctx, pm, customer["id"])
    customer["invoice_settings"]["default_payment_method"] = pm["id"]


def _apply(ctx: Ctx, customer: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    previous: dict[str, Any] = {}
    for name in _SIMPLE_FIELDS:
        if name in params:
            previous[name] = customer[name]
            customer[name] = get_str(params, name) or None
    if "metadata" in params:
        previous["metadata"] = customer["metadata"]
        customer["metadata"] = merge_metadata(customer["metadata"], get_dict(params, "metadata"))
    address = get_dict(params, "address")
    if address is not None:
        previous["address"] = dict(customer["address"] or {})
        customer["address"] = dict(templates.fixture("customer")["address"])
        customer["address"].update({k: v or None for k, v in address.items()})
    settings = get_dict(params, "invoice_settings") or {}
    if "default_payment_method" in settings:
        previous["invoice_settings"] = dict(customer["invoice_settings"])
        _set_default_pm(ctx, customer, settings["default_payment_method"])
    return previous


def create(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/customers`` (email, name, phone, description, metadata, address, payment_method,
    invoice_settings[default_payment_method], test_clock)."""
    clock_id = get_str(params, "test_clock")
    if clock_id:
        ctx.store.get("test_helpers.test_clock", clock_id, "test_clock")
    customer = templates.new(
        "customer",
        id=new_id("cus", 14),
        created=ctx.now(clock_id),
        invoice_prefix=random_chars(8).upper(),
        test_clock=clock_id,
        metadata=clean_metadata(get_dict(params, "metadata")),
    )
    for name in _SIMPLE_FIELDS:
        customer[name] = get_str(params, name) or None
    ctx.store.add(customer)
    if params.get("payment_method"):
        attach_to(ctx, resolve(ctx, params["payment_method"]), customer["id"])
    _apply(ctx, customer, {k: v for k, v in params.items() if k in ("address", "invoice_settings")})
    emit(ctx, "customer.created", customer)
    return customer


def retrieve(ctx: Ctx, params: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """``GET /v1/customers/{id}`` (a deleted customer comes back as the ``deleted: true`` stub)."""
    deleted = ctx.store.links.get(f"deleted:{customer_id}")
    if deleted:
        return templates.new("deleted_customer", id=customer_id)
    return ctx.store.get("customer", customer_id)


def update(ctx: Ctx, params: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """``POST /v1/customers/{id}``."""
    customer = ctx.store.get("customer", customer_id)
    previous = _apply(ctx, customer, params)
    if previous:
        emit(ctx, "customer.updated", customer, previous=previous)
    return customer


def delete(ctx: Ctx, params: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """``DELETE /v1/customers/{id}``: cancels the customer's subscriptions, returns the deleted stub."""
    customer = ctx.store.get("customer", customer_id)
    for sub in list(ctx.store.kinds["subscription"].values()):
        if sub["customer"] == customer_id and sub["status"] != "canceled":
            cancel_subscription(ctx, sub, reason="cancellation_requested")
    del ctx.store.kinds["customer"][customer_id]
    del ctx.store.objects[customer_id]
    ctx.store.links[f"deleted:{customer_id}"] = "1"
    emit(ctx, "customer.deleted", customer)
    return templates.new("deleted_customer", id=customer_id)


def list_customers(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/customers`` (email, test_clock filters)."""
    email, clock_id = get_str(params, "email"), get_str(params, "test_clock")
    rows = [
        c
        for c in ctx.store.newest_first("customer")
        if (not email or c["email"] == email) and (not clock_id or c["test_clock"] == clock_id)
    ]
    return paginate(rows, params, "/v1/customers")


def search(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/customers/search`` for the simple ``email:'x'`` / ``metadata['k']:'v'`` queries only."""
    query = get_str(params, "query", required=True) or ""
    rows = list(ctx.store.newest_first("customer"))
    for field, key, value in re.findall(r"(\w+)(?:\['([^']+)'\])?\s*:\s*'([^']*)'", query):
        if field == "metadata":
            rows = [c for c in rows if c["metadata"].get(key) == value]
        else:
            rows = [c for c in rows if str(c.get(field)) == value]
    page = paginate(rows, {"limit": params.get("limit")}, "/v1/customers/search")
    return {"object": "search_result", **{k: page[k] for k in ("data", "has_more", "url")}, "next_page": None}


ROUTES = [
    Route("POST", "/v1/customers", create),
    Route("GET", "/v1/customers", list_customers),
    Route("GET", "/v1/customers/search", search),
    Route("GET", "/v1/customers/{id}", retrieve),
    Route("POST", "/v1/customers/{id}", update),
    Route("DELETE", "/v1/customers/{id}", delete),
]
