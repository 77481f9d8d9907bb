"""Audit records for staff access: logins (both factors), exports of donor data and permission changes.
Every write goes through audit.services.audit_record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from accounts.context import current_actor
from audit.models import AuditEvent
from audit.services import audit_record
from fundraising.client_ip import client_ip


@dataclass(frozen=True)
class AuditSubject:
    """Something audited that is not a row of ours (a login attempt by name, an export of a list)."""

    kind: str
    pk: str


def actor_kwargs(actor: Any = None) -> dict[str, Any]:
    """``actor``/``actor_label`` for audit_record: the given actor, else whoever acts in this request/command."""
    actor = actor if actor is not None else current_actor()
    if isinstance(actor, str):
        return {"actor": None, "actor_label": actor}
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor": None, "actor_label": "anonymous" if actor is not None else "system"}
    return {"actor": actor if getattr(actor, "pk", None) else None, "actor_label": actor.get_username()}


def audit_access(
    *,
    action: str,
    obj: Any,
    actor: Any = None,
    after: dict[str, Any] | None = None,
    before: dict[str, Any] | None = None,
) -> AuditEvent:
    subject = obj
    if isinstance(obj, AuditSubject):  # audit_record names the object by its class: name it by kind
        subject = type(obj.kind, (), {"pk": obj.pk})()
    return audit_record(action=action, obj=subject, before=before, after=after, **actor_kwargs(actor))


def audit_export(*, actor: Any, what: str, obj: Any, after: dict[str, Any] | None = None) -> AuditEvent:
    """Donor data left the system: a report file, a CSV, a list of contributions."""
    return audit_access(action=f"export.{what}", obj=obj, actor=actor, after=after)


def printable(text: str, limit: int) -> str:
    """``text`` without control characters, cut to ``limit``: what an anonymous caller may put in the log."""
    return "".join(ch if ch.isprintable() else "?" for ch in text[:limit])


def anonymous_audit_exhausted(request: Any) -> bool:
    """Has this client already written its share of anonymous audit events in this window? (Counts this one.)"""
    rate = f"{settings.AUDIT_ANONYMOUS_EVENTS_PER_CLIENT}/{settings.AUDIT_ANONYMOUS_WINDOW_SECONDS}s"
    return is_ratelimited(
        request,
        group="audit.anonymous",
        key=lambda _group, req: client_ip(req) or "unknown",
        rate=rate,
        method=is_ratelimited.ALL,
        increment=True,
    )
