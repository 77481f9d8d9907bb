"""The second factor: verify a code against the user's confirmed TOTP device, or enrol a first device.

Devices are ``StaffTOTPDevice`` rows, their secrets encrypted at rest (accounts.totp_secrets). A user without a
confirmed device may enrol one only with a valid enrolment link (accounts.enrolment): they get one unconfirmed
device (its secret shown on the page as an otpauth:// URI and in base32) until a first code confirms it. Every
attempt is audited. A verified code rotates the session id and records the time (accounts.sessions)."""

from __future__ import annotations

import os
from base64 import b32encode
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login

from accounts.audit import audit_access
from accounts.models import StaffTOTPDevice
from accounts.sessions import second_factor_verified_now
from accounts.totp_secrets import totp_key_encrypt

DEVICE_NAME = "Authenticator app"
SECRET_BYTES = 20  # RFC 4226's recommended length, what django-otp generates


@dataclass(frozen=True)
class Enrolment:
    device: StaffTOTPDevice
    uri: str
    secret_base32: str


def totp_device_create(*, user: Any, confirmed: bool, secret: bytes | None = None, name: str = DEVICE_NAME):
    """A device with an encrypted secret (random unless given: the demo's is public)."""
    key = totp_key_encrypt(secret if secret is not None else os.urandom(SECRET_BYTES))
    return StaffTOTPDevice.objects.create(user=user, name=name, key=key, confirmed=confirmed)


def confirmed_device(user: Any) -> StaffTOTPDevice | None:
    return StaffTOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def enrolment_for(user: Any) -> Enrolment:
    """The user's pending (unconfirmed) device, created on first need. Callers check the enrolment link first."""
    device = StaffTOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = totp_device_create(user=user, confirmed=False)
    return Enrolment(device=device, uri=device.config_url, secret_base32=b32encode(device.bin_key).decode())


def otp_submit(*, request: HttpRequest, code: str, may_enrol: bool = False) -> bool:
    """Check ``code``; on success the session is OTP-verified (and, with ``may_enrol``, a pending device is
    confirmed)."""
    user = request.user
    code = code.strip().replace(" ", "")
    with transaction.atomic():
        device = confirmed_device(user)
        enrolling = device is None
        if enrolling:
            pending = StaffTOTPDevice.objects.select_for_update().filter(user=user, confirmed=False)
            device = pending.order_by("pk").first() if may_enrol else None
        ok = device is not None and code.isdigit() and device.verify_token(code)
        if ok and enrolling:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    if not ok:
        audit_access(action="auth.login.otp_failed", obj=user, actor=user)
        return False
    otp_login(request, device)
    second_factor_verified_now(request)
    audit_access(action="auth.login.otp_verified", obj=user, actor=user, after={"enrolled": enrolling})
    return True
