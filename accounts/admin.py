"""Operators' admin for staff access (superusers only; treasurers manage people and tokens in the console)."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.admin_scoping import OperatorOnlyAdminMixin
from accounts.admin_site import lock_admin_to_operators
from accounts.models import ApiToken, CommitteeMembership
from accounts.tokens import api_token_issue, api_token_revoke

lock_admin_to_operators(admin.site)


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    """Roles per committee. Granting, changing and revoking are audited (accounts.signals)."""

    list_display = ["user", "committee", "role", "created_at"]
    list_filter = ["role", "committee"]
    search_fields = ["user__username", "committee__fec_id"]

    def save_model(self, request: HttpRequest, obj: CommitteeMembership, form, change: bool) -> None:  # noqa: ANN001
        super().save_model(request, obj, form, change)
        if not obj.user.is_staff:  # members sign in to the staff pages
            obj.user.is_staff = True
            obj.user.save(update_fields=["is_staff"])


@admin.register(ApiToken)
class ApiTokenAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    """Integration tokens: the key is shown once, on creation; revoke with the action."""

    list_display = ["name", "prefix", "committee", "role", "created_by", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["role", "committee"]
    fields = ["name", "committee", "role"]
    actions = ["revoke"]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None) -> list[str]:
        return ["name", "committee", "role"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:  # noqa: ANN001
        if change:
            return
        key = api_token_issue(token=obj, created_by=request.user)
        messages.warning(request, f"Copy this key now, it is not shown again: {key}")

    @admin.action(description="Revoke the selected tokens")
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            api_token_revoke(token=token)
        messages.success(request, "Revoked.")
