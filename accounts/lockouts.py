"""Login lockouts (django-axes): audit each lockout and each lift, and lift one for an operator.

Axes counts failed logins per account and per client address and refuses the next one past the limit
(config/settings/components/staff_access.py). An operator lifts a lockout early with ``login_unlock`` or in the
admin (deleting the attempt records); both are audited. (A successful login also clears the account's own
failures, as AXES_RESET_ON_SUCCESS says; that is no lift and is not audited.)"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.dispatch import receiver

from accounts.audit import AuditSubject, anonymous_audit_exhausted, audit_access, printable

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
    found = AccessAttempt.objects.all()
    if username:
        found = found.filter(username=username)
    if ip:
        found = found.filter(ip_address=ip)
    lockout_attempts_audit_lifted(list(found))
    return reset(username=username or None, ip=ip or None)


@receiver(user_locked_out, dispatch_uid="accounts_locked_out")
def _locked_out(sender: Any, request: Any = None, username: str = "", ip_address: str = "", **kwargs: Any) -> None:
    # Axes signals this on every refused attempt: bounded like every anonymous write (accounts.audit).
    if request is not None and anonymous_audit_exhausted(request):
        return
    name = printable(str(username or ""), 64)
    audit_access(
        action="auth.login.locked_out",
        obj=AuditSubject("LoginAttempt", name),
        actor=f"anonymous:{name}",
        after={"ip": ip_address or ""},
    )


def lockout_attempts_audit_lifted(attempts: Iterable[AccessAttempt]) -> None:
    """An operator removed these failed-attempt records (command or admin): audit each lift."""
    for attempt in attempts:
        audit_access(
            action="auth.lockout.lifted",
            obj=AuditSubject("LoginAttempt", printable(attempt.username or "", 64)),
            before={"ip": attempt.ip_address or "", "failures": attempt.failures_since_start},
        )
