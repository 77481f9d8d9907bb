"""The audit trail of every change to money or compliance state."""

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Who changed money or compliance state, when, what changed and why. Written in the same
    transaction as the change; never updated or deleted."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=100, help_text="System actor when there is no user.")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True, default="")

    class Meta:
        db_table = "compliance_auditevent"  # the table kept its name when the model moved here
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"


class LedgerLink(models.Model):
    """One link of the ledger's hash chain, written by PostgreSQL itself (operations' migration installs an AFTER
    INSERT/UPDATE trigger on every protected table): the row as it was written (``row_data``), its digest, and
    sha256(prev_hash|table|row id|op|digest). The app never writes here; ``ledger_verify`` recomputes it."""

    table_name = models.CharField(max_length=64)
    row_id = models.BigIntegerField()
    committee_id = models.BigIntegerField(null=True, blank=True)
    op = models.CharField(max_length=1, help_text="I: insert, U: update")
    row_data = models.JSONField()
    row_digest = models.CharField(max_length=64)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    recorded_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["table_name", "row_id"])]

    def __str__(self) -> str:
        return f"{self.pk} {self.table_name}#{self.row_id} {self.hash[:12]}"
