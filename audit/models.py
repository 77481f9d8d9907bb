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
