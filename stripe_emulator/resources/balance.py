"""Money movement: balance transactions (charges with their fee, refunds, dispute withdrawals and
reinstatements) and automatic payouts on the emulator's clock.

Fees follow Stripe's standard U.S. card pricing unless configured (``--card-fee-percent``, ``--card-fee-fixed``,
``--dispute-fee``). Funds become available ``--payout-delay-days`` after the charge; on every clock advance (and
``POST /_emulator/payouts/run``) the available funds are paid out in one payout (``--payout-schedule daily``;
``manual`` only pays out through the control), which arrives ``--payout-arrival-days`` later and then emits
``payout.paid``. Which payout settled a balance transaction is kept in ``store.links`` (Stripe shows it only
through ``GET /v1/balance_transactions?payout=…``)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stripe_emulator import templates
from stripe_emulator.errors import invalid, unexpected_state
from stripe_emulator.events import emit
from stripe_emulator.forms import get_str
from stripe_emulator.ids import new_id
from stripe_emulator.resources.common import Route, filter_rows
from stripe_emulator.store import Ctx, paginate

DAY = 86400
DEFAULTS = {
    "card_fee_percent": "2.9",
    "card_fee_fixed": 30,
    "dispute_fee": 1500,
    "payout_delay_days": 2,
    "payout_arrival_days": 1,
    "payout_schedule": "daily",
}


def _setting(ctx: Ctx, name: str) -> Any:
    value = ctx.settings.get(name)
    return DEFAULTS[name] if value is None else value


def card_fee(ctx: Ctx, amount: int) -> int:
    """Processing fee in cents for a card charge of ``amount`` cents (percent rounded half-up, plus fixed)."""
    percent = Decimal(str(_setting(ctx, "card_fee_percent")))
    variable = (Decimal(amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(variable) + int(_setting(ctx, "card_fee_fixed"))


def _txn(
    ctx: Ctx,
    *,
    txn_id: str | None,
    amount: int,
    fee: int,
    source: str,
    type_: str,
    category: str,
    description: str | None,
    fee_description: str = "Stripe processing fees",
    delay_days: int | None = None,
) -> dict[str, Any]:
    now = ctx.now()
    delay = int(_setting(ctx, "payout_delay_days")) if delay_days is None else delay_days
    txn = templates.new(
        "balance_transaction",
        id=txn_id or new_id("txn"),
        amount=amount,
        available_on=now + delay * DAY,
        created=now,
        currency="usd",
        description=description,
        fee=fee,
        fee_details=[
            {
                "amount": fee,
                "application": None,
                "currency": "usd",
                "description": fee_description,
                "type": "stripe_fee",
            }
        ]
        if fee
        else [],
        net=amount - fee,
        reporting_category=category,
        source=source,
        status="pending" if delay > 0 else "available",
        type=type_,
    )
    ctx.store.add(txn)
    return txn


def record_charge(ctx: Ctx, charge: dict[str, Any]) -> dict[str, Any]:
    """The balance transaction of a captured charge (id already on ``charge.balance_transaction``)."""
    amount = int(charge["amount_captured"] or charge["amount"])
    return _txn(
        ctx,
        txn_id=charge["balance_transaction"],
        amount=amount,
        fee=card_fee(ctx, amount),
        source=charge["id"],
        type_="charge",
        category="charge",
        description=charge.get("description"),
    )


def record_refund(ctx: Ctx, refund: dict[str, Any]) -> dict[str, Any]:
    """A refund takes its amount back out of the balance; Stripe keeps the original charge's fee."""
    return _txn(
        ctx,
        txn_id=refund["balance_transaction"],
        amount=-int(refund["amount"]),
        fee=0,
        source=refund["id"],
        type_="refund",
        category="refund",
        description="REFUND FOR CHARGE",
        delay_days=0,
    )


def record_dispute_withdrawal(ctx: Ctx, dispute: dict[str, Any]) -> dict[str, Any]:
    """The disputed amount and the dispute fee leave the balance when the dispute opens."""
    txn = _txn(
        ctx,
        txn_id=None,
        amount=-int(dispute["amount"]),
        fee=int(_setting(ctx, "dispute_fee")),
        source=dispute["id"],
        type_="adjustment",
        category="dispute",
        description=f"Chargeback withdrawal for {dispute['charge']}",
        fee_description="Dispute fee",
        delay_days=0,
    )
    dispute["balance_transactions"].append(txn)
    return txn


def record_dispute_reinstatement(ctx: Ctx, dispute: dict[str, Any]) -> dict[str, Any]:
    """A won dispute returns the disputed amount (not the dispute fee)."""
    txn = _txn(
        ctx,
        txn_id=None,
        amount=int(dispute["amount"]),
        fee=0,
        source=dispute["id"],
        type_="adjustment",
        category="dispute_reversal",
        description=f"Chargeback reversal for {dispute['charge']}",
        delay_days=0,
    )
    dispute["balance_transactions"].append(txn)
    return txn


def _unsettled(ctx: Ctx, now: int) -> list[dict[str, Any]]:
    rows = [
        t
        for t in ctx.store.kinds["balance_transaction"].values()
        if t["type"] not in ("payout", "payout_failure") and f"payout:{t['id']}" not in ctx.store.links
    ]
    for txn in rows:
        if txn["available_on"] <= now:
            txn["status"] = "available"
    return [t for t in rows if t["available_on"] <= now]


def run_payouts(ctx: Ctx, *, manual: bool = False) -> list[dict[str, Any]]:
    """Pay out what is available (one payout), then mark arrived payouts paid. Returns payouts created."""
    now = ctx.store.clock.now()
    created: list[dict[str, Any]] = []
    if manual or _setting(ctx, "payout_schedule") == "daily":
        settled = _unsettled(ctx, now)
        total = sum(int(t["net"]) for t in settled)
        if settled and total > 0:
            created.append(_new_payout(ctx, settled, total, now))
    for payout in list(ctx.store.kinds["payout"].values()):
        if payout["status"] == "in_transit" and payout["arrival_date"] <= now:
            payout["status"] = "paid"
            emit(ctx, "payout.paid", payout, previous={"status": "in_transit"})
    return created


def _new_payout(ctx: Ctx, settled: list[dict[str, Any]], total: int, now: int) -> dict[str, Any]:
    payout_id = new_id("po")
    own = _txn(
        ctx,
        txn_id=None,
        amount=-total,
        fee=0,
        source=payout_id,
        type_="payout",
        category="payout",
        description="STRIPE PAYOUT",
        delay_days=0,
    )
    payout = templates.new(
        "payout",
        id=payout_id,
        amount=total,
        arrival_date=now + int(_setting(ctx, "payout_arrival_days")) * DAY,
        automatic=True,
        balance_transaction=own["id"],
        created=now,
        currency="usd",
        destination="ba_emulated_bank_account",
        metadata={},
        status="in_transit",
        reconciliation_status="completed",
        trace_id={"status": "pending", "value": None},
    )
    ctx.store.add(payout)
    for txn in [*settled, own]:
        ctx.store.links[f"payout:{txn['id']}"] = payout_id
    emit(ctx, "payout.created", payout)
    return payout


def fail_payout(ctx: Ctx, payout: dict[str, Any], code: str = "account_closed") -> dict[str, Any]:
    """The bank returned the payout: its amount goes back to the balance (a ``payout_failure`` transaction)."""
    if payout["status"] not in ("pending", "in_transit", "paid"):
        raise unexpected_state(f"This payout has a status of {payout['status']}.")
    back = _txn(
        ctx,
        txn_id=None,
        amount=int(payout["amount"]),
        fee=0,
        source=payout["id"],
        type_="payout_failure",
        category="payout_reversal",
        description="Payout failure",
        delay_days=0,
    )
    previous = {"status": payout["status"]}
    payout.update(
        status="failed",
        failure_balance_transaction=back["id"],
        failure_code=code,
        failure_message="The bank account has been closed.",
    )
    emit(ctx, "payout.failed", payout, previous=previous)
    return payout


def list_balance_transactions(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/balance_transactions`` (``payout``, ``source``, ``type``, ``created`` filters)."""
    rows = filter_rows(ctx, "balance_transaction", params, ("source", "type"))
    payout = get_str(params, "payout")
    if payout:
        ctx.store.get("payout", payout, "payout")
        rows = [t for t in rows if ctx.store.links.get(f"payout:{t['id']}") == payout]
    return paginate(rows, params, "/v1/balance_transactions")


def retrieve_balance_transaction(ctx: Ctx, params: dict[str, Any], txn_id: str) -> dict[str, Any]:
    """``GET /v1/balance_transactions/{id}``."""
    return ctx.store.get("balance_transaction", txn_id)


def list_payouts(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/payouts`` (``status``, ``created``, ``arrival_date`` filters)."""
    rows = filter_rows(ctx, "payout", params, ("status",))
    arrival = params.get("arrival_date")
    if isinstance(arrival, dict):
        for op, test in (("gte", int.__ge__), ("gt", int.__gt__), ("lte", int.__le__), ("lt", int.__lt__)):
            if op in arrival:
                try:
                    bound = int(arrival[op])
                except ValueError:
                    raise invalid(f"Invalid integer: arrival_date[{op}]", param="arrival_date") from None
                rows = [p for p in rows if test(int(p["arrival_date"]), bound)]
    return paginate(rows, params, "/v1/payouts")


def retrieve_payout(ctx: Ctx, params: dict[str, Any], payout_id: str) -> dict[str, Any]:
    """``GET /v1/payouts/{id}``."""
    return ctx.store.get("payout", payout_id)


ROUTES = [
    Route("GET", "/v1/balance_transactions", list_balance_transactions),
    Route("GET", "/v1/balance_transactions/{id}", retrieve_balance_transaction),
    Route("GET", "/v1/payouts", list_payouts),
    Route("GET", "/v1/payouts/{id}", retrieve_payout),
]
