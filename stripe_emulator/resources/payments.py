"""PaymentIntents and Charges: the confirm state machine, test-card outcomes, and charge objects."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from stripe_emulator import templates
from stripe_emulator.cards import TestCard
from stripe_emulator.errors import DOC_BASE, StripeError, invalid, unexpected_state
from stripe_emulator.events import emit
from stripe_emulator.forms import get_bool, get_dict, get_int, get_list, get_str, merge_metadata
from stripe_emulator.ids import client_secret, new_id, random_chars
from stripe_emulator.resources import balance, disputes
from stripe_emulator.resources.common import Route, clean_metadata, filter_rows
from stripe_emulator.resources.payment_methods import attach_to, card_of, decline_message, resolve
from stripe_emulator.store import Ctx, paginate

#: Called after a PaymentIntent's payment attempt finishes: ``hook(ctx, pi, succeeded)``. Invoices use it.
PAYMENT_HOOKS: list[Callable[[Ctx, dict[str, Any], bool], None]] = []

CONFIRMABLE = ("requires_payment_method", "requires_confirmation", "requires_action")
CANCELABLE = ("requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing")


def _pi_fields(ctx: Ctx, pi: dict[str, Any], params: dict[str, Any]) -> None:
    for name in ("description", "receipt_email", "statement_descriptor", "statement_descriptor_suffix"):
        if name in params:
            pi[name] = get_str(params, name) or None
    if "setup_future_usage" in params:
        pi["setup_future_usage"] = get_str(params, "setup_future_usage") or None
    if params.get("customer"):
        pi["customer"] = ctx.store.get("customer", params["customer"], "customer")["id"]
    if params.get("payment_method"):
        pi["payment_method"] = resolve(ctx, params["payment_method"])["id"]
        if pi["status"] == "requires_payment_method":
            pi["status"] = "requires_confirmation"
    types = get_list(params, "payment_method_types")
    if types:
        pi["payment_method_types"] = types


def create_pi(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/payment_intents``; with ``confirm=true`` it is confirmed at once."""
    amount = get_int(params, "amount", required=True)
    currency = (get_str(params, "currency", required=True) or "").lower()
    if amount is None or amount < 1:
        raise invalid("This value must be greater than or equal to 1.", param="amount")
    if currency == "usd" and amount < 50:
        raise invalid("Amount must be at least $0.50 usd", param="amount", code="amount_too_small")
    pi = templates.new("payment_intent", id=new_id("pi"), amount=amount, currency=currency, customer=None)
    pi["client_secret"] = client_secret(pi["id"])
    pi["metadata"] = clean_metadata(get_dict(params, "metadata"))
    pi["capture_method"] = get_str(params, "capture_method", default="automatic")
    pi["confirmation_method"] = get_str(params, "confirmation_method", default="automatic")
    pi["description"] = None
    _pi_fields(ctx, pi, params)
    pi["created"] = ctx.now(_clock_of(ctx, pi))
    apm = get_dict(params, "automatic_payment_methods")
    if apm is not None:
        pi["automatic_payment_methods"] = {
            "enabled": get_bool(apm, "enabled"),
            "allow_redirects": get_str(apm, "allow_redirects", default="always"),
        }
    elif not params.get("payment_method_types"):
        pi["automatic_payment_methods"] = {"enabled": True, "allow_redirects": "always"}
    ctx.store.add(pi)
    emit(ctx, "payment_intent.created", pi)
    if get_bool(params, "confirm"):
        return _confirm(ctx, pi, params)
    return pi


def _clock_of(ctx: Ctx, pi: dict[str, Any]) -> str | None:
    customer = ctx.store.find(pi.get("customer"))
    return customer.get("test_clock") if customer else None


def retrieve_pi(ctx: Ctx, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    """``GET /v1/payment_intents/{id}``."""
    return ctx.store.get("payment_intent", pi_id)


def update_pi(ctx: Ctx, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    """``POST /v1/payment_intents/{id}`` (amount, currency, metadata, customer, description, payment_method…)."""
    pi = ctx.store.get("payment_intent", pi_id)
    if pi["status"] in ("succeeded", "canceled") and set(params) - {"metadata", "description"}:
        raise unexpected_state(
            f"This PaymentIntent's amount could not be updated because it has a status of {pi['status']}."
        )
    amount = get_int(params, "amount")
    if amount is not None:
        pi["amount"] = amount
    if params.get("currency"):
        pi["currency"] = params["currency"].lower()
    if "metadata" in params:
        pi["metadata"] = merge_metadata(pi["metadata"], get_dict(params, "metadata"))
    _pi_fields(ctx, pi, params)
    return pi


def confirm_pi(ctx: Ctx, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    """``POST /v1/payment_intents/{id}/confirm`` (payment_method, return_url, off_session…)."""
    return _confirm(ctx, ctx.store.get("payment_intent", pi_id), params)


def _confirm(ctx: Ctx, pi: dict[str, Any], params: dict[str, Any], *, authenticated: bool = False) -> dict[str, Any]:
    if pi["status"] not in CONFIRMABLE:
        raise unexpected_state(
            f"This PaymentIntent's payment_method could not be updated because it has a status of {pi['status']}. "
            "You may only update the payment_method of a PaymentIntent with one of the following statuses: "
            "requires_payment_method, requires_confirmation, requires_action."
        )
    _pi_fields(ctx, pi, params)
    if not pi["payment_method"]:
        raise invalid(
            "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the "
            "PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a "
            "payment method.",
            code="payment_intent_unexpected_state",
        )
    pm = ctx.store.get("payment_method", pi["payment_method"], "payment_method")
    if pm["customer"] and pi["customer"] and pm["customer"] != pi["customer"]:
        raise invalid("The provided PaymentMethod is attached to another customer.", param="payment_method")
    card = card_of(ctx, pm)
    off_session = get_bool(params, "off_session")
    if card.authentication == "always" and not authenticated:
        if not off_session:
            pi.update(
                status="requires_action",
                last_payment_error=None,
                next_action={
                    "type": "use_stripe_sdk",
                    "use_stripe_sdk": {
                        "type": "three_d_secure_redirect",
                        "stripe_js": f"/_emulator/payment_intents/{pi['id']}/authenticate",
                        "source": f"src_{random_chars()}",
                    },
                },
            )
            emit(ctx, "payment_intent.requires_action", pi)
            return pi
        return _fail(
            ctx,
            pi,
            pm,
            card,
            code="authentication_required",
            decline_code="authentication_required",
            message="Your card was declined. This transaction requires authentication.",
        )
    if card.decline_code:
        return _fail(
            ctx, pi, pm, card, code=card.error_code, decline_code=card.decline_code, message=decline_message(card)
        )
    return _succeed(ctx, pi, pm, card, three_d_secure=authenticated)


def _new_charge(ctx: Ctx, pi: dict[str, Any], pm: dict[str, Any], card: TestCard) -> dict[str, Any]:
    ch = templates.new(
        "charge",
        id=new_id("ch"),
        amount=pi["amount"],
        created=ctx.now(_clock_of(ctx, pi)),
        currency=pi["currency"],
        customer=pi["customer"],
        description=pi["description"],
        metadata=dict(pi["metadata"]),
        payment_intent=pi["id"],
        payment_method=pm["id"],
        receipt_email=pi["receipt_email"],
        statement_descriptor=pi["statement_descriptor"],
        calculated_statement_descriptor="EMULATED STRIPE",
    )
    ch["billing_details"] = json_copy(pm["billing_details"])
    details = ch["payment_method_details"]["card"]
    details.update(
        amount_authorized=pi["amount"],
        brand=card.brand,
        country=card.country,
        exp_month=pm["card"]["exp_month"],
        exp_year=pm["card"]["exp_year"],
        fingerprint=card.fingerprint,
        funding=card.funding,
        last4=card.last4,
        network=card.network,
        authorization_code=f"{random_chars(6).upper()}",
        network_transaction_id=random_chars(15),
        regulated_status="unregulated",
    )
    details["overcapture"]["maximum_amount_capturable"] = pi["amount"]
    ch["refunds"]["url"] = f"/v1/charges/{ch['id']}/refunds"
    return ch


def json_copy(value: Any) -> Any:
    """A deep copy of plain JSON data."""
    return json.loads(json.dumps(value))


def _succeed(
    ctx: Ctx, pi: dict[str, Any], pm: dict[str, Any], card: TestCard, *, three_d_secure: bool = False
) -> dict[str, Any]:
    ch = _new_charge(ctx, pi, pm, card)
    manual = pi["capture_method"] in ("manual", "manual_preferred")
    ch.update(
        status="succeeded",
        paid=True,
        captured=not manual,
        amount_captured=0 if manual else pi["amount"],
        balance_transaction=None if manual else new_id("txn"),
        receipt_url=f"https://pay.stripe.com/receipts/payment/{random_chars(40)}",
        outcome={
            "advice_code": None,
            "network_advice_code": None,
            "network_decline_code": None,
            "network_status": "approved_by_network",
            "reason": None,
            "risk_level": "normal",
            "risk_score": 20,
            "seller_message": "Payment complete.",
            "type": "authorized",
        },
    )
    if three_d_secure:
        ch["payment_method_details"]["card"]["three_d_secure"] = {
            "authentication_flow": "challenge",
            "electronic_commerce_indicator": "05",
            "exemption_indicator": None,
            "result": "authenticated",
            "result_reason": None,
            "transaction_id": random_chars(36),
            "version": "2.2.0",
        }
    ctx.store.add(ch)
    if not manual:
        balance.record_charge(ctx, ch)
    pi.update(
        status="requires_capture" if manual else "succeeded",
        amount_received=0 if manual else pi["amount"],
        amount_capturable=pi["amount"] if manual else 0,
        latest_charge=ch["id"],
        last_payment_error=None,
        next_action=None,
    )
    if pi["customer"] and pi["setup_future_usage"] and not pm["customer"]:
        attach_to(ctx, pm, pi["customer"])
    emit(ctx, "charge.succeeded", ch)
    emit(ctx, "payment_intent.amount_capturable_updated" if manual else "payment_intent.succeeded", pi)
    if card.dispute:
        disputes.open_later(ctx, ch["id"], float(ctx.settings.get("dispute_delay", 0.05)))
    for hook in PAYMENT_HOOKS:
        hook(ctx, pi, True)
    return pi


def _fail(
    ctx: Ctx, pi: dict[str, Any], pm: dict[str, Any], card: TestCard, *, code: str, decline_code: str, message: str
) -> dict[str, Any]:
    ch = _new_charge(ctx, pi, pm, card)
    ch.update(
        status="failed",
        paid=False,
        captured=False,
        failure_code=code,
        failure_message=message,
        outcome={
            "advice_code": "try_again_later" if decline_code == "generic_decline" else "do_not_try_again",
            "network_advice_code": None,
            "network_decline_code": None,
            "network_status": "declined_by_network",
            "reason": decline_code,
            "risk_level": "highest" if decline_code == "fraudulent" else "normal",
            "risk_score": 95 if decline_code == "fraudulent" else 30,
            "seller_message": "The bank did not return any further details with this decline.",
            "type": "issuer_declined",
        },
    )
    ctx.store.add(ch)
    error = {
        "charge": ch["id"],
        "code": code,
        "decline_code": decline_code,
        "doc_url": f"{DOC_BASE}#{code.replace('_', '-')}",
        "message": message,
        "payment_method": pm,
        "type": "card_error",
    }
    pi.update(status="requires_payment_method", latest_charge=ch["id"], last_payment_error=error, next_action=None)
    emit(ctx, "charge.failed", ch)
    emit(ctx, "payment_intent.payment_failed", pi)
    for hook in PAYMENT_HOOKS:
        hook(ctx, pi, False)
    raise StripeError(
        402,
        "card_error",
        message,
        code=code,
        decline_code=decline_code,
        extra={"charge": ch["id"], "payment_intent": pi, "payment_method": pm},
        store_result=True,
    )


def authenticate(ctx: Ctx, pi: dict[str, Any], succeed: bool) -> dict[str, Any]:
    """Finish the 3DS challenge of a ``requires_action`` PaymentIntent (test control / Stripe.js stand-in)."""
    if pi["status"] != "requires_action":
        raise unexpected_state(f"This PaymentIntent has a status of {pi['status']}, not requires_action.")
    if succeed:
        try:
            return _confirm(ctx, pi, {}, authenticated=True)
        except StripeError:
            return pi
    error = {
        "code": "payment_intent_authentication_failure",
        "doc_url": f"{DOC_BASE}#payment-intent-authentication-failure",
        "message": "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a "
        "new PaymentMethod to attempt to fulfill this PaymentIntent again.",
        "payment_method": ctx.store.find(pi["payment_method"]),
        "type": "invalid_request_error",
    }
    pi.update(status="requires_payment_method", next_action=None, last_payment_error=error)
    emit(ctx, "payment_intent.payment_failed", pi)
    for hook in PAYMENT_HOOKS:
        hook(ctx, pi, False)
    return pi


def capture_pi(ctx: Ctx, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    """``POST /v1/payment_intents/{id}/capture`` (``amount_to_capture`` optional)."""
    pi = ctx.store.get("payment_intent", pi_id)
    if pi["status"] != "requires_capture":
        raise unexpected_state(f"This PaymentIntent could not be captured because it has a status of {pi['status']}.")
    amount = get_int(params, "amount_to_capture", default=pi["amount_capturable"]) or 0
    if amount > pi["amount_capturable"]:
        raise invalid("The amount to capture is greater than the amount capturable.", param="amount_to_capture")
    ch = ctx.store.get("charge", pi["latest_charge"])
    ch.update(captured=True, amount_captured=amount, balance_transaction=new_id("txn"))
    balance.record_charge(ctx, ch)
    pi.update(status="succeeded", amount_received=amount, amount_capturable=0)
    emit(ctx, "charge.captured", ch)
    emit(ctx, "payment_intent.succeeded", pi)
    return pi


def cancel_pi(ctx: Ctx, params: dict[str, Any], pi_id: str) -> dict[str, Any]:
    """``POST /v1/payment_intents/{id}/cancel``."""
    pi = ctx.store.get("payment_intent", pi_id)
    if pi["status"] not in CANCELABLE:
        raise unexpected_state(
            f"You cannot cancel this PaymentIntent because it has a status of {pi['status']}. Only a PaymentIntent "
            "with one of the following statuses may be canceled: " + ", ".join(CANCELABLE) + "."
        )
    pi.update(
        status="canceled",
        canceled_at=ctx.now(_clock_of(ctx, pi)),
        cancellation_reason=get_str(params, "cancellation_reason", default="requested_by_customer"),
        next_action=None,
        amount_capturable=0,
    )
    emit(ctx, "payment_intent.canceled", pi)
    return pi


def list_pis(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/payment_intents`` (customer, created filters)."""
    return paginate(filter_rows(ctx, "payment_intent", params, ("customer",)), params, "/v1/payment_intents")


ROUTES = [
    Route("POST", "/v1/payment_intents", create_pi),
    Route("GET", "/v1/payment_intents", list_pis),
    Route("GET", "/v1/payment_intents/{id}", retrieve_pi, client=True),
    Route("POST", "/v1/payment_intents/{id}", update_pi),
    Route("POST", "/v1/payment_intents/{id}/confirm", confirm_pi, client=True),
    Route("POST", "/v1/payment_intents/{id}/capture", capture_pi),
    Route("POST", "/v1/payment_intents/{id}/cancel", cancel_pi),
]
