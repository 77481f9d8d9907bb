"""Publishing the ledger's chain head outside the database (daily, from beat).

The head ("link id:sha256" of the chain's last link, audit.ledger) goes to the project's object store as
``ledger/heads/YYYY-MM-DD.json``. A day's head is written once and never replaced; on S3 with Object Lock enabled on
the bucket it is stored in compliance mode until LEDGER_HEAD_RETENTION_DAYS, so not even the account's root can
delete or overwrite it before then. Whoever rewrites the books in PostgreSQL cannot rewrite these: `ledger_verify
--expect-head` shows the chain no longer passes through a published head."""

import json
import logging
import posixpath
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from audit.ledger import ledger_head

logger = logging.getLogger(__name__)

PREFIX = "ledger/heads/"


@dataclass(frozen=True)
class PublishedHead:
    name: str
    head: str
    locked_until: datetime | None  # None: the store has no object lock (written once, not enforced)
    written: bool  # False: that day's head was already published


def ledger_head_name(day: date) -> str:
    return f"{PREFIX}{day:%Y-%m-%d}.json"


def _s3_object_lock(bucket: str) -> bool:
    from botocore.exceptions import ClientError

    try:
        config = default_storage.connection.meta.client.get_object_lock_configuration(Bucket=bucket)
    except ClientError:
        return False
    return config.get("ObjectLockConfiguration", {}).get("ObjectLockEnabled") == "Enabled"


def ledger_head_publish(*, day: date | None = None) -> PublishedHead | None:
    """Write today's chain head to the object store, once. None when the ledger is empty or not PostgreSQL."""
    head = ledger_head()
    if head is None:
        return None
    now = timezone.now()
    day = day or now.date()
    name = ledger_head_name(day)
    body = json.dumps(
        {
            "head": str(head),
            "link_id": head.link_id,
            "hash": head.hash,
            "recorded_at": head.recorded_at.isoformat(),
            "published_at": now.isoformat(),
        },
        sort_keys=True,
    ).encode()
    if default_storage.exists(name):
        logger.info("ledger head already published name=%s", name)
        return PublishedHead(name=name, head=str(head), locked_until=None, written=False)
    locked_until = None
    bucket = getattr(default_storage, "bucket_name", None)
    if bucket and _s3_object_lock(bucket):
        locked_until = now + timedelta(days=settings.LEDGER_HEAD_RETENTION_DAYS)
        key = posixpath.join(default_storage.location or "", name)
        default_storage.connection.meta.client.put_object(
            Bucket=bucket,
            Key=key,
            Body=body,
            ContentType="application/json",
            ObjectLockMode="COMPLIANCE",
            ObjectLockRetainUntilDate=locked_until,
        )
    else:
        default_storage.save(name, ContentFile(body))
    logger.info("ledger head published name=%s link=%s locked=%s", name, head.link_id, locked_until is not None)
    return PublishedHead(name=name, head=str(head), locked_until=locked_until, written=True)
