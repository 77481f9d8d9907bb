"""Handling of one ``/v1`` API request: authentication, parameters, idempotency, dispatch, expansion.

Transport-independent: ``handle_api`` takes the method, path, headers and raw body and returns
``(status, headers, body)``; ``server.py`` wires it to HTTP.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from stripe_emulator import router
from stripe_emulator.errors import StripeError, authentication, idempotency, invalid
from stripe_emulator.events import RawJSON
from stripe_emulator.forms import decode
from stripe_emulator.ids import new_id
from stripe_emulator.resources.common import expand
from stripe_emulator.store import Ctx, IdempotentResult, Store
from stripe_emulator.webhooks import Dispatcher

Response = tuple[int, dict[str, str], str]


def api_key_from(headers: Any, params: dict[str, Any]) -> str | None:
    """The API key from ``Authorization: Bearer …`` / Basic auth, or Stripe.js's ``key`` form field."""
    auth = headers.get("Authorization") or ""
    if auth.startswith("Bearer "):
        return auth[7:].strip()
    if auth.startswith("Basic "):
        try:
            return base64.b64decode(auth[6:]).decode().split(":", 1)[0]
        except (ValueError, UnicodeDecodeError):
            return None
    key = params.get("key")
    return key if isinstance(key, str) and key.startswith("pk_") else None


def _check_key(key: str | None) -> bool:
    """True for a secret key, False for a publishable key; raises 401 otherwise."""
    if not key:
        raise authentication(
            "You did not provide an API key. You need to provide your API key in the Authorization header, using "
            "Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication"
        )
    if key.startswith(("sk_test_", "rk_test_")) and len(key) > 8:
        return True
    if key.startswith("pk_test_") and len(key) > 8:
        return False
    masked = key[:8] + "*" * max(0, len(key) - 12) + key[-4:] if len(key) > 12 else key[:3] + "***"
    raise authentication(f"Invalid API Key provided: {masked}")


def _check_client_secret(store: Store, match: router.Match, params: dict[str, Any]) -> None:
    if not match.route.client:
        raise authentication(
            "This API call cannot be made with a publishable API key. Please use a secret API key. You can find a "
            "list of your API keys at https://dashboard.stripe.com/account/apikeys."
        )
    obj = store.find(match.args[0]) if match.args else None
    secret = params.get("client_secret")
    if not secret:
        raise invalid("Missing required param: client_secret.", param="client_secret", code="parameter_missing")
    if obj is None or obj.get("client_secret") != secret:
        raise invalid(
            "The client_secret provided does not match any associated PaymentIntent on this account.",
            param="client_secret",
            code="resource_missing",
        )


def _error_response(exc: StripeError, request_id: str) -> Response:
    return exc.status, {"Request-Id": request_id}, json.dumps(exc.body(request_id))


def handle_api(
    store: Store,
    dispatcher: Dispatcher,
    settings: dict[str, Any],
    method: str,
    path: str,
    query: str,
    headers: Any,
    body: str,
) -> Response:
    """Serve one API request. Holds ``store.lock`` while touching state."""
    request_id = new_id("req", 14)
    idem_key = headers.get("Idempotency-Key") if method == "POST" else None
    params = decode(query) if query else {}
    if body and method in ("POST", "DELETE"):
        content_type = headers.get("Content-Type") or ""
        if "json" in content_type:
            try:
                params.update(json.loads(body))
            except ValueError:
                return _error_response(invalid("Invalid JSON body."), request_id)
        else:
            params.update(decode(body))
    with store.lock:
        store.log_request(method, path, idem_key, headers.get("Authorization", "")[7:] or params.get("key"))
    try:
        api_key = api_key_from(headers, params)
        secret = _check_key(api_key)
        found = router.match(method, path)
        if found is None:
            raise StripeError(
                404,
                "invalid_request_error",
                f"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at "
                "https://support.stripe.com/.",
            )
    except StripeError as exc:
        return _error_response(exc, request_id)
    ctx = Ctx(store, dispatcher, request_id, idem_key, api_key or "", not secret, settings)
    handler_params = {k: v for k, v in params.items() if k not in ("key", "client_secret", "expand")}
    scope = (api_key or "", idem_key) if idem_key else None
    with store.lock:
        if scope is not None:
            saved = store.idempotency.get(scope)
            if saved is not None:
                if saved.method != method or saved.path != path or saved.params != params:
                    return _error_response(
                        idempotency(
                            "Keys for idempotent requests can only be used with the same parameters they were first "
                            f"used with. Try using a key other than '{idem_key}' if you meant to execute a different "
                            "request."
                        ),
                        request_id,
                    )
                return saved.status, {"Request-Id": request_id, "Idempotent-Replayed": "true"}, saved.body
        try:
            if not secret:
                _check_client_secret(store, found, params)
            result = found.handler(ctx, handler_params, *found.args)
            paths = params.get("expand") or []
            if paths and not isinstance(result, RawJSON):
                result = expand(ctx, result, paths if isinstance(paths, list) else [paths])
            status, text = 200, result if isinstance(result, RawJSON) else json.dumps(result)
        except StripeError as exc:
            if scope is not None and exc.store_result:
                store.remember(
                    scope, IdempotentResult(method, path, params, exc.status, json.dumps(exc.body(request_id)))
                )
            return _error_response(exc, request_id)
        if scope is not None:
            store.remember(scope, IdempotentResult(method, path, params, status, text))
    return status, {"Request-Id": request_id}, text
