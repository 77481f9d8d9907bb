"""The client's address behind N trusted proxies (``CHECKOUT_TRUSTED_PROXY_COUNT``): the Nth address from the
right of ``X-Forwarded-For``, else ``REMOTE_ADDR``. Used for login throttling (django-axes) and for bounding
what anonymous clients write to the audit log."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    meta = getattr(request, "META", {})
    hops = getattr(settings, "CHECKOUT_TRUSTED_PROXY_COUNT", 0)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(parts) >= hops:
            return parts[-hops]
    return meta.get("REMOTE_ADDR", "")
