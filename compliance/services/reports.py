"""Reports: request one (staff), build it in a worker, mark it filed, amend it."""

import logging
from datetime import date

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from compliance.models import Committee, Election, Report
from compliance.services.audit import audit_record
from fundraising.exceptions import ApplicationError, Conflict

logger = logging.getLogger(__name__)


@transaction.atomic
def report_request(
    *,
    committee: Committee,
    report_code: str,
    coverage_from: date,
    coverage_through: date,
    requested_by: AbstractBaseUser | None,
    election: Election | None = None,
    form: str = "",
) -> Report:
    """Create a queued report and enqueue the worker job once the row is committed."""
    if coverage_through < coverage_from:
        raise ApplicationError("The coverage period ends before it starts.", field="coverage_through")
    form = form or committee.report_form
    if form != committee.report_form:
        raise ApplicationError(
            f"A {committee.get_committee_type_display()} files {committee.report_form}.", field="form"
        )
    report = Report.objects.create(
        committee=committee,
        form=form,
        report_code=report_code,
        coverage_from=coverage_from,
        coverage_through=coverage_through,
        election=election,
        requested_by=requested_by if requested_by is not None and requested_by.pk else None,
    )
    audit_record(
        actor=requested_by,
        action="report.requested",
        obj=report,
        after={"form": form, "code": report_code, "from": coverage_from, "through": coverage_through},
    )
    transaction.on_commit(lambda: _enqueue_build(report.pk))
    return report


def _enqueue_build(report_pk: int) -> None:
    from compliance.tasks import report_build_task

    report_build_task.delay(report_pk)


def report_build(*, report_pk: int) -> Report:
    """Claim a queued (or crashed-while-running) report and build its files. Single-flight: the status
    claim is an atomic UPDATE, so two workers never build the same report at once."""
    from compliance.reports.build import build_report_files

    claimed = Report.objects.filter(pk=report_pk, status__in=[Report.Status.QUEUED, Report.Status.RUNNING]).update(
        status=Report.Status.RUNNING, started_at=timezone.now(), progress=0
    )
    report = Report.objects.select_related("committee", "election").get(pk=report_pk)
    if not claimed:
        return report
    try:
        build_report_files(report)
    except Exception as exc:
        logger.exception("report build crashed report=%s", report_pk)
        Report.objects.filter(pk=report_pk).update(
            status=Report.Status.FAILED,
            errors=[f"Internal error while building: {type(exc).__name__}"],
            finished_at=timezone.now(),
        )
        raise
    report.refresh_from_db()
    return report


@transaction.atomic
def report_mark_filed(*, report: Report, fec_filing_id: str, actor: AbstractBaseUser) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DONE:
        raise Conflict("Only a finished report can be marked filed.")
    if report.filed_at is not None:
        raise Conflict("This report is already filed; amend it instead.")
    report.fec_filing_id = fec_filing_id
    report.filed_at = timezone.now()
    report.save(update_fields=["fec_filing_id", "filed_at", "updated_at"])
    audit_record(actor=actor, action="report.filed", obj=report, after={"fec_filing_id": fec_filing_id})
    return report
