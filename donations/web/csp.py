"""Content-Security-Policy for the donation pages: only what Stripe.js (and the optional CAPTCHA) need.

Built per response from settings, so the offline demo allows the emulator's stand-in and production allows
only js.stripe.com. Inline scripts and styles carry the per-request nonce that django-csp generates."""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF
from django.conf import settings
from django.http import HttpRequest, HttpResponse

STRIPE_JS = "https://js.stripe.com"
TURNSTILE = "https://challenges.cloudflare.com"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def donation_page_policy() -> dict[str, list[str]]:
    script = [SELF, NONCE, _origin(settings.STRIPE_JS_URL) or STRIPE_JS]
    frame = [STRIPE_JS, "https://hooks.stripe.com"]
    connect = [SELF, "https://api.stripe.com"]
    if settings.STRIPE_API_BASE:  # the emulator (offline demo): Stripe.js stand-in talks to it
        connect.append(_origin(settings.STRIPE_API_BASE))
    if settings.TURNSTILE_SITE_KEY:
        script.append(TURNSTILE)
        frame.append(TURNSTILE)
    return {
        "default-src": [SELF],
        "script-src": sorted(set(script), key=script.index),
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "https://*.stripe.com"],
        "frame-src": frame,
        "connect-src": sorted(set(connect), key=connect.index),
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    }


def donation_page_csp(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response._csp_config = donation_page_policy()
        return response

    return wrapped
