"""Celery tasks of the operations app: thin wrappers around services."""

from celery import shared_task

from operations.services.backups import backup_create, backups_prune


@shared_task(acks_late=True, time_limit=6 * 3600, soft_time_limit=6 * 3600 - 60)
def database_backup_task() -> str:
    """The scheduled backup (beat, daily at BACKUP_HOUR_UTC), then the retention policy."""
    result = backup_create()
    backups_prune()
    return result.name
