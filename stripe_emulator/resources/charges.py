"""Charges: retrieve, update, list (created by PaymentIntent confirmation in ``payments.py``)."""

from __future__ import annotations

from typing import Any

from stripe_emulator.events import emit
from stripe_emulator.forms import get_dict, get_str, merge_metadata
from stripe_emulator.resources.common import Route, filter_rows
from stripe_emulator.store import Ctx, paginate


def retrieve_charge(ctx: Ctx, params: dict[str, Any], charge_id: str) -> dict[str, Any]:
    """``GET /v1/charges/{id}``."""
    return ctx.store.get("charge", charge_id)


def update_charge(ctx: Ctx, params: dict[str, Any], charge_id: str) -> dict[str, Any]:
    """``POST /v1/charges/{id}`` (metadata, description, receipt_email)."""
    ch = ctx.store.get("charge", charge_id)
    ch["metadata"] = merge_metadata(ch["metadata"], get_dict(params, "metadata"))
    for name in ("description", "receipt_email"):
        if name in params:
            ch[name] = get_str(params, name) or None
    emit(ctx, "charge.updated", ch)
    return ch


def list_charges(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/charges`` (payment_intent, customer, created filters)."""
    return paginate(filter_rows(ctx, "charge", params, ("payment_intent", "customer")), params, "/v1/charges")


ROUTES = [
    Route("GET", "/v1/charges", list_charges),
    Route("GET", "/v1/charges/{id}", retrieve_charge),
    Route("POST", "/v1/charges/{id}", update_charge),
]
