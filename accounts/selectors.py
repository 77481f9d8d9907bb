"""Which committees a principal (a person, or an API token acting as a TokenUser) may see, and in what role."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from accounts.models import CommitteeMembership
from accounts.roles import RANK, Role


def committee_roles(principal: Any) -> dict[int, str] | None:
    """``{committee_id: role}`` for the principal; None means every committee as treasurer (a superuser).
    Cached on the principal for the rest of the request."""
    if principal is None or not getattr(principal, "is_authenticated", False):
        return {}
    if getattr(principal, "is_superuser", False) and getattr(principal, "is_active", False):
        return None
    token = getattr(principal, "api_token", None)
    if token is not None:
        return {token.committee_id: token.role}
    cached = getattr(principal, "_committee_roles", None)
    if cached is None:
        cached = dict(CommitteeMembership.objects.filter(user_id=principal.pk).values_list("committee_id", "role"))
        principal._committee_roles = cached
    return cached


def committee_ids_for(principal: Any, *, at_least: str = Role.VIEWER) -> set[int] | None:
    """Committees where the principal holds ``at_least`` that role; None means all of them."""
    roles = committee_roles(principal)
    if roles is None:
        return None
    need = RANK[Role(at_least)]
    return {committee for committee, role in roles.items() if RANK[Role(role)] >= need}


def has_role(principal: Any, *, at_least: str, committee_id: int | None = None) -> bool:
    """Does the principal hold ``at_least`` in that committee (or, with None, in any committee)?"""
    ids = committee_ids_for(principal, at_least=at_least)
    if ids is None:
        return True
    return bool(ids) if committee_id is None else committee_id in ids


def scope_to_committees(queryset: QuerySet, principal: Any, *, at_least: str = Role.VIEWER, path: str = "committee"):
    """``queryset`` narrowed to the committees the principal may see in that role (``path`` leads to the
    Committee: ``committee`` for most models, ``pk`` for Committee itself)."""
    ids = committee_ids_for(principal, at_least=at_least)
    if ids is None:
        return queryset
    lookup = "pk__in" if path == "pk" else f"{path}_id__in" if "__" not in path else f"{path}__in"
    return queryset.filter(**{lookup: ids})
