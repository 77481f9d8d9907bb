"""Retention: every backup of the last BACKUP_KEEP_DAYS days, then the newest of each month for
BACKUP_KEEP_MONTHS months, never fewer than BACKUP_KEEP_MIN; unencrypted backups are refused."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile

from operations.services.backups import (
    BackupError,
    backup_create,
    backup_name,
    backup_storage,
    backups_list,
    backups_prune,
)


@pytest.fixture
def backups_dir(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "backups": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}  # fmt: skip
    return tmp_path


def test_prune_keeps_recent_days_then_one_per_month(backups_dir, settings):
    settings.BACKUP_KEEP_DAYS, settings.BACKUP_KEEP_MONTHS, settings.BACKUP_KEEP_MIN = 14, 3, 3
    now = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    for days in range(0, 150, 2):  # one every other day for five months
        backup_storage().save(backup_name(now - timedelta(days=days)), ContentFile(b"x"))
    backup_storage().save("notes.txt", ContentFile(b"not a backup"))
    deleted = backups_prune(now=now)
    kept = [info.created_at for info in backups_list()]
    assert all(now - at < timedelta(days=14) for at in kept[-7:])
    assert len([at for at in kept if now - at < timedelta(days=14)]) == 7
    old = [at for at in kept if now - at >= timedelta(days=14)]
    assert len({(at.year, at.month) for at in old}) == len(old)  # one per month beyond two weeks
    assert {(at.year, at.month) for at in kept} == {(2026, 11), (2026, 10), (2026, 9)}
    assert len(deleted) == 75 - len(kept) and (backups_dir / "notes.txt").exists()


def test_prune_never_goes_below_the_minimum(backups_dir, settings):
    settings.BACKUP_KEEP_DAYS, settings.BACKUP_KEEP_MONTHS, settings.BACKUP_KEEP_MIN = 1, 0, 3
    now = datetime(2026, 11, 30, tzinfo=UTC)
    for days in (100, 200, 300, 400):
        backup_storage().save(backup_name(now - timedelta(days=days)), ContentFile(b"x"))
    backups_prune(now=now)
    assert len(backups_list()) == 3


def test_no_recipients_no_backup(backups_dir, settings):
    settings.BACKUP_AGE_RECIPIENTS = []
    with pytest.raises(BackupError, match="unencrypted"):
        backup_create()
