"""ModelAdmins of committee data are for operators (superusers) only. The site itself is locked
(accounts.admin_site), and each ModelAdmin says so again, so a mistake in one place does not open the data:
every permission check asks for an active superuser."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def is_operator(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


class OperatorOnlyAdminMixin:
    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_operator(request) and super().has_module_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return is_operator(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_operator(request) and super().has_delete_permission(request, obj)
