"""Error reporting through sentry-sdk, with personal data removed before an event leaves the process.

Donors' names, addresses, emails, phone numbers, employers and card data must never reach a third party. So:
no user details (``data_collection``), no request bodies, no local variables in stack
frames, only an allowlist of request headers, and ``scrub_event`` on every event, transaction and breadcrumb:
values under personal or secret keys become ``[Filtered]``, and emails, card-like and phone-like numbers inside any
string (exception messages, log messages, URLs) are masked. Only ids remain, as in our logs.

Imported by the settings (config/settings/components/operations.py) only when ``SENTRY_DSN`` is set; it imports
nothing of ours."""

from __future__ import annotations

import re
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration

FILTERED = "[Filtered]"
SENSITIVE_KEYS = frozenset(
    {
        # donors
        "name", "first_name", "last_name", "middle_name", "full_name", "prefix", "suffix", "email", "phone",
        "street", "street_1", "street_2", "address", "city", "state", "zip", "zip_code", "postal_code", "employer",
        "occupation", "donor", "contributor", "ip", "ip_address", "client_ip", "remote_addr", "user_agent",
        # cards and secrets
        "card", "number", "cvc", "cvv", "exp_month", "exp_year", "payment_method", "client_secret", "password",
        "passwd", "secret", "token", "api_key", "apikey", "key", "authorization", "cookie", "cookies", "session",
        "sessionid", "csrftoken", "stripe_signature", "otp", "totp", "username",
    }
)  # fmt: skip
UNTOUCHED = ("sdk", "modules", "platform", "event_id", "timestamp", "level")  # the SDK's own fields
KEEP_HEADERS = frozenset({"content-type", "content-length", "x-request-id", "host", "accept"})
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_CARD = re.compile(r"\b(?:\d[ -]?){13,19}\b")
_PHONE = re.compile(r"(?<!\w)\+?1?[ .(-]*\d{3}[ .)-]*\d{3}[ .-]*\d{4}(?!\w)")


def scrub_text(text: str) -> str:
    return _PHONE.sub(FILTERED, _CARD.sub(FILTERED, _EMAIL.sub(FILTERED, text)))


def _scrub(value: Any, depth: int = 0) -> Any:
    if depth > 12:
        return FILTERED
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {
            key: FILTERED
            if isinstance(key, str) and key.lower().replace("-", "_") in SENSITIVE_KEYS
            else _scrub(v, depth + 1)
            for key, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_scrub(item, depth + 1) for item in value]
    return value


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Remove personal data from a Sentry event (or transaction) before it is sent."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        request.pop("env", None)
        request["query_string"] = FILTERED if request.get("query_string") else ""
        headers = request.get("headers") or {}
        request["headers"] = {k: v for k, v in headers.items() if k.lower() in KEEP_HEADERS}
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for exception in (event.get("exception") or {}).get("values") or []:
        for frame in (exception.get("stacktrace") or {}).get("frames") or []:
            frame.pop("vars", None)
    kept = {key: event.pop(key) for key in UNTOUCHED if key in event}
    return {**_scrub(event), **kept}


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    return _scrub(crumb)


def sentry_init(
    *, dsn: str, environment: str, traces_sample_rate: float = 0.0, release: str | None = None, **options: Any
) -> None:
    """Start sentry-sdk for this process (web or worker). ``options`` go to ``sentry_sdk.init`` (tests pass a
    transport that keeps events in memory)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        integrations=[DjangoIntegration(), CeleryIntegration(), LoggingIntegration()],
        # no user details, request bodies, SQL parameters or frame variables (the successor of send_default_pii)
        data_collection={
            "user_info": False,
            "http_bodies": [],
            "database_query_data": False,
            "stack_frame_variables": False,
        },
        traces_sample_rate=traces_sample_rate,
        before_send=scrub_event,
        before_send_transaction=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
        **options,
    )
