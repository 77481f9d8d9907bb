"""Staff credentials for tests: an OTP-verified session for the Django test client, and API tokens scoped to a
committee and role (for `requests` against a live server: ``auth=TokenAuth(key)``)."""

from __future__ import annotations

import requests
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from accounts.tokens import api_token_create


def otp_login(client, user) -> TOTPDevice:  # noqa: ANN001 (django.test.Client, a user)
    """Sign ``user`` in on ``client`` as if both factors passed (password and TOTP)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
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
