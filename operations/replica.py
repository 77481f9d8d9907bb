"""Reads off the primary: choose the replica for a read session only once it has replayed past the primary's
current WAL position, so a report or dashboard never misses a gift the primary had committed when it started.

``pg_current_wal_lsn()`` on the primary is read at the start of the session (a report build starts after its
request committed, so this position is past the request); the replica's ``pg_last_wal_replay_lsn()`` is polled
until it reaches it. A replica that is down, not in recovery, or still behind after ``REPLICA_MAX_WAIT_SECONDS``
sends the session to the primary instead (counted in ``fundraising_replica_sessions_total{target=...}``)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from fundraising.db_reads import reading_from
from fundraising.metrics import REPLICA_READS, REPLICA_WAIT
from operations.db_router import REPLICA

logger = logging.getLogger(__name__)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def primary_wal_lsn() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_replayed_past(lsn: str) -> bool | None:
    """True when the replica has replayed up to ``lsn``; None when it is not a replica at all."""
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
        in_recovery, replayed = cursor.fetchone()
    return bool(replayed) if in_recovery else None


def replica_read_alias(*, purpose: str, max_wait: float | None = None) -> str:
    """The alias a read session should use now: the replica once it has caught up with the primary, else the
    primary. Never raises for a replica problem."""
    if not replica_configured():
        REPLICA_READS.labels(target="primary_no_replica").inc()
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].vendor != "postgresql":
        return DEFAULT_DB_ALIAS
    wait = settings.REPLICA_MAX_WAIT_SECONDS if max_wait is None else max_wait
    started = time.monotonic()
    try:
        target = primary_wal_lsn()
        pause = 0.005
        while True:
            replayed = replica_replayed_past(target)
            if replayed is None:
                logger.error("DATABASE_REPLICA_URL is not a replica (not in recovery); reading the primary")
                REPLICA_READS.labels(target="primary_not_a_replica").inc()
                return DEFAULT_DB_ALIAS
            if replayed:
                REPLICA_WAIT.observe(time.monotonic() - started)
                REPLICA_READS.labels(target="replica").inc()
                return REPLICA
            if time.monotonic() - started > wait:
                logger.warning("replica behind after %.1fs (%s); reading the primary", wait, purpose)
                REPLICA_READS.labels(target="primary_replica_lagging").inc()
                return DEFAULT_DB_ALIAS
            time.sleep(pause)
            pause = min(0.2, pause * 2)
    except DatabaseError as exc:
        logger.warning("replica unavailable (%s, %s); reading the primary", type(exc).__name__, purpose)
        REPLICA_READS.labels(target="primary_replica_down").inc()
        connections[REPLICA].close()
        return DEFAULT_DB_ALIAS


@contextmanager
def read_session(*, purpose: str, max_wait: float | None = None) -> Iterator[str]:
    """Run the block's reads on the replica when it is caught up (see module doc); yields the alias used."""
    alias = replica_read_alias(purpose=purpose, max_wait=max_wait)
    with reading_from(alias):
        yield alias
