"""The Django admin is for operators: superusers only. Its login form refuses anyone else (staff sign in to the
console), and the site refuses any request whose user is not an active superuser. Staff get no Django model
permissions at all (accounts.backends): what they may do is checked per committee by the console and the API."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest


class OperatorAuthenticationForm(AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Please enter the username and password of an operator (superuser) account.",
    }

    def confirm_login_allowed(self, user) -> None:  # noqa: ANN001
        super().confirm_login_allowed(user)
        if not user.is_superuser:
            raise ValidationError(
                "The admin is for operators (superusers). Staff sign in to the console at /staff/.",
                code="not_operator",
            )


def operators_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


def lock_admin_to_operators(site: admin.AdminSite) -> None:
    site.login_form = OperatorAuthenticationForm
    site.has_permission = operators_only
    site.site_header = "Operators' admin"
    site.site_title = "Operators' admin"
    site.index_title = "Operators only: staff work in the console at /staff/"
