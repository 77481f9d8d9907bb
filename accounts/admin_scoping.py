"""Committee scoping for ModelAdmins: a non-superuser sees only the rows of committees they belong to, picks
only those committees (and their elections, donors...) in forms, changes an object only with the role its model
needs in that object's committee, and runs role-gated actions (``permissions=["treasurer"]``/``["staff"]``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.backends import role_for_permission
from accounts.roles import Role
from accounts.selectors import committee_ids_for, has_role, scope_to_committees
from committees.models import Committee


class CommitteeScopedAdminMixin:
    committee_path = "committee"  # lookup from the model to its Committee; "pk" for Committee itself
    form_committee_role = Role.STAFF  # committees (and their rows) offered in forms: where the user has this role

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return scope_to_committees(super().get_queryset(request), request.user, path=self.committee_path)

    def scoped(self, request: HttpRequest, queryset: QuerySet, role: str) -> QuerySet:
        """``queryset`` narrowed to the committees where the user holds ``role`` (for actions)."""
        return scope_to_committees(queryset, request.user, at_least=role, path=self.committee_path)

    def _committee_id(self, obj: Any) -> int | None:
        if self.committee_path == "pk":
            return obj.pk
        target = obj
        for part in self.committee_path.split("__"):
            target = getattr(target, part, None)
        return getattr(target, "pk", None)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or request.user.is_superuser:
            return allowed
        role = role_for_permission(f"{self.opts.app_label}.change_{self.opts.model_name}")
        return role is not None and has_role(request.user, at_least=role, committee_id=self._committee_id(obj))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        ids = committee_ids_for(request.user, at_least=self.form_committee_role)
        if ids is not None:
            model = db_field.related_model
            if model is Committee:
                kwargs["queryset"] = Committee.objects.filter(pk__in=ids)
            elif any(f.name == "committee" for f in model._meta.get_fields()):
                kwargs["queryset"] = model._default_manager.filter(committee_id__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_treasurer_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, at_least=Role.TREASURER)

    def has_staff_permission(self, request: HttpRequest) -> bool:
        return has_role(request.user, at_least=Role.STAFF)
