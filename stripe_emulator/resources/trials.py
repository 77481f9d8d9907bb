"""Subscription trials (``trial_end`` on create): nothing is charged until the trial ends.

As Stripe does it: the subscription starts ``trialing`` with a $0 first invoice (billing_reason
``subscription_create``, paid at once); its period and billing cycle anchor are the trial's end, where the first
real invoice is billed (billing_reason ``subscription_cycle``) and the subscription turns ``active``."""

from __future__ import annotations

from typing import Any

from stripe_emulator.errors import invalid
from stripe_emulator.resources import invoices
from stripe_emulator.store import Ctx


def trial_end_param(params: dict[str, Any], now: int) -> int | None:
    """The ``trial_end`` asked for (a timestamp or ``now``), or None. A past timestamp is refused as Stripe does."""
    raw = params.get("trial_end")
    if raw in (None, "", "now"):
        return None
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise invalid("Invalid integer: trial_end", param="trial_end") from None
    if value <= now:
        raise invalid("Invalid timestamp: must be an integer Unix timestamp in the future.", param="trial_end")
    return value


def start(ctx: Ctx, sub: dict[str, Any], trial_end: int, now: int) -> dict[str, Any]:
    """Put a new subscription on trial until ``trial_end`` and bill its $0 first invoice. Returns the invoice."""
    sub.update(status="trialing", trial_start=now, trial_end=trial_end, billing_cycle_anchor=trial_end)
    for item in sub["items"]["data"]:
        item["current_period_start"], item["current_period_end"] = now, trial_end
    ctx.store.links[f"periods:{sub['id']}"] = "0"  # the first renewal bills [trial_end, trial_end + 1 interval]
    invoice = invoices.create_for_subscription(ctx, sub, "subscription_create", now, trial_end, now, (now, now))
    for line in invoice["lines"]["data"]:
        line.update(amount=0, subtotal=0, description=f"Trial period for {line['description'].split(' (at ')[0]}")
    for name in (
        "amount_due",
        "amount_remaining",
        "subtotal",
        "subtotal_excluding_tax",
        "total",
        "total_excluding_tax",
    ):
        invoice[name] = 0
    sub["latest_invoice"] = invoice["id"]
    invoices.finalize(ctx, invoice)
    invoices.mark_paid(ctx, invoice, None)
    return invoice


def end_if_due(ctx: Ctx, sub: dict[str, Any], previous: dict[str, Any]) -> None:
    """At the first renewal after a trial: the subscription is active from now on."""
    if sub["status"] == "trialing":
        previous["status"] = "trialing"
        sub["status"] = "active"
