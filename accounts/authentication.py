"""DRF authentication for the staff API.

- ``ApiTokenAuthentication``: ``Authorization: Token <key>`` or ``Bearer <key>``. The request acts as a
  ``TokenUser`` limited to the token's committee and role. No second factor, by design: a token is a secret
  an integration holds, created by a treasurer or a superuser, and revocable.
- ``OTPSessionAuthentication``: Django's session (with DRF's CSRF check), accepted only when the session passed
  the second factor (django-otp). A password-only session is anonymous to the API."""

from __future__ import annotations

from typing import Any

from rest_framework import authentication, exceptions

from accounts.models import ApiToken
from accounts.tokens import api_token_authenticate

SCHEMES = ("token", "bearer")


class TokenUser:
    """The principal of a request made with an API token (not a database user: ``pk`` is None)."""

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None

    def __init__(self, token: ApiToken) -> None:
        self.api_token = token

    def get_username(self) -> str:
        return f"token:{self.api_token.prefix}"

    def __str__(self) -> str:
        return self.get_username()

    def is_verified(self) -> bool:
        return False


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Any) -> tuple[TokenUser, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode(errors="replace").lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Give the token after the scheme: 'Token <key>'.")
        token = api_token_authenticate(key=header[1].decode(errors="replace"))
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        return TokenUser(token), token

    def authenticate_header(self, request: Any) -> str:
        return "Token"


class OTPSessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        verified = getattr(user, "is_verified", None)
        if verified is None or not verified():
            return None  # signed in with a password only: not enough for staff data
        return result
