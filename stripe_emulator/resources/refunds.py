"""Refunds: full or partial, by PaymentIntent or Charge; updates the charge and emits events."""

from __future__ import annotations

from typing import Any

from stripe_emulator import templates
from stripe_emulator.errors import invalid
from stripe_emulator.events import emit
from stripe_emulator.forms import get_dict, get_int, get_str, merge_metadata
from stripe_emulator.ids import new_id, random_chars
from stripe_emulator.resources import balance
from stripe_emulator.resources.common import Route, clean_metadata
from stripe_emulator.store import Ctx, paginate

REASONS = ("duplicate", "fraudulent", "requested_by_customer")


def _money(amount: int, currency: str) -> str:
    return f"${amount / 100:.2f}" if currency == "usd" else f"{amount} {currency}"


def create(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/refunds`` (payment_intent or charge, amount, reason, metadata)."""
    pi_id, charge_id = get_str(params, "payment_intent"), get_str(params, "charge")
    if not pi_id and not charge_id:
        raise invalid("One of the following params should be provided for this request: payment_intent or charge.")
    if pi_id:
        pi = ctx.store.get("payment_intent", pi_id, "payment_intent")
        if pi["status"] != "succeeded" or not pi["latest_charge"]:
            raise invalid(
                f"This PaymentIntent does not have a successful charge to refund (status {pi['status']}).",
                param="payment_intent",
                code="charge_not_refundable" if pi["status"] == "succeeded" else "payment_intent_unexpected_state",
            )
        charge = ctx.store.get("charge", pi["latest_charge"])
    else:
        charge = ctx.store.get("charge", charge_id, "charge")
    if charge["status"] != "succeeded" or not charge["captured"]:
        raise invalid(f"Charge {charge['id']} has not been captured and cannot be refunded.", param="charge")
    remaining = charge["amount"] - charge["amount_refunded"]
    if remaining <= 0:
        raise invalid(
            f"Charge {charge['id']} has already been refunded.", param="charge", code="charge_already_refunded"
        )
    amount = get_int(params, "amount", default=remaining)
    if amount is None or amount <= 0:
        raise invalid("Invalid positive integer", param="amount")
    if amount > remaining:
        raise invalid(
            f"Refund amount ({_money(amount, charge['currency'])}) is greater than unrefunded amount on charge "
            f"({_money(remaining, charge['currency'])})",
            param="amount",
            code="amount_too_large",
        )
    reason = get_str(params, "reason")
    if reason and reason not in REASONS:
        raise invalid(f"Invalid reason: must be one of {', '.join(REASONS)}", param="reason")
    refund = templates.new(
        "refund",
        id=new_id("re"),
        amount=amount,
        balance_transaction=new_id("txn"),
        charge=charge["id"],
        created=ctx.now(),
        currency=charge["currency"],
        metadata=clean_metadata(get_dict(params, "metadata")),
        payment_intent=charge["payment_intent"],
        payment_method=charge["payment_method"],
        customer=charge["customer"],
        reason=reason,
        receipt_number=None,
        status="succeeded",
    )
    refund["destination_details"] = {
        "card": {
            "reference": random_chars(23).upper(),
            "reference_status": "pending",
            "reference_type": "acquirer_reference_number",
            "type": "refund",
        },
        "type": "card",
    }
    ctx.store.add(refund)
    balance.record_refund(ctx, refund)
    previous = {"amount_refunded": charge["amount_refunded"], "refunded": charge["refunded"]}
    charge["amount_refunded"] += amount
    charge["refunded"] = charge["amount_refunded"] >= charge["amount"]
    charge["refunds"]["data"].insert(0, refund)
    charge["refunds"]["data"] = charge["refunds"]["data"][:10]
    charge["refunds"]["has_more"] = len(_refunds_of(ctx, charge["id"])) > 10
    emit(ctx, "refund.created", refund)
    emit(ctx, "charge.refunded", charge, previous=previous)
    return refund


def _refunds_of(ctx: Ctx, charge_id: str) -> list[dict[str, Any]]:
    return [r for r in ctx.store.newest_first("refund") if r["charge"] == charge_id]


def retrieve(ctx: Ctx, params: dict[str, Any], refund_id: str) -> dict[str, Any]:
    """``GET /v1/refunds/{id}``."""
    return ctx.store.get("refund", refund_id)


def update(ctx: Ctx, params: dict[str, Any], refund_id: str) -> dict[str, Any]:
    """``POST /v1/refunds/{id}`` (metadata)."""
    refund = ctx.store.get("refund", refund_id)
    refund["metadata"] = merge_metadata(refund["metadata"], get_dict(params, "metadata"))
    emit(ctx, "refund.updated", refund)
    return refund


def list_refunds(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/refunds`` (charge, payment_intent filters)."""
    rows = list(ctx.store.newest_first("refund"))
    for name in ("charge", "payment_intent"):
        value = get_str(params, name)
        if value:
            rows = [row for row in rows if row[name] == value]
    return paginate(rows, params, "/v1/refunds")


def list_charge_refunds(ctx: Ctx, params: dict[str, Any], charge_id: str) -> dict[str, Any]:
    """``GET /v1/charges/{id}/refunds``."""
    ctx.store.get("charge", charge_id)
    return paginate(_refunds_of(ctx, charge_id), params, f"/v1/charges/{charge_id}/refunds")


ROUTES = [
    Route("POST", "/v1/refunds", create),
    Route("GET", "/v1/refunds", list_refunds),
    Route("GET", "/v1/refunds/{id}", retrieve),
    Route("POST", "/v1/refunds/{id}", update),
    Route("GET", "/v1/charges/{id}/refunds", list_charge_refunds),
]
