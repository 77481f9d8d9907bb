"""Card-testing defence for the public checkout.

Every attempt to create a payment passes through `checkout_guard` before any Stripe call:
- rate limits per IP, per email, per browser session and per payment method (django-ratelimit, counters in
  the shared cache: Redis in production, so every web process sees the same counts);
- a lockout: a source (IP or email) that collected too many declines is refused for a while;
- an optional CAPTCHA (Cloudflare Turnstile), verified server-side when a secret key is configured.
Declines are counted by `checkout_record_decline`. Limits come from settings, so a campaign can tune them
for a big night."""

import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from fundraising.exceptions import ApplicationError
from fundraising.metrics import CHECKOUT_RATE_LIMITED

logger = logging.getLogger(__name__)


class TooManyAttempts(ApplicationError):
    status_code = 429
    code = "rate_limited"


class CaptchaFailed(ApplicationError):
    status_code = 400
    code = "captcha_failed"


@dataclass(frozen=True)
class CheckoutSource:
    """Who is trying to pay: the request plus what the form said."""

    request: HttpRequest
    email: str
    payment_method: str = ""
    captcha_token: str = ""

    @property
    def ip(self) -> str:
        return client_ip(self.request)


def client_ip(request: HttpRequest) -> str:
    """The donor's address. Behind N trusted proxies, the Nth address from the right of X-Forwarded-For."""
    hops = settings.CHECKOUT_TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops and forwarded:
        parts = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(parts) >= hops:
            return parts[-hops]
    return request.META.get("REMOTE_ADDR", "")


def _lockout_key(kind: str, value: str) -> str:
    return f"checkout:lockout:{kind}:{value.lower()}"


def checkout_guard(source: CheckoutSource) -> None:
    """Refuse the attempt (429) when a limit is hit or the source is locked out; verify the CAPTCHA."""
    for kind, value in (("ip", source.ip), ("email", source.email)):
        if value and cache.get(_lockout_key(kind, value)):
            logger.info("checkout locked out kind=%s", kind)
            CHECKOUT_RATE_LIMITED.labels(by=f"lockout_{kind}").inc()
            raise TooManyAttempts("Too many declined attempts. Please wait a while before trying again.")
    rates = settings.CHECKOUT_RATE_LIMITS
    checks = [
        ("ip", lambda group, request: source.ip),
        ("email", lambda group, request: source.email.lower()),
        ("session", lambda group, request: request.session.session_key or "" if hasattr(request, "session") else ""),
        ("payment_method", lambda group, request: source.payment_method),
    ]
    for name, key in checks:
        if not key(None, source.request):
            continue
        if is_ratelimited(source.request, group=f"checkout:{name}", key=key, rate=rates[name], increment=True):
            logger.info("checkout rate limited by=%s", name)
            CHECKOUT_RATE_LIMITED.labels(by=name).inc()
            raise TooManyAttempts("Too many attempts. Please wait a minute and try again.")
    if settings.TURNSTILE_SECRET_KEY:
        _verify_turnstile(source)


def checkout_record_decline(*, ip: str, email: str) -> None:
    """Count a decline against the IP and the email; too many and the source is locked out for a while.
    Called for declines seen at checkout and for those Stripe.js saw, when their webhook arrives."""
    limit, window, lockout = (
        settings.CHECKOUT_DECLINES_BEFORE_LOCKOUT,
        settings.CHECKOUT_DECLINE_WINDOW_SECONDS,
        settings.CHECKOUT_LOCKOUT_SECONDS,
    )
    for kind, value in (("ip", ip), ("email", email)):
        if not value:
            continue
        key = f"checkout:declines:{kind}:{value.lower()}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        if count >= limit:
            cache.set(_lockout_key(kind, value), 1, timeout=lockout)
            logger.info("checkout lockout started kind=%s declines=%s", kind, count)


def _verify_turnstile(source: CheckoutSource) -> None:
    if not source.captcha_token:
        raise CaptchaFailed("Please complete the verification.", field="captcha")
    try:
        response = requests.post(
            settings.TURNSTILE_VERIFY_URL,
            data={"secret": settings.TURNSTILE_SECRET_KEY, "response": source.captcha_token, "remoteip": source.ip},
            timeout=5,
        )
        ok = response.status_code == 200 and response.json().get("success") is True
    except (requests.RequestException, ValueError):
        logger.warning("captcha verification unavailable")
        raise CaptchaFailed("We could not verify you are human right now; please try again.") from None
    if not ok:
        raise CaptchaFailed("Verification failed; please try again.", field="captcha")
