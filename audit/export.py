"""The audit log as CSV (admin action and staff API). An export is itself audited."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.models import AuditEvent
from audit.services import audit_record
from fundraising.spreadsheet import spreadsheet_writer

COLUMNS = ["occurred_at", "actor", "action", "object_type", "object_id", "before", "after", "reason"]


class AuditExport:
    """What the export's own audit event points at (no table of its own)."""

    def __init__(self, label: str) -> None:
        self.pk = label


@transaction.atomic
def audit_export_csv(*, events: Iterable[AuditEvent], actor: AbstractBaseUser | None, scope: str) -> str:
    out = io.StringIO()
    writer = spreadsheet_writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for event in events:
        writer.writerow(
            [
                event.occurred_at.isoformat(),
                event.actor_label,
                event.action,
                event.object_type,
                event.object_id,
                json.dumps(event.before, sort_keys=True),
                json.dumps(event.after, sort_keys=True),
                event.reason,
            ]
        )
        count += 1
    audit_record(actor=actor, action="audit.exported", obj=AuditExport(scope[:64]), after={"rows": count}, reason=scope)
    return out.getvalue()
