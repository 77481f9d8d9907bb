"""Celery tasks of the operations app: thin wrappers around services."""

from celery import shared_task

from operations.services.backups import backup_create, backups_prune
from operations.services.ledger import ledger_head_publish


@shared_task(acks_late=True, time_limit=6 * 3600, soft_time_limit=6 * 3600 - 60)
def database_backup_task() -> str:
    """The scheduled backup (beat, daily at BACKUP_HOUR_UTC), then the retention policy."""
    result = backup_create()
    backups_prune()
    return result.name


@shared_task(acks_late=True)
def ledger_head_publish_task() -> str:
    """The daily chain head, written once to the object store (beat, LEDGER_HEAD_HOUR_UTC)."""
    published = ledger_head_publish()
    return published.name if published is not None else ""
