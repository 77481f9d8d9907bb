"""A report build's claim and heartbeat: the build state the builder reads and writes.

A build claims a report with its row locked (queued, or running with a stale heartbeat) and gets an attempt
number. While it works it beats ``heartbeat_at``; each beat, and the final publish, only touch the row if it
still carries that attempt (``report_claimed``), so a builder that lost its claim stops (``LostClaim``) and
never publishes. Taking a stale build back and queueing it again is the watchdog's business
(``compliance.services.report_claims``); this module sits below the builder, which never calls up into
services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from compliance.models import Report


class LostClaim(Exception):
    """The report was handed to another build (the watchdog thought this one dead)."""


def stale_after() -> timedelta:
    return timedelta(seconds=settings.REPORT_HEARTBEAT_STALE_SECONDS)


def stale(cutoff: datetime) -> Q:
    """Running reports whose build last beat before ``cutoff`` (or never beat and started before it)."""
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)


def report_claim(*, report_pk: int) -> int | None:
    """Claim the report for a build; returns the attempt number, or None when it is not ours to build
    (done, failed, filed, or running with a live heartbeat)."""
    now = timezone.now()
    claimable = Q(status=Report.Status.QUEUED) | (Q(status=Report.Status.RUNNING) & stale(now - stale_after()))
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
    """Beat (and record progress) while this attempt holds the report; raises LostClaim when it does not."""
    fields: dict[str, object] = {"heartbeat_at": timezone.now()}
    if progress is not None:
        fields["progress"] = progress
    if not Report.objects.filter(report_claimed(report_pk=report_pk, attempt=attempt)).update(**fields):
        raise LostClaim(report_pk)
