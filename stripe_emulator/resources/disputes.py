"""Disputes: opened shortly after a ``pm_card_createDispute`` charge; retrieve, list, update, close."""

from __future__ import annotations

from typing import Any

from stripe_emulator import templates
from stripe_emulator.errors import unexpected_state
from stripe_emulator.events import emit
from stripe_emulator.forms import get_bool, get_dict, get_str, merge_metadata
from stripe_emulator.ids import new_id
from stripe_emulator.resources import balance
from stripe_emulator.resources.common import Route
from stripe_emulator.store import Ctx, paginate

OPEN_STATUSES = ("warning_needs_response", "needs_response", "warning_under_review", "under_review")


def open_dispute(ctx: Ctx, charge: dict[str, Any]) -> dict[str, Any]:
    """Open a fraudulent-reason dispute on ``charge`` and emit ``charge.dispute.created``."""
    now = ctx.now()
    dispute = templates.new(
        "dispute",
        id=new_id("dp"),
        amount=charge["amount"],
        charge=charge["id"],
        created=now,
        currency=charge["currency"],
        payment_intent=charge["payment_intent"],
        balance_transactions=[],
    )
    dispute["evidence_details"].update(due_by=now + 7 * 86400, has_evidence=False, past_due=False, submission_count=0)
    dispute["payment_method_details"]["card"].update(
        brand=charge["payment_method_details"]["card"]["brand"],
        network=charge["payment_method_details"]["card"]["network"],
        network_reason_code="10.4",
    )
    ctx.store.add(dispute)
    charge["disputed"] = True
    emit(ctx, "charge.dispute.created", dispute)
    balance.record_dispute_withdrawal(ctx, dispute)
    emit(ctx, "charge.dispute.funds_withdrawn", dispute)
    return dispute


def open_later(ctx: Ctx, charge_id: str, delay: float) -> None:
    """Schedule ``open_dispute`` a moment after the charge, as Stripe does for the dispute test card."""
    background = ctx.background()

    def job() -> None:
        with background.store.lock:
            charge = background.store.find(charge_id)
            if charge is not None and not charge.get("disputed"):
                open_dispute(background, charge)

    ctx.dispatcher.schedule(delay, job)


def close_as(ctx: Ctx, dispute: dict[str, Any], status: str) -> dict[str, Any]:
    """Close a dispute as ``won`` or ``lost`` and emit ``charge.dispute.closed``."""
    if dispute["status"] not in OPEN_STATUSES:
        raise unexpected_state(f"This dispute is already closed ({dispute['status']}).", code="dispute_already_closed")
    previous = {"status": dispute["status"]}
    dispute["status"] = status
    dispute["is_charge_refundable"] = False
    emit(ctx, "charge.dispute.closed", dispute, previous=previous)
    if status == "won":
        balance.record_dispute_reinstatement(ctx, dispute)
        emit(ctx, "charge.dispute.funds_reinstated", dispute)
    return dispute


def retrieve(ctx: Ctx, params: dict[str, Any], dispute_id: str) -> dict[str, Any]:
    """``GET /v1/disputes/{id}``."""
    return ctx.store.get("dispute", dispute_id)


def update(ctx: Ctx, params: dict[str, Any], dispute_id: str) -> dict[str, Any]:
    """``POST /v1/disputes/{id}`` (evidence, metadata, submit)."""
    dispute = ctx.store.get("dispute", dispute_id)
    if dispute["status"] not in OPEN_STATUSES:
        raise unexpected_state("This dispute is already closed.", code="dispute_already_closed")
    previous: dict[str, Any] = {}
    evidence = get_dict(params, "evidence")
    if evidence:
        previous["evidence"] = dict(dispute["evidence"])
        for key, value in evidence.items():
            if key in dispute["evidence"]:
                dispute["evidence"][key] = value or None
        dispute["evidence_details"]["has_evidence"] = True
    dispute["metadata"] = merge_metadata(dispute["metadata"], get_dict(params, "metadata"))
    if get_bool(params, "submit", default=True) and evidence:
        previous["status"] = dispute["status"]
        dispute["status"] = "under_review"
        dispute["evidence_details"]["submission_count"] += 1
    emit(ctx, "charge.dispute.updated", dispute, previous=previous or None)
    return dispute


def close(ctx: Ctx, params: dict[str, Any], dispute_id: str) -> dict[str, Any]:
    """``POST /v1/disputes/{id}/close``: accepting the dispute, which Stripe records as lost."""
    return close_as(ctx, ctx.store.get("dispute", dispute_id), "lost")


def list_disputes(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/disputes`` (charge, payment_intent filters)."""
    rows = list(ctx.store.newest_first("dispute"))
    for name in ("charge", "payment_intent"):
        value = get_str(params, name)
        if value:
            rows = [row for row in rows if row[name] == value]
    return paginate(rows, params, "/v1/disputes")


ROUTES = [
    Route("GET", "/v1/disputes", list_disputes),
    Route("GET", "/v1/disputes/{id}", retrieve),
    Route("POST", "/v1/disputes/{id}", update),
    Route("POST", "/v1/disputes/{id}/close", close),
]
