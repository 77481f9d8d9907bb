"""Announcing queued reports, and the watchdog that queues a stale build again.

The claim and heartbeat themselves are build state (``compliance.reports.claims``). When a report becomes
queued (requested, amended, or taken back by the watchdog) the service sends ``report_queued`` once its
transaction commits; the task layer's receiver (``compliance.tasks``, connected in ``compliance.apps``) queues
the build, so services never import the task layer. The watchdog (a beat task, idempotent) hands a running
report whose heartbeat is stale back to the queue with a conditional UPDATE and announces it again: a worker
killed mid-report is redelivered by Redis only after the visibility timeout (hours); the watchdog does it
within minutes."""

from __future__ import annotations

import logging

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from audit.services import audit_record
from compliance.models import Report
from compliance.reports.claims import report_claimed, stale, stale_after

logger = logging.getLogger(__name__)

report_queued = Signal()
"""A report waits for a build (kwargs: report_pk: int). Receivers only enqueue the build; a duplicate is
harmless (the claim lets one build through)."""


def report_queued_on_commit(*, report_pk: int) -> None:
    """Send ``report_queued`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: report_queued.send(sender=Report, report_pk=report_pk))


def reports_requeue_stale(*, enqueue: bool = True) -> list[int]:
    """Queue again every running report whose build stopped beating, and announce again every report left
    queued for longer than the stale window (its message was lost: the broker was down when it was requested,
    or Redis lost it). Idempotent: each report is taken with a conditional UPDATE, so two watchdogs, or a
    watchdog and a slow build that beats just in time, never both win; a duplicate message is harmless because
    the claim lets one build through."""
    cutoff = timezone.now() - stale_after()
    requeued = _running_requeue(cutoff, enqueue=enqueue)
    return requeued + _queued_announce_again(cutoff, enqueue=enqueue)


def _running_requeue(cutoff, *, enqueue: bool) -> list[int]:  # noqa: ANN001
    candidates = Report.objects.filter(stale(cutoff), status=Report.Status.RUNNING, filed_at__isnull=True)
    requeued = []
    for pk, attempt in candidates.values_list("pk", "build_attempt"):
        with transaction.atomic():
            taken = Report.objects.filter(stale(cutoff), report_claimed(report_pk=pk, attempt=attempt)).update(
                status=Report.Status.QUEUED, progress=0, heartbeat_at=None, updated_at=timezone.now()
            )
            if not taken:
                continue
            report = Report.objects.get(pk=pk)
            audit_record(actor=None, action="report.requeued", obj=report, after={"stale_attempt": attempt})
            if enqueue:
                report_queued_on_commit(report_pk=pk)
        logger.warning("report build stale, queued again report=%s attempt=%s", pk, attempt)
        requeued.append(pk)
    return requeued


def _queued_announce_again(cutoff, *, enqueue: bool) -> list[int]:  # noqa: ANN001
    """A queued report's ``updated_at`` is when it was queued (nothing else writes a queued report); one still
    queued past the window is announced again, and its ``updated_at`` moved so the next sweep waits again."""
    announced = []
    candidates = Report.objects.filter(status=Report.Status.QUEUED, updated_at__lt=cutoff, filed_at__isnull=True)
    for pk, queued_at in candidates.values_list("pk", "updated_at"):
        with transaction.atomic():
            taken = Report.objects.filter(pk=pk, status=Report.Status.QUEUED, updated_at=queued_at).update(
                updated_at=timezone.now()
            )
            if not taken:
                continue
            if enqueue:
                report_queued_on_commit(report_pk=pk)
        logger.warning("report queued since %s without a build, announced again report=%s", queued_at, pk)
        announced.append(pk)
    return announced
