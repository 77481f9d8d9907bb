"""Audit of logins and permission changes, whatever made them (admin, command, shell, enrolment page):
Django's login signals and model signals on memberships, tokens, TOTP devices and staff flags."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit import AuditSubject, anonymous_audit_exhausted, audit_access, printable
from accounts.models import ApiToken, CommitteeMembership, StaffTOTPDevice

User = get_user_model()
USER_FLAGS = ("is_active", "is_staff", "is_superuser")


@receiver(user_logged_in, dispatch_uid="accounts_audit_login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # The password step; the second factor is audited by the OTP page (auth.login.otp_verified).
    audit_access(action="auth.login.password", obj=user, actor=user)


@receiver(user_login_failed, dispatch_uid="accounts_audit_login_failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Anyone can fail a login: what they write to the audit log is bounded (a short, printable name; at most
    # AUDIT_ANONYMOUS_EVENTS_PER_CLIENT events per client and window). django-axes counts every attempt anyway.
    if request is not None and anonymous_audit_exhausted(request):
        return
    username = printable(str(credentials.get(User.USERNAME_FIELD, credentials.get("username", ""))), 64)
    audit_access(action="auth.login.failed", obj=AuditSubject("LoginAttempt", username), actor=f"anonymous:{username}")


def _previous(sender: Any, instance: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    if instance.pk is None:
        return {}
    return sender.objects.filter(pk=instance.pk).values(*fields).first() or {}


@receiver(pre_save, sender=User, dispatch_uid="accounts_user_flags_before")
def _user_before(sender: Any, instance: Any, **kwargs: Any) -> None:
    instance._audit_before = _previous(sender, instance, USER_FLAGS)


@receiver(post_save, sender=User, dispatch_uid="accounts_user_flags_after")
def _user_after(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_audit_before", {})
    after = {name: getattr(instance, name) for name in USER_FLAGS}
    if created and (instance.is_staff or instance.is_superuser):
        audit_access(action="user.created", obj=instance, after=after)
    elif before and before != after:
        audit_access(action="user.permissions_changed", obj=instance, before=before, after=after)


@receiver(pre_save, sender=CommitteeMembership, dispatch_uid="accounts_membership_before")
def _membership_before(sender: Any, instance: CommitteeMembership, **kwargs: Any) -> None:
    instance._audit_before = _previous(sender, instance, ("role",))


@receiver(post_save, sender=CommitteeMembership, dispatch_uid="accounts_membership_after")
def _membership_after(sender: Any, instance: CommitteeMembership, created: bool, **kwargs: Any) -> None:
    after = {"user": instance.user_id, "committee": instance.committee_id, "role": instance.role}
    before = getattr(instance, "_audit_before", {})
    if created:
        audit_access(action="role.granted", obj=instance, after=after)
    elif before.get("role") != instance.role:
        audit_access(action="role.changed", obj=instance, before=before, after=after)


@receiver(post_delete, sender=CommitteeMembership, dispatch_uid="accounts_membership_revoked")
def _membership_revoked(sender: Any, instance: CommitteeMembership, **kwargs: Any) -> None:
    before = {"user": instance.user_id, "committee": instance.committee_id, "role": instance.role}
    audit_access(action="role.revoked", obj=instance, before=before)


@receiver(pre_save, sender=ApiToken, dispatch_uid="accounts_token_before")
def _token_before(sender: Any, instance: ApiToken, **kwargs: Any) -> None:
    instance._audit_before = _previous(sender, instance, ("revoked_at", "role"))


@receiver(post_save, sender=ApiToken, dispatch_uid="accounts_token_after")
def _token_after(sender: Any, instance: ApiToken, created: bool, **kwargs: Any) -> None:
    after = {
        "name": instance.name,
        "committee": instance.committee_id,
        "role": instance.role,
        "prefix": instance.prefix,
    }
    before = getattr(instance, "_audit_before", {})
    if created:
        audit_access(action="token.created", obj=instance, after=after)
    elif instance.revoked_at is not None and before.get("revoked_at") is None:
        audit_access(action="token.revoked", obj=instance, after=after)
    elif before.get("role") not in (None, instance.role):
        audit_access(action="token.role_changed", obj=instance, before=before, after=after)


@receiver(post_delete, sender=ApiToken, dispatch_uid="accounts_token_deleted")
def _token_deleted(sender: Any, instance: ApiToken, **kwargs: Any) -> None:
    audit_access(action="token.revoked", obj=instance, after={"deleted": True, "prefix": instance.prefix})


@receiver(pre_save, sender=TOTPDevice, dispatch_uid="accounts_device_before")
@receiver(pre_save, sender=StaffTOTPDevice, dispatch_uid="accounts_staff_device_before")
def _device_before(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    instance._audit_before = _previous(sender, instance, ("confirmed",))


@receiver(post_save, sender=TOTPDevice, dispatch_uid="accounts_device_after")
@receiver(post_save, sender=StaffTOTPDevice, dispatch_uid="accounts_staff_device_after")
def _device_after(sender: Any, instance: TOTPDevice, created: bool, **kwargs: Any) -> None:
    was = getattr(instance, "_audit_before", {}).get("confirmed", False)
    if instance.confirmed and not was:
        audit_access(action="auth.totp_device.added", obj=instance, after={"user": instance.user_id})
    elif was and not instance.confirmed:
        audit_access(action="auth.totp_device.removed", obj=instance, after={"user": instance.user_id})


@receiver(post_delete, sender=TOTPDevice, dispatch_uid="accounts_device_deleted")
@receiver(post_delete, sender=StaffTOTPDevice, dispatch_uid="accounts_staff_device_deleted")
def _device_deleted(sender: Any, instance: TOTPDevice, **kwargs: Any) -> None:
    if instance.confirmed:
        audit_access(action="auth.totp_device.removed", obj=instance, before={"user": instance.user_id})
