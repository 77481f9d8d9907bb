"""DRF permission for the staff API: the request must hold a role in some committee.

A view says which role it needs (``required_role``, or ``required_roles = {"GET": ..., "POST": ...}``), and
filters what it reads by ``visible_committee_ids(request, role)`` (None means every committee), so objects of
another committee are simply not found (404)."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from accounts.roles import Role
from accounts.selectors import committee_ids_for, has_role


def required_role(view: Any, method: str) -> str:
    roles = getattr(view, "required_roles", None) or {}
    return roles.get(method.upper(), getattr(view, "required_role", Role.TREASURER))


class HasCommitteeRole(BasePermission):
    message = "Your role does not allow this."

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return has_role(user, at_least=required_role(view, request.method))


def visible_committee_ids(request: Any, role: str = Role.VIEWER) -> set[int] | None:
    """The committees this request may act on with ``role``; None means all (a superuser)."""
    return committee_ids_for(request.user, at_least=role)


def committee_filter(request: Any, role: str = Role.VIEWER, path: str = "committee") -> dict[str, Any]:
    """Keyword filter for a queryset: ``Model.objects.filter(**committee_filter(request, Role.STAFF))``."""
    ids = visible_committee_ids(request, role)
    return {} if ids is None else {f"{path}__in": ids}
