"""Login lockouts (django-axes): audit each lockout and each lift, and lift one for an operator.

Axes counts failed logins per account and per client address and refuses the next one past the limit
(config/settings/components/staff_access.py). An attempt row deleted (by ``login_unlock``, axes' own reset
commands or the admin) lifts the lockout it held; each deletion is audited."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.audit import AuditSubject, audit_access, printable

USERNAME_MAX = 150  # Django's username length; axes stores at most 255


def attempted_username(request: Any, credentials: dict[str, Any] | None) -> str:
    """The username a login attempt names, cut to a storable length (django-axes' AXES_USERNAME_CALLABLE)."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "POST", {}).get("username", "")
    return str(value or "")[:USERNAME_MAX]


def lockout_lift(*, username: str = "", ip: str = "") -> int:
    """Remove the failed attempts of ``username`` and/or ``ip`` (each removal is audited). Returns how many."""
    if not (username or ip):
        raise ValueError("Name a username or an address.")
    return reset(username=username or None, ip=ip or None)


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def _locked_out(sender: Any, request: Any = None, username: str = "", ip_address: str = "", **kwargs: Any) -> None:
    name = printable(str(username or ""), 64)
    audit_access(
        action="auth.login.locked_out",
        obj=AuditSubject("LoginAttempt", name),
        actor=f"anonymous:{name}",
        after={"ip": ip_address or ""},
    )


@receiver(post_delete, sender=AccessAttempt, dispatch_uid="accounts_lockout_lifted")
def _attempt_deleted(sender: Any, instance: AccessAttempt, **kwargs: Any) -> None:
    audit_access(
        action="auth.lockout.lifted",
        obj=AuditSubject("LoginAttempt", printable(instance.username or "", 64)),
        before={"ip": instance.ip_address or "", "failures": instance.failures_since_start},
    )
