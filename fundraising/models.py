"""Abstract base models and field defaults shared by the apps (no tables of its own)."""

import uuid

from django.db import models


def new_transaction_id() -> str:
    """An FEC transaction id: uppercase A/N, at most 20 characters, stable for life (original and amendments)."""
    return "T" + uuid.uuid4().hex[:19].upper()


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
