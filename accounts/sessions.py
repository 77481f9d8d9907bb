"""How long a staff session lives: it ends after SESSION_IDLE_TIMEOUT_SECONDS without a request, and
SESSION_COOKIE_AGE after sign-in whatever happens (Django slides the cookie's expiry on every save, so the
absolute limit is kept here). Also when the second factor was last verified, for actions that need it fresh
(accounts.fresh)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
OTP_VERIFIED_AT = "otp_verified_at"
LAST_SEEN_RESOLUTION = 60  # seconds: the session is written at most once a minute for this


def session_expired(session: dict, now: float) -> bool:
    started, seen = session.get(SIGNED_IN_AT), session.get(LAST_SEEN)
    if started is not None and now - float(started) > settings.SESSION_COOKIE_AGE:
        return True
    return seen is not None and now - float(seen) > settings.SESSION_IDLE_TIMEOUT_SECONDS


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware: ends an idle or too old session (the request goes on signed out)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            session, now = request.session, time.time()
            if session_expired(session, now):
                logout(request)  # flushes the session; audited nowhere: nothing changed but time
            else:
                session.setdefault(SIGNED_IN_AT, now)
                if now - float(session.get(LAST_SEEN, 0)) >= LAST_SEEN_RESOLUTION:
                    session[LAST_SEEN] = now
        return self.get_response(request)


def second_factor_verified_now(request: HttpRequest) -> None:
    """The code was just checked: new session id (no fixation across the two steps), and the time, for
    actions that need a fresh second factor."""
    request.session.cycle_key()
    request.session[OTP_VERIFIED_AT] = time.time()


def second_factor_fresh(request: HttpRequest) -> bool:
    verified = getattr(request, "session", {}).get(OTP_VERIFIED_AT)
    return verified is not None and time.time() - float(verified) <= settings.OTP_FRESH_SECONDS
