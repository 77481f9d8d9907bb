"""Granting, changing and revoking roles, and adding a person, for a committee's treasurer (the console) and for
commands. The audit records are written by accounts.signals, with who acted (accounts.context)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import CommitteeMembership
from accounts.roles import Role
from committees.models import Committee
from fundraising.exceptions import ApplicationError


@dataclass(frozen=True)
class Granted:
    membership: CommitteeMembership
    new_password: str = ""  # set when a new person was created: shown once to the treasurer who added them


@transaction.atomic
def membership_grant(*, committee: Committee, username: str, role: str, email: str = "") -> Granted:
    """Give ``username`` ``role`` in ``committee`` (creating the person, with a one-time password, when new)."""
    Role(role)
    username = username.strip()
    if not username:
        raise ApplicationError("Give the person's username.", field="username")
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    password = ""
    if user is None:
        if not email:
            raise ApplicationError("A new person needs an email address.", field="email")
        password = secrets.token_urlsafe(12)
        user = user_model.objects.create_user(username=username, email=email, password=password, is_staff=True)
    elif not user.is_active:
        raise ApplicationError("That person's account is disabled; an administrator must enable it.", field="username")
    membership = CommitteeMembership.objects.filter(user=user, committee=committee).first()
    if membership is None:
        membership = CommitteeMembership.objects.create(user=user, committee=committee, role=role)
    elif membership.role != role:
        membership = membership_change(membership=membership, role=role)
    if not user.is_staff:  # members sign in to the staff pages
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return Granted(membership=membership, new_password=password)


def _last_treasurer(membership: CommitteeMembership) -> bool:
    others = CommitteeMembership.objects.filter(committee=membership.committee, role=Role.TREASURER).exclude(
        pk=membership.pk
    )
    return membership.role == Role.TREASURER and not others.exists()


@transaction.atomic
def membership_change(*, membership: CommitteeMembership, role: str) -> CommitteeMembership:
    Role(role)
    membership = CommitteeMembership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.TREASURER and _last_treasurer(membership):
        raise ApplicationError(
            "The committee needs at least one treasurer; make someone else treasurer first.", field="role"
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_revoke(*, membership: CommitteeMembership, actor: Any = None) -> None:
    membership = CommitteeMembership.objects.select_for_update().get(pk=membership.pk)
    if _last_treasurer(membership):
        raise ApplicationError(
            "The committee needs at least one treasurer; make someone else treasurer first.", field="role"
        )
    membership.delete()
    staff_flag_sync(user=membership.user)


def staff_flag_sync(*, user: Any) -> None:
    """A person with no role left in any committee is no longer staff (superusers keep their flag)."""
    if user.is_staff and not user.is_superuser and not CommitteeMembership.objects.filter(user=user).exists():
        user.is_staff = False
        user.save(update_fields=["is_staff"])  # audited as user.permissions_changed (accounts.signals)
