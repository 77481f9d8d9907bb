"""Operators' admin for staff access (superusers only; treasurers manage people and tokens in the console)."""

from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.admin_scoping import OperatorOnlyAdminMixin
from accounts.admin_site import lock_admin_to_operators
from accounts.lockouts import lockout_attempts_audit_lifted
from accounts.models import ApiToken, CommitteeMembership, StaffTOTPDevice
from accounts.services import staff_flag_sync
from accounts.tokens import api_token_issue, api_token_revoke

lock_admin_to_operators(admin.site)


class AuditedAccessAttemptAdmin(AccessAttemptAdmin):
    """django-axes' failed attempts: deleting them lifts the lockout, audited."""

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        lockout_attempts_audit_lifted([obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        lockout_attempts_audit_lifted(list(queryset))
        super().delete_queryset(request, queryset)


if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AuditedAccessAttemptAdmin)


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

    def delete_model(self, request: HttpRequest, obj: CommitteeMembership) -> None:
        super().delete_model(request, obj)
        staff_flag_sync(user=obj.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CommitteeMembership]) -> None:
        users = [membership.user for membership in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user in users:
            staff_flag_sync(user=user)


@admin.register(ApiToken)
class ApiTokenAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    """Integration tokens: the key is shown once, on creation; revoke with the action."""

    list_display = [
        "name",
        "prefix",
        "committee",
        "role",
        "created_by",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
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


@admin.register(StaffTOTPDevice)
class StaffTOTPDeviceAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    """Authenticators: an operator removes a lost one (the person then needs an enrolment link). The secret is
    encrypted and never shown; devices are added only through enrolment. Removing is audited."""

    list_display = ["user", "name", "confirmed", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username"]
    fields = ["user", "name", "confirmed", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StaffTOTPDevice | None = None) -> bool:
        return False


if admin.site.is_registered(TOTPDevice):  # django-otp's admin shows and edits the raw (encrypted) key
    admin.site.unregister(TOTPDevice)
