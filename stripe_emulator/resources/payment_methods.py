"""PaymentMethods (test cards) and SetupIntents."""

from __future__ import annotations

from typing import Any

from stripe_emulator import templates
from stripe_emulator.cards import TestCard, card_for_number, card_for_shortcut
from stripe_emulator.errors import StripeError, invalid, not_found, unexpected_state
from stripe_emulator.events import emit
from stripe_emulator.forms import get_bool, get_dict, get_int, get_list, get_str, merge_metadata
from stripe_emulator.ids import client_secret, new_id
from stripe_emulator.resources.common import Route, clean_metadata
from stripe_emulator.store import Ctx, paginate

DECLINE_MESSAGES = {
    "insufficient_funds": "Your card has insufficient funds.",
    "expired_card": "Your card has expired.",
    "incorrect_cvc": "Your card's security code is incorrect.",
    "processing_error": "An error occurred while processing your card. Try again in a little bit.",
    "lost_card": "Your card was declined.",
    "stolen_card": "Your card was declined.",
}


def decline_message(card: TestCard) -> str:
    """Stripe's message for the card's decline."""
    return DECLINE_MESSAGES.get(card.decline_code or "", "Your card was declined.")


def new_card_method(ctx: Ctx, card: TestCard, params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Create and store a card PaymentMethod for a test card."""
    params = params or {}
    card_params = get_dict(params, "card") or {}
    exp_month = get_int(card_params, "exp_month", default=12) or 12
    exp_year = get_int(card_params, "exp_year", default=2034) or 2034
    pm = templates.new("payment_method", id=new_id("pm"), created=ctx.now(), customer=None, type="card")
    pm["card"].update(
        brand=card.brand,
        display_brand=card.brand,
        country=card.country,
        exp_month=exp_month,
        exp_year=exp_year,
        fingerprint=card.fingerprint,
        funding=card.funding,
        last4=card.last4,
        networks={"available": [card.network], "preferred": None},
        regulated_status="unregulated",
    )
    pm["card"]["checks"]["cvc_check"] = "pass" if card_params.get("cvc") else None
    billing = get_dict(params, "billing_details") or {}
    for key in ("email", "name", "phone"):
        if key in billing:
            pm["billing_details"][key] = billing[key] or None
    if isinstance(billing.get("address"), dict):
        pm["billing_details"]["address"].update({k: v or None for k, v in billing["address"].items()})
    pm["metadata"] = clean_metadata(get_dict(params, "metadata"))
    ctx.store.links[f"card:{pm['id']}"] = card.number
    return ctx.store.add(pm)


def card_of(ctx: Ctx, pm: dict[str, Any]) -> TestCard:
    """The test card behind a stored PaymentMethod."""
    return card_for_number(ctx.store.links.get(f"card:{pm['id']}", "4242424242424242"))


def resolve(ctx: Ctx, ref: Any, param: str = "payment_method") -> dict[str, Any]:
    """A PaymentMethod from an id or a test shortcut (``pm_card_visa`` creates a fresh one, like Stripe)."""
    if not isinstance(ref, str) or not ref:
        raise invalid(f"Invalid {param}", param=param)
    card = card_for_shortcut(ref)
    if card is not None:
        return new_card_method(ctx, card)
    pm = ctx.store.kinds["payment_method"].get(ref)
    if pm is None:
        raise not_found("PaymentMethod", ref, param)
    return pm


def attach_to(ctx: Ctx, pm: dict[str, Any], customer_id: str) -> dict[str, Any]:
    """Attach a PaymentMethod to a customer (emits ``payment_method.attached``)."""
    ctx.store.get("customer", customer_id, "customer")
    if pm["customer"] == customer_id:
        return pm
    if pm["customer"]:
        raise invalid(
            "The payment method you provided has already been attached to a customer.",
            code="payment_method_unexpected_state",
        )
    card = card_of(ctx, pm)
    if card.decline_code and not card.attach_ok_charge_fails:
        raise StripeError(
            402, "card_error", decline_message(card), code=card.error_code, decline_code=card.decline_code
        )
    pm["customer"] = customer_id
    emit(ctx, "payment_method.attached", pm)
    return pm


def create_pm(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/payment_methods`` (type=card with ``card[token]=tok_visa`` or ``card[number]=…``)."""
    pm_type = get_str(params, "type", required=True)
    if pm_type != "card":
        raise invalid(f"The emulator only supports card PaymentMethods, not '{pm_type}'.", param="type")
    card_params = get_dict(params, "card")
    if not card_params:
        raise invalid("Missing required param: card.", param="card", code="parameter_missing")
    token = card_params.get("token")
    if token:
        card = card_for_shortcut(token)
        if card is None:
            raise not_found("token", token, "card[token]")
    elif card_params.get("number"):
        card = card_for_number(card_params["number"])
    else:
        raise invalid("Missing required param: card[number].", param="card[number]", code="parameter_missing")
    return new_card_method(ctx, card, params)


def retrieve_pm(ctx: Ctx, params: dict[str, Any], pm_id: str) -> dict[str, Any]:
    """``GET /v1/payment_methods/{id}``."""
    return resolve(ctx, pm_id, "id")


def update_pm(ctx: Ctx, params: dict[str, Any], pm_id: str) -> dict[str, Any]:
    """``POST /v1/payment_methods/{id}`` (metadata, billing_details)."""
    pm = ctx.store.get("payment_method", pm_id)
    pm["metadata"] = merge_metadata(pm["metadata"], get_dict(params, "metadata"))
    billing = get_dict(params, "billing_details") or {}
    for key in ("email", "name", "phone"):
        if key in billing:
            pm["billing_details"][key] = billing[key] or None
    emit(ctx, "payment_method.updated", pm)
    return pm


def attach_pm(ctx: Ctx, params: dict[str, Any], pm_id: str) -> dict[str, Any]:
    """``POST /v1/payment_methods/{id}/attach`` customer=…"""
    customer_id = get_str(params, "customer", required=True)
    return attach_to(ctx, resolve(ctx, pm_id, "id"), customer_id)


def detach_pm(ctx: Ctx, params: dict[str, Any], pm_id: str) -> dict[str, Any]:
    """``POST /v1/payment_methods/{id}/detach``."""
    pm = ctx.store.get("payment_method", pm_id)
    if not pm["customer"]:
        raise invalid("The payment method you provided is not attached to a customer so detachment is impossible.")
    previous = {"customer": pm["customer"]}
    customer = ctx.store.find(pm["customer"])
    if customer and customer["invoice_settings"]["default_payment_method"] == pm["id"]:
        customer["invoice_settings"]["default_payment_method"] = None
    pm["customer"] = None
    emit(ctx, "payment_method.detached", pm, previous=previous)
    return pm


def list_pms(ctx: Ctx, params: dict[str, Any], customer_id: str | None = None) -> dict[str, Any]:
    """``GET /v1/payment_methods?customer=…`` and ``GET /v1/customers/{id}/payment_methods``."""
    customer_id = customer_id or get_str(params, "customer")
    if customer_id:
        ctx.store.get("customer", customer_id, "customer")
    rows = [pm for pm in ctx.store.newest_first("payment_method") if not customer_id or pm["customer"] == customer_id]
    if params.get("type"):
        rows = [pm for pm in rows if pm["type"] == params["type"]]
    url = f"/v1/customers/{customer_id}/payment_methods" if customer_id else "/v1/payment_methods"
    return paginate(rows, params, url)


# SetupIntents ----------------------------------------------------------------------------------------------
def create_si(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/setup_intents``."""
    customer_id = get_str(params, "customer")
    if customer_id:
        ctx.store.get("customer", customer_id, "customer")
    si = templates.new("setup_intent", id=new_id("seti"), created=ctx.now(), customer=customer_id)
    si["client_secret"] = client_secret(si["id"])
    si["description"] = get_str(params, "description")
    si["metadata"] = clean_metadata(get_dict(params, "metadata"))
    si["usage"] = get_str(params, "usage", default="off_session")
    si["payment_method_types"] = get_list(params, "payment_method_types") or ["card"]
    apm = get_dict(params, "automatic_payment_methods")
    if apm is not None:
        si["automatic_payment_methods"] = {"enabled": get_bool(apm, "enabled"), "allow_redirects": "always"}
    if params.get("payment_method"):
        si["payment_method"] = resolve(ctx, params["payment_method"])["id"]
        si["status"] = "requires_confirmation"
    ctx.store.add(si)
    emit(ctx, "setup_intent.created", si)
    if get_bool(params, "confirm"):
        return confirm_si(ctx, params, si["id"])
    return si


def confirm_si(ctx: Ctx, params: dict[str, Any], si_id: str) -> dict[str, Any]:
    """``POST /v1/setup_intents/{id}/confirm``: succeeds, needs 3DS, or declines with 402."""
    return _confirm_si(ctx, params, ctx.store.get("setup_intent", si_id), authenticated=False)


def _confirm_si(ctx: Ctx, params: dict[str, Any], si: dict[str, Any], *, authenticated: bool) -> dict[str, Any]:
    if si["status"] not in ("requires_payment_method", "requires_confirmation", "requires_action"):
        raise unexpected_state(
            f"You cannot confirm this SetupIntent because it has a status of {si['status']}.",
            code="setup_intent_unexpected_state",
        )
    ref = params.get("payment_method") or si["payment_method"]
    if not ref:
        raise invalid("You must provide a payment method to confirm this SetupIntent.", param="payment_method")
    pm = resolve(ctx, ref)
    si["payment_method"] = pm["id"]
    card = card_of(ctx, pm)
    if card.authentication == "always" and not authenticated:
        si["status"] = "requires_action"
        si["next_action"] = {"type": "use_stripe_sdk", "use_stripe_sdk": {"type": "three_d_secure_redirect"}}
        emit(ctx, "setup_intent.requires_action", si)
        return si
    if card.decline_code and not card.attach_ok_charge_fails:
        si["status"] = "requires_payment_method"
        si["last_setup_error"] = {
            "code": card.error_code,
            "decline_code": card.decline_code,
            "message": decline_message(card),
            "payment_method": pm,
            "type": "card_error",
        }
        emit(ctx, "setup_intent.setup_failed", si)
        raise StripeError(
            402,
            "card_error",
            decline_message(card),
            code=card.error_code,
            decline_code=card.decline_code,
            extra={"setup_intent": si},
            store_result=True,
        )
    if si["customer"]:
        attach_to(ctx, pm, si["customer"])
    si.update(status="succeeded", next_action=None, last_setup_error=None, latest_attempt=new_id("setatt"))
    emit(ctx, "setup_intent.succeeded", si)
    return si


def authenticate_si(ctx: Ctx, si: dict[str, Any], succeed: bool) -> dict[str, Any]:
    """Finish a SetupIntent's 3DS challenge (test control)."""
    if si["status"] != "requires_action":
        raise unexpected_state("This SetupIntent does not require action.", code="setup_intent_unexpected_state")
    if succeed:
        return _confirm_si(ctx, {}, si, authenticated=True)
    si.update(status="requires_payment_method", next_action=None)
    si["last_setup_error"] = {
        "code": "setup_intent_authentication_failure",
        "message": "The latest attempt to set up the payment method has failed because authentication failed.",
        "type": "invalid_request_error",
    }
    emit(ctx, "setup_intent.setup_failed", si)
    return si


def retrieve_si(ctx: Ctx, params: dict[str, Any], si_id: str) -> dict[str, Any]:
    """``GET /v1/setup_intents/{id}``."""
    return ctx.store.get("setup_intent", si_id)


def update_si(ctx: Ctx, params: dict[str, Any], si_id: str) -> dict[str, Any]:
    """``POST /v1/setup_intents/{id}`` (metadata, customer, payment_method, description)."""
    si = ctx.store.get("setup_intent", si_id)
    si["metadata"] = merge_metadata(si["metadata"], get_dict(params, "metadata"))
    if params.get("customer"):
        si["customer"] = ctx.store.get("customer", params["customer"], "customer")["id"]
    if params.get("payment_method"):
        si["payment_method"] = resolve(ctx, params["payment_method"])["id"]
        si["status"] = "requires_confirmation"
    if "description" in params:
        si["description"] = params["description"] or None
    return si


def cancel_si(ctx: Ctx, params: dict[str, Any], si_id: str) -> dict[str, Any]:
    """``POST /v1/setup_intents/{id}/cancel``."""
    si = ctx.store.get("setup_intent", si_id)
    if si["status"] == "succeeded":
        raise unexpected_state("You cannot cancel this SetupIntent because it has a status of succeeded.")
    si.update(status="canceled", cancellation_reason=get_str(params, "cancellation_reason"), next_action=None)
    emit(ctx, "setup_intent.canceled", si)
    return si


def list_sis(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/setup_intents`` (customer filter)."""
    customer_id = get_str(params, "customer")
    rows = [si for si in ctx.store.newest_first("setup_intent") if not customer_id or si["customer"] == customer_id]
    return paginate(rows, params, "/v1/setup_intents")


ROUTES = [
    Route("POST", "/v1/payment_methods", create_pm),
    Route("GET", "/v1/payment_methods", list_pms),
    Route("GET", "/v1/payment_methods/{id}", retrieve_pm),
    Route("POST", "/v1/payment_methods/{id}", update_pm),
    Route("POST", "/v1/payment_methods/{id}/attach", attach_pm),
    Route("POST", "/v1/payment_methods/{id}/detach", detach_pm),
    Route("GET", "/v1/customers/{id}/payment_methods", list_pms),
    Route("POST", "/v1/setup_intents", create_si),
    Route("GET", "/v1/setup_intents", list_sis),
    Route("GET", "/v1/setup_intents/{id}", retrieve_si, client=True),
    Route("POST", "/v1/setup_intents/{id}", update_si),
    Route("POST", "/v1/setup_intents/{id}/confirm", confirm_si, client=True),
    Route("POST", "/v1/setup_intents/{id}/cancel", cancel_si),
]
