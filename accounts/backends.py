"""Django model permissions from committee roles, so the admin needs no per-user permission setup.

A member (viewer and up) may view the committee-scoped models of compliance and donations; staff may also add
and change donors and gifts; treasurers may add and change everything committee-scoped and manage their
committees' memberships and API tokens. Which rows they see is narrowed by accounts.admin_scoping. Some models
stay superuser-only (the audit log, Stripe events, committees' creation, reference data). Deleting is never
granted (financial records are never deleted; revoking a role is its own permission)."""

from __future__ import annotations

from typing import Any

from accounts.roles import Role
from accounts.selectors import has_role

STAFF_EDITS = {"donor", "donation", "contribution", "recurringgift", "donationpage"}
SUPERUSER_ONLY = {"auditevent", "stripeevent", "contributionlimit"}
VIEW_ONLY = {"committee", "conduit", "limittotal"}  # members view them; superusers change them
SCOPED_APPS = {"committees", "compliance", "donations"}


def role_for_permission(perm: str) -> str | None:
    """The least role that grants ``app_label.action_model``, or None when no role does."""
    app_label, _, codename = perm.partition(".")
    action, _, model = codename.partition("_")
    if app_label == "accounts" and model in ("committeemembership", "apitoken"):
        if action == "delete" and model == "apitoken":
            return None
        return Role.TREASURER
    if app_label not in SCOPED_APPS or model in SUPERUSER_ONLY:
        return None
    if action == "view":
        return Role.VIEWER
    if action == "delete" or model in VIEW_ONLY:
        return None
    if action in ("add", "change"):
        return Role.STAFF if model in STAFF_EDITS else Role.TREASURER
    return None


class CommitteeRoleBackend:
    """Authorisation only (authenticate() always declines); goes after ModelBackend."""

    def authenticate(self, request: Any, **credentials: Any) -> None:
        return None

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        if not user_obj.is_active or not user_obj.is_staff:
            return False
        role = role_for_permission(perm)
        return role is not None and has_role(user_obj, at_least=role)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        if not user_obj.is_active or not user_obj.is_staff:
            return False
        if app_label == "accounts":
            return has_role(user_obj, at_least=Role.TREASURER)
        return app_label in SCOPED_APPS and has_role(user_obj, at_least=Role.VIEWER)
