"""The audit trail: who changed money or compliance state, what changed and why.

Call inside the same transaction as the change, so the change and its record commit together."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser

from audit.models import AuditEvent

SYSTEM_STRIPE = "system:stripe-webhook"
SYSTEM_WORKER = "system:worker"


def audit_record(
    *,
    actor: AbstractBaseUser | None,
    action: str,
    obj: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    actor_label: str = "",
) -> AuditEvent:
    label = actor_label or (actor.get_username() if actor is not None else SYSTEM_WORKER)
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=label[:100],
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.pk),
        before=_jsonable(before or {}),
        after=_jsonable(after or {}),
        reason=reason,
    )


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value if isinstance(value, (int, bool, type(None))) else str(value) for key, value in values.items()}
