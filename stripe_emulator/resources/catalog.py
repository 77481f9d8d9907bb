"""Products and Prices (one-time and recurring), plus the legacy ``plan`` view of a recurring price."""

from __future__ import annotations

from typing import Any

from stripe_emulator import templates
from stripe_emulator.errors import invalid
from stripe_emulator.events import emit
from stripe_emulator.forms import get_bool, get_dict, get_int, get_list, get_str, merge_metadata
from stripe_emulator.ids import new_id
from stripe_emulator.resources.common import Route, clean_metadata
from stripe_emulator.store import Ctx, paginate

INTERVALS = ("day", "week", "month", "year")


def new_product(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """Create and store a product from ``name``/``description``/``metadata`` parameters."""
    name = get_str(params, "name", required=True)
    now = ctx.now()
    product = templates.new(
        "product",
        id=get_str(params, "id") or new_id("prod", 14),
        name=name,
        created=now,
        updated=now,
        description=get_str(params, "description"),
        metadata=clean_metadata(get_dict(params, "metadata")),
        active=get_bool(params, "active", default=True),
        statement_descriptor=get_str(params, "statement_descriptor"),
        unit_label=get_str(params, "unit_label"),
    )
    ctx.store.add(product)
    emit(ctx, "product.created", product)
    return product


def create_product(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/products`` (optionally with ``default_price_data``)."""
    product = new_product(ctx, params)
    price_data = get_dict(params, "default_price_data")
    if price_data:
        price = new_price(ctx, {**price_data, "product": product["id"]})
        product["default_price"] = price["id"]
    return product


def retrieve_product(ctx: Ctx, params: dict[str, Any], product_id: str) -> dict[str, Any]:
    """``GET /v1/products/{id}``."""
    return ctx.store.get("product", product_id)


def update_product(ctx: Ctx, params: dict[str, Any], product_id: str) -> dict[str, Any]:
    """``POST /v1/products/{id}`` (name, description, active, metadata, default_price)."""
    product = ctx.store.get("product", product_id)
    for name in ("name", "description", "default_price"):
        if name in params:
            product[name] = get_str(params, name) or None
    if "active" in params:
        product["active"] = get_bool(params, "active")
    product["metadata"] = merge_metadata(product["metadata"], get_dict(params, "metadata"))
    product["updated"] = ctx.now()
    emit(ctx, "product.updated", product)
    return product


def list_products(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/products`` (active filter)."""
    rows = list(ctx.store.newest_first("product"))
    if "active" in params:
        active = get_bool(params, "active")
        rows = [p for p in rows if p["active"] == active]
    return paginate(rows, params, "/v1/products")


def new_price(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """Create and store a price (``product`` or ``product_data``, ``unit_amount``, ``recurring``)."""
    currency = (get_str(params, "currency", required=True) or "").lower()
    unit_amount = get_int(params, "unit_amount")
    if unit_amount is None and params.get("unit_amount_decimal"):
        unit_amount = int(float(params["unit_amount_decimal"]))
    custom = get_dict(params, "custom_unit_amount")
    if unit_amount is None and not custom:
        raise invalid("Missing required param: unit_amount.", param="unit_amount", code="parameter_missing")
    product_id = get_str(params, "product")
    if product_id:
        ctx.store.get("product", product_id, "product")
    else:
        product_data = get_dict(params, "product_data")
        if not product_data:
            raise invalid("Missing required param: product.", param="product", code="parameter_missing")
        product_id = new_product(ctx, product_data)["id"]
    price = templates.new(
        "price",
        id=new_id("price"),
        active=get_bool(params, "active", default=True),
        created=ctx.now(),
        currency=currency,
        product=product_id,
        unit_amount=unit_amount,
        unit_amount_decimal=None if unit_amount is None else str(unit_amount),
        nickname=get_str(params, "nickname"),
        lookup_key=get_str(params, "lookup_key"),
        metadata=clean_metadata(get_dict(params, "metadata")),
        tax_behavior=get_str(params, "tax_behavior", default="unspecified"),
    )
    if custom:
        price["custom_unit_amount"] = {
            "maximum": get_int(custom, "maximum"),
            "minimum": get_int(custom, "minimum"),
            "preset": get_int(custom, "preset"),
        }
    recurring = get_dict(params, "recurring")
    if recurring:
        interval = get_str(recurring, "interval", required=True)
        if interval not in INTERVALS:
            raise invalid(
                f"Invalid recurring[interval]: must be one of {', '.join(INTERVALS)}", param="recurring[interval]"
            )
        price["type"] = "recurring"
        price["recurring"] = {
            "interval": interval,
            "interval_count": get_int(recurring, "interval_count", default=1),
            "meter": None,
            "usage_type": get_str(recurring, "usage_type", default="licensed"),
            "trial_period_days": get_int(recurring, "trial_period_days"),
        }
    ctx.store.add(price)
    emit(ctx, "price.created", price)
    return price


def create_price(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/prices``."""
    return new_price(ctx, params)


def retrieve_price(ctx: Ctx, params: dict[str, Any], price_id: str) -> dict[str, Any]:
    """``GET /v1/prices/{id}``."""
    return ctx.store.get("price", price_id)


def update_price(ctx: Ctx, params: dict[str, Any], price_id: str) -> dict[str, Any]:
    """``POST /v1/prices/{id}`` (active, nickname, lookup_key, metadata)."""
    price = ctx.store.get("price", price_id)
    if "active" in params:
        price["active"] = get_bool(params, "active")
    for name in ("nickname", "lookup_key"):
        if name in params:
            price[name] = get_str(params, name) or None
    price["metadata"] = merge_metadata(price["metadata"], get_dict(params, "metadata"))
    emit(ctx, "price.updated", price)
    return price


def list_prices(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/prices`` (product, active, type, currency, lookup_keys[] filters)."""
    rows = list(ctx.store.newest_first("price"))
    for name in ("product", "type", "currency"):
        value = get_str(params, name)
        if value:
            rows = [p for p in rows if p[name] == value]
    if "active" in params:
        active = get_bool(params, "active")
        rows = [p for p in rows if p["active"] == active]
    keys = get_list(params, "lookup_keys")
    if keys:
        rows = [p for p in rows if p["lookup_key"] in keys]
    return paginate(rows, params, "/v1/prices")


def plan_of(price: dict[str, Any]) -> dict[str, Any]:
    """The legacy ``plan`` object Stripe still shows on subscription items, built from a recurring price."""
    recurring = price["recurring"] or {"interval": "month", "interval_count": 1, "usage_type": "licensed"}
    return templates.new(
        "plan",
        id=price["id"],
        active=price["active"],
        amount=price["unit_amount"],
        amount_decimal=price["unit_amount_decimal"],
        created=price["created"],
        currency=price["currency"],
        interval=recurring["interval"],
        interval_count=recurring["interval_count"],
        metadata=dict(price["metadata"]),
        nickname=price["nickname"],
        product=price["product"],
        trial_period_days=recurring.get("trial_period_days"),
        usage_type=recurring.get("usage_type", "licensed"),
    )


ROUTES = [
    Route("POST", "/v1/products", create_product),
    Route("GET", "/v1/products", list_products),
    Route("GET", "/v1/products/{id}", retrieve_product),
    Route("POST", "/v1/products/{id}", update_product),
    Route("POST", "/v1/prices", create_price),
    Route("GET", "/v1/prices", list_prices),
    Route("GET", "/v1/prices/{id}", retrieve_price),
    Route("POST", "/v1/prices/{id}", update_price),
]
