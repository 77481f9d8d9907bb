"""Invoices for subscriptions: creation, finalization, payment through a PaymentIntent + InvoicePayment.

In this API version an invoice has no ``subscription``/``payment_intent`` of its own: the subscription is at
``parent.subscription_details.subscription``, payments are InvoicePayment objects (``invoice.payments`` when
expanded, or ``GET /v1/invoice_payments?invoice=…``), and the first payment's client secret is
``confirmation_secret`` (expand it).
"""

from __future__ import annotations

from typing import Any

from stripe_emulator import templates
from stripe_emulator.errors import StripeError, invalid
from stripe_emulator.events import emit
from stripe_emulator.forms import get_dict, get_str, merge_metadata
from stripe_emulator.ids import new_id, random_chars
from stripe_emulator.resources import payments
from stripe_emulator.resources.common import INCLUDABLE, Route
from stripe_emulator.resources.payment_methods import resolve
from stripe_emulator.store import Ctx, paginate


def _now(ctx: Ctx, obj: dict[str, Any]) -> int:
    return ctx.now(obj.get("test_clock"))


def create_for_subscription(
    ctx: Ctx,
    sub: dict[str, Any],
    reason: str,
    period_start: int,
    period_end: int,
    created: int,
    invoice_period: tuple[int, int],
) -> dict[str, Any]:
    """A draft invoice with one line per subscription item for the period ``period_start``..``period_end``
    (emits ``invoice.created``). ``invoice_period`` is the invoice's own period_start/end, which Stripe sets to
    the period just ended (or the creation time for a first invoice)."""
    customer = ctx.store.get("customer", sub["customer"])
    invoice_id = new_id("in")
    lines = []
    for item in sub["items"]["data"]:
        price = item["price"]
        amount = (price["unit_amount"] or 0) * item["quantity"]
        line = templates.new(
            "line_item",
            id=new_id("il"),
            amount=amount,
            currency=price["currency"],
            description=f"{item['quantity']} × {_product_name(ctx, price)} (at ${(price['unit_amount'] or 0) / 100:.2f}"
            f" / {(price['recurring'] or {}).get('interval', 'month')})",
            discount_amounts=[],
            discounts=[],
            invoice=invoice_id,
            metadata=dict(sub["metadata"]),
            period={"end": period_end, "start": period_start},
            quantity=item["quantity"],
            subscription=sub["id"],
            subtotal=amount,
            quantity_decimal=str(item["quantity"]),
        )
        line["parent"] = {
            "invoice_item_details": None,
            "subscription_item_details": {
                "invoice_item": None,
                "proration": False,
                "proration_details": {"credited_items": None},
                "subscription": sub["id"],
                "subscription_item": item["id"],
            },
            "type": "subscription_item_details",
        }
        line["pricing"] = {
            "price_details": {"price": price["id"], "product": price["product"]},
            "type": "price_details",
            "unit_amount_decimal": price["unit_amount_decimal"],
        }
        lines.append(line)
    total = sum(line["amount"] for line in lines)
    invoice = templates.new(
        "invoice",
        id=invoice_id,
        amount_due=total,
        amount_paid=0,
        amount_remaining=total,
        attempt_count=0,
        attempted=False,
        billing_reason=reason,
        collection_method="charge_automatically",
        created=created,
        currency=sub["currency"],
        customer=customer["id"],
        customer_email=customer["email"],
        customer_name=customer["name"],
        customer_phone=customer["phone"],
        customer_address=customer["address"],
        description=None,
        effective_at=None,
        ending_balance=None,
        metadata={},
        number=None,
        period_start=invoice_period[0],
        period_end=invoice_period[1],
        starting_balance=0,
        status="draft",
        subtotal=total,
        subtotal_excluding_tax=total,
        total=total,
        total_excluding_tax=total,
        test_clock=sub["test_clock"],
        total_pretax_credit_amounts=[],
        total_taxes=[],
    )
    invoice["lines"] = {
        "object": "list",
        "data": lines,
        "has_more": False,
        "total_count": len(lines),
        "url": f"/v1/invoices/{invoice_id}/lines",
    }
    invoice["parent"] = {
        "quote_details": None,
        "subscription_details": {"metadata": dict(sub["metadata"]), "subscription": sub["id"]},
        "type": "subscription_details",
    }
    ctx.store.add(invoice)
    emit(ctx, "invoice.created", invoice)
    return invoice


def _product_name(ctx: Ctx, price: dict[str, Any]) -> str:
    product = ctx.store.find(price["product"])
    return (product or {}).get("name") or "Subscription"


def finalize(ctx: Ctx, invoice: dict[str, Any]) -> dict[str, Any]:
    """Draft → open: number, hosted URL, ``invoice.finalized``."""
    customer = ctx.store.get("customer", invoice["customer"])
    now = _now(ctx, invoice)
    invoice["number"] = f"{customer['invoice_prefix']}-{customer['next_invoice_sequence']:04d}"
    customer["next_invoice_sequence"] += 1
    invoice.update(status="open", effective_at=now, auto_advance=True)
    invoice["status_transitions"]["finalized_at"] = now
    invoice["hosted_invoice_url"] = f"https://invoice.stripe.com/i/acct_emulator/test_{random_chars(40)}"
    invoice["invoice_pdf"] = invoice["hosted_invoice_url"] + "/pdf"
    emit(ctx, "invoice.finalized", invoice)
    return invoice


def payment_intent_for(ctx: Ctx, invoice: dict[str, Any], sub: dict[str, Any] | None) -> dict[str, Any]:
    """The invoice's PaymentIntent, created with its InvoicePayment on first use."""
    existing = ctx.store.links.get(f"pi_of:{invoice['id']}")
    if existing:
        return ctx.store.get("payment_intent", existing)
    reason = invoice["billing_reason"]
    pi = payments.create_pi(
        ctx,
        {
            "amount": str(invoice["amount_due"]),
            "currency": invoice["currency"],
            "customer": invoice["customer"],
            "description": "Subscription creation" if reason == "subscription_create" else "Subscription update",
            "payment_method_types": ["card"],
            "setup_future_usage": "off_session",
        },
    )
    ctx.store.links[f"pi_of:{invoice['id']}"] = pi["id"]
    ctx.store.links[f"invoice:{pi['id']}"] = invoice["id"]
    ctx.store.add(
        templates.new(
            "invoice_payment",
            id=new_id("inpay"),
            amount_paid=None,
            amount_requested=invoice["amount_due"],
            created=_now(ctx, invoice),
            currency=invoice["currency"],
            invoice=invoice["id"],
            is_default=True,
            payment={"payment_intent": pi["id"], "type": "payment_intent"},
            status="open",
            status_transitions={"canceled_at": None, "paid_at": None},
        )
    )
    return pi


def attempt_payment(ctx: Ctx, invoice: dict[str, Any], pm_id: str | None) -> bool:
    """Charge an open invoice off-session with ``pm_id``; True if it got paid. Declines are recorded, not raised."""
    if invoice["amount_due"] == 0:
        mark_paid(ctx, invoice, None)
        return True
    sub = ctx.store.find((invoice["parent"] or {}).get("subscription_details", {}).get("subscription"))
    pi = payment_intent_for(ctx, invoice, sub)
    if not pm_id:
        _mark_failed(ctx, invoice)
        return False
    try:
        payments.confirm_pi(ctx, {"payment_method": pm_id, "off_session": "true"}, pi["id"])
    except StripeError as exc:
        if exc.status != 402:
            raise
    return invoice["status"] == "paid"


def mark_paid(ctx: Ctx, invoice: dict[str, Any], pi: dict[str, Any] | None) -> None:
    """Record a successful payment and activate the subscription (``invoice.paid``…)."""
    now = _now(ctx, invoice)
    invoice.update(
        status="paid",
        amount_paid=invoice["amount_due"],
        amount_remaining=0,
        attempted=True,
        attempt_count=invoice["attempt_count"] + (1 if pi else 0),
        next_payment_attempt=None,
        ending_balance=0,
    )
    invoice["status_transitions"]["paid_at"] = now
    for inpay in ctx.store.kinds["invoice_payment"].values():
        if inpay["invoice"] == invoice["id"] and pi and inpay["payment"]["payment_intent"] == pi["id"]:
            inpay.update(status="paid", amount_paid=pi["amount_received"])
            inpay["status_transitions"]["paid_at"] = now
            emit(ctx, "invoice_payment.paid", inpay)
    emit(ctx, "invoice.paid", invoice)
    emit(ctx, "invoice.payment_succeeded", invoice)
    sub = ctx.store.find((invoice["parent"] or {}).get("subscription_details", {}).get("subscription"))
    if sub is None:
        return
    changes: dict[str, Any] = {}
    if sub["status"] in ("incomplete", "past_due", "unpaid"):
        changes["status"] = sub["status"]
        sub["status"] = "active"
    if (
        pi
        and not sub["default_payment_method"]
        and sub["payment_settings"]["save_default_payment_method"] == ("on_subscription")
    ):
        changes["default_payment_method"] = None
        sub["default_payment_method"] = pi["payment_method"]
    if changes and not ctx.store.links.get(f"creating:{sub['id']}"):
        emit(ctx, "customer.subscription.updated", sub, previous=changes)


def _mark_failed(ctx: Ctx, invoice: dict[str, Any]) -> None:
    invoice.update(attempted=True, attempt_count=invoice["attempt_count"] + 1)
    if invoice["billing_reason"] != "subscription_create":
        invoice["next_payment_attempt"] = _now(ctx, invoice) + 3 * 86400
    emit(ctx, "invoice.payment_failed", invoice)
    sub = ctx.store.find((invoice["parent"] or {}).get("subscription_details", {}).get("subscription"))
    if sub is not None and sub["status"] == "active":
        sub["status"] = "past_due"
        emit(ctx, "customer.subscription.updated", sub, previous={"status": "active"})


def _on_payment(ctx: Ctx, pi: dict[str, Any], succeeded: bool) -> None:
    invoice = ctx.store.find(ctx.store.links.get(f"invoice:{pi['id']}"))
    if invoice is None or invoice["status"] != "open":
        return
    if succeeded:
        mark_paid(ctx, invoice, pi)
    else:
        _mark_failed(ctx, invoice)


payments.PAYMENT_HOOKS.append(_on_payment)


def _payments_list(ctx: Ctx, invoice: dict[str, Any]) -> dict[str, Any]:
    rows = [p for p in ctx.store.newest_first("invoice_payment") if p["invoice"] == invoice["id"]]
    return {"object": "list", "data": rows, "has_more": False, "url": f"/v1/invoice_payments?invoice={invoice['id']}"}


def _confirmation_secret(ctx: Ctx, invoice: dict[str, Any]) -> dict[str, Any] | None:
    pi = ctx.store.find(ctx.store.links.get(f"pi_of:{invoice['id']}"))
    if pi is None or invoice["status"] != "open":
        return None
    return {"client_secret": pi["client_secret"], "type": "payment_intent"}


INCLUDABLE[("invoice", "payments")] = _payments_list
INCLUDABLE[("invoice", "confirmation_secret")] = _confirmation_secret


def retrieve(ctx: Ctx, params: dict[str, Any], invoice_id: str) -> dict[str, Any]:
    """``GET /v1/invoices/{id}``."""
    return ctx.store.get("invoice", invoice_id)


def update(ctx: Ctx, params: dict[str, Any], invoice_id: str) -> dict[str, Any]:
    """``POST /v1/invoices/{id}`` (metadata, description)."""
    invoice = ctx.store.get("invoice", invoice_id)
    invoice["metadata"] = merge_metadata(invoice["metadata"], get_dict(params, "metadata"))
    if "description" in params:
        invoice["description"] = get_str(params, "description") or None
    emit(ctx, "invoice.updated", invoice)
    return invoice


def pay(ctx: Ctx, params: dict[str, Any], invoice_id: str) -> dict[str, Any]:
    """``POST /v1/invoices/{id}/pay`` (payment_method optional): retry an open invoice now; 402 on decline."""
    invoice = ctx.store.get("invoice", invoice_id)
    if invoice["status"] != "open":
        raise invalid(
            f"Invoice is already {invoice['status']}.",
            code="invoice_not_open" if invoice["status"] != "paid" else "invoice_already_paid",
        )
    sub = ctx.store.find((invoice["parent"] or {}).get("subscription_details", {}).get("subscription"))
    customer = ctx.store.get("customer", invoice["customer"])
    pm_ref = (
        params.get("payment_method")
        or (sub or {}).get("default_payment_method")
        or customer["invoice_settings"]["default_payment_method"]
    )
    pm_id = resolve(ctx, pm_ref)["id"] if pm_ref else None
    if not attempt_payment(ctx, invoice, pm_id):
        pi = ctx.store.find(ctx.store.links.get(f"pi_of:{invoice['id']}")) or {}
        error = pi.get("last_payment_error") or {"message": "This invoice has no payment method to charge."}
        raise StripeError(
            402,
            "card_error",
            error.get("message", "Your card was declined."),
            code=error.get("code"),
            decline_code=error.get("decline_code"),
            store_result=True,
        )
    return invoice


def list_invoices(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/invoices`` (customer, subscription, status filters)."""
    rows = list(ctx.store.newest_first("invoice"))
    customer, sub_id, status = get_str(params, "customer"), get_str(params, "subscription"), get_str(params, "status")
    if customer:
        rows = [i for i in rows if i["customer"] == customer]
    if sub_id:
        rows = [
            i for i in rows if ((i["parent"] or {}).get("subscription_details") or {}).get("subscription") == sub_id
        ]
    if status:
        rows = [i for i in rows if i["status"] == status]
    return paginate(rows, params, "/v1/invoices")


def list_lines(ctx: Ctx, params: dict[str, Any], invoice_id: str) -> dict[str, Any]:
    """``GET /v1/invoices/{id}/lines``."""
    return paginate(ctx.store.get("invoice", invoice_id)["lines"]["data"], params, f"/v1/invoices/{invoice_id}/lines")


def list_invoice_payments(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/invoice_payments?invoice=…``."""
    invoice_id = get_str(params, "invoice")
    rows = [p for p in ctx.store.newest_first("invoice_payment") if not invoice_id or p["invoice"] == invoice_id]
    return paginate(rows, params, "/v1/invoice_payments")


def retrieve_invoice_payment(ctx: Ctx, params: dict[str, Any], inpay_id: str) -> dict[str, Any]:
    """``GET /v1/invoice_payments/{id}``."""
    return ctx.store.get("invoice_payment", inpay_id)


ROUTES = [
    Route("GET", "/v1/invoices", list_invoices),
    Route("GET", "/v1/invoices/{id}", retrieve),
    Route("POST", "/v1/invoices/{id}", update),
    Route("POST", "/v1/invoices/{id}/pay", pay),
    Route("GET", "/v1/invoices/{id}/lines", list_lines),
    Route("GET", "/v1/invoice_payments", list_invoice_payments),
    Route("GET", "/v1/invoice_payments/{id}", retrieve_invoice_payment),
]
