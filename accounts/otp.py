"""The second factor: verify a code against the user's confirmed TOTP device, or enrol a first device.

A user without a confirmed device gets one unconfirmed device (its secret shown on the page as an otpauth://
URI and in base32) until a first code confirms it. Every attempt is audited."""

from __future__ import annotations

from base64 import b32encode
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import audit_access

DEVICE_NAME = "Authenticator app"


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    uri: str
    secret_base32: str


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_for(user: Any) -> Enrolment:
    """The user's pending (unconfirmed) device, created on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return Enrolment(device=device, uri=device.config_url, secret_base32=b32encode(device.bin_key).decode())


def otp_submit(*, request: HttpRequest, code: str) -> bool:
    """Check ``code``; on success the session is OTP-verified (and a pending device confirmed)."""
    user = request.user
    code = code.strip().replace(" ", "")
    with transaction.atomic():
        device = confirmed_device(user)
        enrolling = device is None
        if enrolling:
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("pk").first()
        ok = device is not None and code.isdigit() and device.verify_token(code)
        if ok and enrolling:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if not ok:
        audit_access(action="auth.login.otp_failed", obj=user, actor=user)
        return False
    otp_login(request, device)
    audit_access(action="auth.login.otp_verified", obj=user, actor=user, after={"enrolled": enrolling})
    return True
