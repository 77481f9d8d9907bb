"""People with roles for console tests, signed in with both factors."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from accounts.models import CommitteeMembership
from tests.auth import otp_login

PASSWORD = "pw-for-console-tests"


def person(username: str, *roles: tuple, superuser: bool = False):  # noqa: ANN201
    """A user holding ``(committee, role)`` pairs."""
    user = get_user_model().objects.create_user(
        username, f"{username}@example.org", PASSWORD, is_staff=True, is_superuser=superuser
    )
    for committee, role in roles:
        CommitteeMembership.objects.create(user=user, committee=committee, role=role)
    return user


def signed_in(user) -> Client:  # noqa: ANN001
    client = Client()
    otp_login(client, user)
    return client
