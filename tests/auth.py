"""Staff credentials for tests: an OTP-verified session for the Django test client, and API tokens scoped to a
committee and role (for `requests` against a live server: ``auth=TokenAuth(key)``)."""

from __future__ import annotations

import time

import requests
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import StaffTOTPDevice
from accounts.otp import totp_device_create
from accounts.roles import Role
from accounts.sessions import OTP_VERIFIED_AT
from accounts.tokens import api_token_create


def otp_login(client, user) -> StaffTOTPDevice:  # noqa: ANN001 (django.test.Client, a user)
    """Sign ``user`` in on ``client`` as if both factors passed (password and TOTP)."""
    device = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first() or totp_device_create(
        user=user, confirmed=True, name="test"
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[OTP_VERIFIED_AT] = time.time()  # as if the code was just entered
    session.save()
    return device


def api_key(committee, role: str = Role.TREASURER, name: str = "test") -> str:  # noqa: ANN001
    return api_token_create(committee=committee, role=role, name=name).key


class TokenAuth(requests.auth.AuthBase):
    """``requests`` auth sending ``Authorization: Token <key>``."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        request.headers["Authorization"] = f"Token {self.key}"
        return request


def token_auth(committee, role: str = Role.TREASURER) -> TokenAuth:  # noqa: ANN001
    return TokenAuth(api_key(committee, role))
