"""Test-control and inspection endpoints under ``/_emulator/`` (never under ``/v1``; no API key needed).

- ``GET /_emulator/health``: ``{"status": "ok", "now": …}``.
- ``POST /_emulator/reset``: forget all objects, events, idempotency keys and logged requests; clock back to
  real time (``webhooks=true`` also drops the configured endpoints).
- ``GET /_emulator/requests``: API requests seen, ``{"count": n, "data": [{method, path, idempotency_key,
  time}]}``; ``DELETE`` clears the log.
- ``GET /_emulator/clock``; ``POST /_emulator/clock/advance`` with ``months`` and/or ``seconds``: bills
  everything that falls due before answering.
- ``GET /_emulator/webhooks`` (endpoints and delivery counters); ``POST`` (``url``, ``secret``,
  ``enabled_events[]``) sets the endpoint; ``DELETE`` removes it.
- ``POST /_emulator/events/{id}/resend`` (optional ``url``): deliver an event again.
- ``POST /_emulator/payment_intents/{id}/authenticate`` (and ``setup_intents``): finish 3DS,
  ``outcome=succeed|fail``.
- ``POST /_emulator/disputes/{id}/close`` with ``status=won|lost``: emits ``charge.dispute.closed``.
- ``POST /_emulator/payouts/run``: pay out every available balance transaction now (any schedule) and mark
  arrived payouts paid; ``POST /_emulator/payouts/{id}/fail`` (``failure_code``): the bank returns a payout.
- ``POST /_emulator/customers/{id}/default_payment_method`` with ``payment_method=pm_card_…``: attach it and
  make it the default of the customer and of its subscriptions (e.g. a card that fails on renewal).
"""

from __future__ import annotations

import json
import re
from typing import Any

from stripe_emulator.errors import StripeError, invalid, not_found
from stripe_emulator.events import emit
from stripe_emulator.forms import decode, get_int, get_list, get_str
from stripe_emulator.resources import balance, disputes, payment_methods, payments
from stripe_emulator.resources.clocks import advance_global
from stripe_emulator.store import Ctx
from stripe_emulator.webhooks import Endpoint

Response = tuple[int, dict[str, Any]]


def _params(query: str, body: str, content_type: str) -> dict[str, Any]:
    params = decode(query) if query else {}
    if body:
        if "json" in content_type:
            loaded = json.loads(body)
            if isinstance(loaded, dict):
                params.update({k: v if isinstance(v, (list, dict, str)) else json.dumps(v) for k, v in loaded.items()})
        else:
            params.update(decode(body))
    return params


def handle_control(ctx: Ctx, method: str, path: str, query: str, body: str, content_type: str) -> Response:
    """Serve a ``/_emulator/…`` request."""
    try:
        params = _params(query, body, content_type)
        with ctx.store.lock:
            return _route(ctx, method, path, params)
    except StripeError as exc:
        return exc.status, exc.body()
    except (ValueError, KeyError) as exc:
        return 400, {"error": {"type": "invalid_request_error", "message": str(exc)}}


def _route(ctx: Ctx, method: str, path: str, params: dict[str, Any]) -> Response:
    store, dispatcher = ctx.store, ctx.dispatcher
    if path == "/_emulator/health":
        return 200, {"status": "ok", "now": store.clock.now(), "pending_webhooks": dispatcher.pending()}
    if path == "/_emulator/reset" and method == "POST":
        store.reset()
        dispatcher.clear()
        if params.get("webhooks") in ("true", "1"):
            dispatcher.replace_endpoints(("cli", "control", "api"), [])
        else:
            dispatcher.replace_endpoints(("api",), [])
        return 200, {"reset": True}
    if path == "/_emulator/requests":
        if method == "DELETE":
            store.request_log.clear()
            store.request_count = 0
            return 200, {"cleared": True}
        return 200, {"object": "list", "count": store.request_count, "data": list(store.request_log)}
    if path == "/_emulator/clock":
        return 200, {"now": store.clock.now(), "months": store.clock.months, "seconds": store.clock.seconds}
    if path == "/_emulator/clock/advance" and method == "POST":
        months, seconds = get_int(params, "months", default=0) or 0, get_int(params, "seconds", default=0) or 0
        if months < 0 or seconds < 0:
            raise invalid("The clock only moves forward.")
        return 200, advance_global(ctx.background(), months=months, seconds=seconds)
    if path == "/_emulator/webhooks":
        return _webhooks(ctx, method, params)
    if path == "/_emulator/payouts/run" and method == "POST":
        return 200, {"payouts": balance.run_payouts(ctx.background(), manual=True)}
    found = re.fullmatch(r"/_emulator/(\w+)/([^/]+)/(\w+)", path)
    if found and method == "POST":
        kind, object_id, action = found.groups()
        return _object_action(ctx, kind, object_id, action, params)
    return 404, {"error": {"type": "invalid_request_error", "message": f"Unknown control endpoint {method} {path}"}}


def _webhooks(ctx: Ctx, method: str, params: dict[str, Any]) -> Response:
    dispatcher = ctx.dispatcher
    if method == "POST":
        url, secret = get_str(params, "url", required=True), get_str(params, "secret", required=True)
        events = [str(e) for e in get_list(params, "enabled_events")] or ["*"]
        endpoint = Endpoint(url=url or "", secret=secret or "", enabled_events=events, source="control")
        dispatcher.replace_endpoints(("cli", "control"), [endpoint])
        return 200, {"id": endpoint.id, "url": endpoint.url, "enabled_events": events}
    if method == "DELETE":
        dispatcher.replace_endpoints(("cli", "control"), [])
        return 200, {"deleted": True}
    return 200, dispatcher.describe()


def _object_action(ctx: Ctx, kind: str, object_id: str, action: str, params: dict[str, Any]) -> Response:
    store = ctx.store
    if kind == "events" and action == "resend":
        event = store.events.get(object_id)
        if event is None:
            raise not_found("event", object_id)
        url = get_str(params, "url")
        targets = [e for e in ctx.dispatcher.matching(event.type) if not url or e.url == url]
        ctx.dispatcher.deliver(event.id, event.type, event.payload, targets)
        return 200, {"id": event.id, "resent_to": len(targets)}
    if action == "authenticate" and kind in ("payment_intents", "setup_intents"):
        outcome = get_str(params, "outcome", default="succeed")
        if outcome not in ("succeed", "fail"):
            raise invalid("outcome must be succeed or fail", param="outcome")
        bg = ctx.background()
        if kind == "payment_intents":
            return 200, payments.authenticate(bg, store.get("payment_intent", object_id), outcome == "succeed")
        return 200, payment_methods.authenticate_si(bg, store.get("setup_intent", object_id), outcome == "succeed")
    if kind == "disputes" and action == "close":
        status = get_str(params, "status", default="lost")
        if status not in ("won", "lost"):
            raise invalid("status must be won or lost", param="status")
        return 200, disputes.close_as(ctx.background(), store.get("dispute", object_id), status)
    if kind == "payouts" and action == "fail":
        code = get_str(params, "failure_code", default="account_closed") or "account_closed"
        return 200, balance.fail_payout(ctx.background(), store.get("payout", object_id), code)
    if kind == "customers" and action == "default_payment_method":
        return 200, _swap_default_pm(ctx.background(), object_id, get_str(params, "payment_method", required=True))
    raise invalid(f"Unknown control action {kind}/{action}")


def _swap_default_pm(ctx: Ctx, customer_id: str, ref: str | None) -> dict[str, Any]:
    customer = ctx.store.get("customer", customer_id)
    pm = payment_methods.resolve(ctx, ref)
    if pm["customer"] != customer_id:
        pm["customer"] = customer_id  # a test control: skip the attach-time card check
        emit(ctx, "payment_method.attached", pm)
    previous = {"invoice_settings": dict(customer["invoice_settings"])}
    customer["invoice_settings"]["default_payment_method"] = pm["id"]
    emit(ctx, "customer.updated", customer, previous=previous)
    for sub in ctx.store.kinds["subscription"].values():
        if sub["customer"] == customer_id and sub["default_payment_method"]:
            old = sub["default_payment_method"]
            sub["default_payment_method"] = pm["id"]
            emit(ctx, "customer.subscription.updated", sub, previous={"default_payment_method": old})
    return customer
