"""Who is building a report: the claim, the heartbeat and the watchdog.

A build claims a report with its row locked (queued, or running with a stale heartbeat) and gets an attempt
number. While it works it beats ``heartbeat_at``; each beat, and the final publish, only touch the row if it
still carries that attempt, so a builder that lost its claim stops (``LostClaim``) and never publishes. The
watchdog (a beat task, idempotent) hands a running report whose heartbeat is stale back to the queue with a
conditional UPDATE and queues its build again: a worker killed mid-report is redelivered by Redis only after
the visibility timeout (hours); the watchdog does it within minutes."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from compliance.models import Report

logger = logging.getLogger(__name__)


class LostClaim(Exception):
    """The report was handed to another build (the watchdog thought this one dead)."""


def stale_after() -> timedelta:
    return timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS)


def _stale(cutoff: datetime) -> Q:
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)


def report_claim(*, report_pk: int) -> int | None:
    """Claim the report for a build; returns the attempt number, or None when it is not ours to build
    (done, failed, filed, or running with a live heartbeat)."""
    now = timezone.now()
    claimable = Q(status=Report.Status.QUEUED) | (Q(status=Report.Status.RUNNING) & _stale(now - stale_after()))
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(claimable, pk=report_pk, filed_at__isnull=True).first()
        if report is None:
            return None
        report.build_attempt += 1
        report.status = Report.Status.RUNNING
        report.started_at = report.heartbeat_at = now
        report.progress = 0
        report.save(update_fields=["build_attempt", "status", "started_at", "heartbeat_at", "progress", "updated_at"])
    return report.build_attempt


def report_claimed(*, report_pk: int, attempt: int) -> Q:
    """The filter that matches the report only while this attempt holds it."""
    return Q(pk=report_pk, status=Report.Status.RUNNING, build_attempt=attempt)


def report_heartbeat(*, report_pk: int, attempt: int, progress: int | None = None) -> None:
    fields: dict[str, object] = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields["progress"] = progress
    if not Report.objects.filter(report_claimed(report_pk=report_pk, attempt=attempt)).update(**fields):
        raise LostClaim(report_pk)


def reports_requeue_stale(*, enqueue: bool = True) -> list[int]:
    """Queue again every running report whose build stopped beating. Idempotent: each report is taken back
    with a conditional UPDATE (still running, same attempt, still stale), so two watchdogs, or a watchdog
    and a slow build that beats just in time, never both win."""
    cutoff = timezone.now() - stale_after()
    candidates = Report.objects.filter(_stale(cutoff), status=Report.Status.RUNNING, filed_at__isnull=True)
    requeued = []
    for pk, attempt in candidates.values_list("pk", "build_attempt"):
        with transaction.atomic():
            taken = Report.objects.filter(_stale(cutoff), report_claimed(report_pk=pk, attempt=attempt)).update(
                status=Report.Status.QUEUED, progress=0, heartbeat_at=None
            )
            if not taken:
                continue
            report = Report.objects.get(pk=pk)
            audit_record(actor=None, action="report.requeued", obj=report, after={"stale_attempt": attempt})
            if enqueue:
                transaction.on_commit(lambda pk=pk: _enqueue(pk))
        logger.warning("report build stale, queued again report=%s attempt=%s", pk, attempt)
        requeued.append(pk)
    return requeued


def _enqueue(report_pk: int) -> None:
    from compliance.tasks import report_build_task

    report_build_task.delay(report_pk)
