"""Card-testing defence for the public checkout.

Every attempt to create a payment passes through `checkout_guard` before any Stripe call:
- rate limits per IP, per donor (the email with its IP), per browser session and per card (django-ratelimit,
  counters in the shared cache: Redis in production, so every web process sees the same counts). The per-card
  limit keys on the card's fingerprint, which stays the same when a tester mints a new PaymentMethod id for every
  attempt;
- a lockout: a source that collected too many declines is refused for a while. Sources are the IP, the browser
  session, the card (fingerprint) and the donor *from that IP* (email and address together): never the email
  alone, or anyone who knows a donor's email could lock that donor out;
- an optional CAPTCHA (Cloudflare Turnstile), verified server-side when a secret key is configured.
When the shared cache cannot be reached (Redis down) the checkout fails closed: `CheckoutUnavailable` (503, try
again in a minute), never a 500 and never a gift past limits nobody can count. A per-process fallback would
multiply the limits by the number of processes and forget every lockout, which is what a card tester waits for;
a Redis outage is short (the supervisor restarts it) and the donor's form is kept for the retry.
Every failed confirmation counts (`checkout_record_failed_attempt`: the checkout's own decline and each
payment_intent.payment_failed webhook, once per attempt); after CHECKOUT_DECLINES_PER_INTENT failures on one
PaymentIntent its caller cancels the intent and the source is locked out at once. Limits come from settings, so
a campaign can tune them for a big night."""

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

import requests
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

from donations.payments import get_payment_gateway
from fundraising.client_ip import client_ip
from fundraising.exceptions import ApplicationError
from fundraising.metrics import CHECKOUT_RATE_LIMITED

logger = logging.getLogger(__name__)


class TooManyAttempts(ApplicationError):
    status_code = 429
    code = "rate_limited"


class CaptchaFailed(ApplicationError):
    status_code = 400
    code = "captcha_failed"


class CheckoutUnavailable(ApplicationError):
    """The card-testing counters cannot be read or written (the shared cache is down): refuse, fail closed."""

    status_code = 503
    code = "checkout_unavailable"
    retry_after = 60


UNAVAILABLE_MESSAGE = "Giving is briefly unavailable. Nothing was charged; please try again in a minute."

P = ParamSpec("P")
R = TypeVar("R")


def _fails_closed(func: Callable[P, R]) -> Callable[P, R]:
    """A cache error inside ``func`` becomes CheckoutUnavailable (logged with the function's name only)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except RedisError as exc:
            logger.warning("checkout counters unavailable in=%s: %s", func.__name__, type(exc).__name__)
            CHECKOUT_RATE_LIMITED.labels(by="unavailable").inc()
            raise CheckoutUnavailable(UNAVAILABLE_MESSAGE) from None

    return wrapper


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

    @property
    def session(self) -> str:
        session = getattr(self.request, "session", None)
        return (session.session_key or "") if session is not None else ""


def _donor_key(*, email: str, ip: str) -> str:
    """The donor as a source: the email only together with the address it came from (blank without either)."""
    return f"{email.lower()}|{ip}" if email and ip else ""


def _sources(*, ip: str, email: str, session: str = "", fingerprint: str = "") -> list[tuple[str, str]]:
    """What a decline counts against and a lockout applies to. The email only together with the address."""
    pairs = [
        ("ip", ip),
        ("session", session),
        ("card", fingerprint),
        ("donor", _donor_key(email=email, ip=ip)),
    ]
    return [(kind, value) for kind, value in pairs if value]


def _lockout_key(kind: str, value: str) -> str:
    return f"checkout:lockout:{kind}:{value.lower()}"


def _refuse_if_locked_out(sources: list[tuple[str, str]]) -> None:
    locked = cache.get_many([_lockout_key(kind, value) for kind, value in sources])  # one round trip for all
    for kind, value in sources:
        if locked.get(_lockout_key(kind, value)):
            logger.info("checkout locked out kind=%s", kind)
            CHECKOUT_RATE_LIMITED.labels(by=f"lockout_{kind}").inc()
            raise TooManyAttempts("Too many declined attempts. Please wait a while before trying again.")


def _rate_limit(source: CheckoutSource, name: str, value: str) -> None:
    if value and is_ratelimited(
        source.request,
        group=f"checkout:{name}",
        key=lambda group, request: value,
        rate=settings.CHECKOUT_RATE_LIMITS[name],
        increment=True,
    ):
        logger.info("checkout rate limited by=%s", name)
        CHECKOUT_RATE_LIMITED.labels(by=name).inc()
        raise TooManyAttempts("Too many attempts. Please wait a minute and try again.")


@_fails_closed
def checkout_guard(source: CheckoutSource) -> None:
    """Refuse the attempt (429) when a limit is hit or the source is locked out; verify the CAPTCHA. The card
    given with it (if any) is checked by `CardCheck`, just before Stripe is asked to charge it."""
    ip, session = source.ip, source.session
    _refuse_if_locked_out(_sources(ip=ip, email=source.email, session=session))
    _rate_limit(source, "ip", ip)
    # Keyed like the lockouts: the email with its address, never the email alone (anyone who knows a donor's
    # email could otherwise use up that donor's attempts from anywhere).
    _rate_limit(source, "email", _donor_key(email=source.email, ip=ip))
    _rate_limit(source, "session", session)
    if settings.TURNSTILE_SECRET_KEY:
        _verify_turnstile(source)


class CardCheck:
    """The per-card limit and lockout of a checkout's payment method, keyed on the card's fingerprint (one lookup
    at Stripe, made only once the gift passed every other check). Remembers the fingerprint for the decline."""

    def __init__(self, source: CheckoutSource) -> None:
        self.source = source
        self.fingerprint = ""

    @_fails_closed
    def check(self) -> None:
        if not self.source.payment_method:
            return
        self.fingerprint = get_payment_gateway().payment_method_fingerprint(self.source.payment_method)
        _refuse_if_locked_out(_sources(ip="", email="", fingerprint=self.fingerprint))
        _rate_limit(self.source, "payment_method", self.fingerprint or self.source.payment_method)


def _count(key: str, window: int) -> int:
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def checkout_lock_out(*, ip: str, email: str, session: str = "", fingerprint: str = "") -> None:
    """Lock every source of an attempt out at once (a PaymentIntent canceled for card testing)."""
    for kind, value in _sources(ip=ip, email=email, session=session, fingerprint=fingerprint):
        cache.set(_lockout_key(kind, value), 1, timeout=settings.CHECKOUT_LOCKOUT_SECONDS)
        logger.info("checkout lockout started kind=%s", kind)


def checkout_record_decline(
    *, ip: str, email: str, session: str = "", fingerprint: str = "", attempt: str = ""
) -> bool:
    """Count a decline against its sources; too many and a source is locked out for a while. ``attempt`` (the
    failed charge's id, else the event's) makes it count once however often it is reported: at checkout and
    again by its webhook. Returns False when the attempt was already counted."""
    window = settings.CHECKOUT_DECLINE_WINDOW_SECONDS
    if attempt and not cache.add(f"checkout:attempt:{attempt}", 1, timeout=window):
        return False
    for kind, value in _sources(ip=ip, email=email, session=session, fingerprint=fingerprint):
        count = _count(f"checkout:declines:{kind}:{value.lower()}", window)
        if count >= settings.CHECKOUT_DECLINES_BEFORE_LOCKOUT:
            cache.set(_lockout_key(kind, value), 1, timeout=settings.CHECKOUT_LOCKOUT_SECONDS)
            logger.info("checkout lockout started kind=%s declines=%s", kind, count)
    return True


def checkout_remember_intent(*, intent_id: str, source: CheckoutSource) -> None:
    """Keep the session a PaymentIntent was handed to, so its later declines (webhooks) count against it.
    Best effort: the gift is already started, so a cache error here is logged, never shown to the donor."""
    if intent_id and source.session:
        try:
            cache.set(f"checkout:intent:{intent_id}:session", source.session, timeout=settings.CHECKOUT_LOCKOUT_SECONDS)
        except RedisError as exc:
            logger.warning("checkout intent session not kept intent=%s: %s", intent_id, type(exc).__name__)


@_fails_closed
def checkout_record_failed_attempt(
    *, intent_id: str, attempt: str, ip: str, email: str, fingerprint: str = "", session: str = ""
) -> bool:
    """One failed confirmation of a PaymentIntent: counted against its sources and against the intent.
    Returns True when the intent has failed CHECKOUT_DECLINES_PER_INTENT times (its sources are then locked out):
    the caller cancels it, so no further card can be tried against its client secret. With the cache down it
    raises CheckoutUnavailable: a webhook's event then stays unprocessed and is counted once it is redelivered."""
    if not session and intent_id:
        session = cache.get(f"checkout:intent:{intent_id}:session", "")
    counted = checkout_record_decline(ip=ip, email=email, session=session, fingerprint=fingerprint, attempt=attempt)
    if not intent_id:
        return False
    key = f"checkout:intent:{intent_id}:failures"
    window = settings.CHECKOUT_DECLINE_WINDOW_SECONDS
    failures = _count(key, window) if counted else int(cache.get(key, 0))
    if failures < settings.CHECKOUT_DECLINES_PER_INTENT:
        return False
    checkout_lock_out(ip=ip, email=email, session=session, fingerprint=fingerprint)
    logger.info("checkout intent failed too often intent=%s failures=%s", intent_id, failures)
    return True


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
