"""A fresh second factor for the actions that matter most: refunds, API token creation, role changes and marking
a report filed. The session's code must have been verified within OTP_FRESH_SECONDS (accounts.sessions), else
the code is asked for again.

- Console (``fresh_second_factor``): a POST without a fresh factor gets a page asking for the code, carrying the
  form's fields; posting the code re-verifies it and performs the action in the same request.
- API (``FreshSecondFactor`` permission): a session without a fresh factor gets 403
  ``fresh_second_factor_required``; send the current code in ``X-OTP-Code`` to re-verify. API tokens (an
  integration's secret, scoped to one committee and role, expiring) have no second factor and are not asked."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from accounts.audit import audit_access
from accounts.otp import confirmed_device
from accounts.sessions import OTP_VERIFIED_AT, second_factor_fresh

CODE_FIELD = "otp_code"
CODE_HEADER = "X-OTP-Code"
_NOT_CARRIED = {"csrfmiddlewaretoken", CODE_FIELD}


def otp_reverify(*, request: HttpRequest, code: str) -> bool:
    """Check the current code of the person's confirmed device; on success the factor is fresh again."""
    user = request.user
    device = confirmed_device(user)
    code = (code or "").strip().replace(" ", "")
    ok = device is not None and code.isdigit() and device.verify_token(code)
    if not ok:
        audit_access(action="auth.login.otp_failed", obj=user, actor=user, after={"step_up": True})
        return False
    request.session[OTP_VERIFIED_AT] = time.time()
    audit_access(action="auth.otp.reverified", obj=user, actor=user)
    return True


def fresh_second_factor(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Console views: a POST needs a fresh second factor (GET pages are shown as they are)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or second_factor_fresh(request):
            return view(request, *args, **kwargs)
        error = ""
        if CODE_FIELD in request.POST:
            if otp_reverify(request=request, code=request.POST.get(CODE_FIELD, "")):
                return view(request, *args, **kwargs)
            error = "That code is not right (or was already used). Try the next one."
        carried = [(name, value) for name in request.POST for value in request.POST.getlist(name)]
        context = {
            "fields": [(name, value) for name, value in carried if name not in _NOT_CARRIED],
            "action": request.get_full_path(),
            "error": error,
            "code_field": CODE_FIELD,
        }
        return render(request, "accounts/fresh_otp.html", context, status=403)

    return wrapped


class FreshSecondFactorRequired(PermissionDenied):
    default_detail = "This action needs a fresh second factor: send your current code in the X-OTP-Code header."
    default_code = "fresh_second_factor_required"


class FreshSecondFactor(BasePermission):
    """API: a person's session must have verified its code recently (or send it in X-OTP-Code)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if getattr(user, "api_token", None) is not None:
            return True  # an integration's token: no person, no second factor (see the module's docstring)
        django_request = request._request
        if second_factor_fresh(django_request):
            return True
        header = request.headers.get(CODE_HEADER, "")
        if header and otp_reverify(request=django_request, code=header):
            return True
        raise FreshSecondFactorRequired()
