"""Reports: request one (staff), build it in a worker, mark it filed, amend it.

A report that is done and marked filed never changes: building refuses it, and amending makes a new
report version (F3A/F3XA/F3PA) that points at the original."""

import logging
from datetime import date, timedelta

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.ledger import ledger_head
from audit.services import audit_record
from committees.models import Committee, Election
from compliance.models import FilingSubmission, Report
from compliance.reports.claims import LostClaim, report_claim, report_claimed
from compliance.reports.periods import natural_period_start, period_end
from compliance.services.report_claims import report_queued_on_commit
from fundraising.exceptions import ApplicationError, Conflict
from fundraising.validators import fec_filing_id_cleaned

logger = logging.getLogger(__name__)

REPORT_CODES = ["Q1", "Q2", "Q3", "YE", "12P", "12G", "12R", "12S", "12C", "30G", "30R", "30S", "MY", "MYE", "TER"] + [
    f"M{month}" for month in range(2, 13)
]
ELECTION_CODES = ("12", "30")


def report_default_coverage(
    *, committee: Committee, report_code: str, year: int, election: Election | None = None
) -> tuple[date, date]:
    """Default coverage: from the day after the committee's previous report closed (else the natural start
    of the period), through the period end of the FEC calendar."""
    through = period_end(report_code=report_code, year=year, election_date=election.date if election else None)
    if through is None:
        raise ApplicationError(
            f"Give the coverage dates for a {report_code} report (they are not on the FEC calendar).",
            field="coverage_through",
        )
    previous = (
        Report.objects.filter(committee=committee, coverage_through__lt=through)
        .exclude(status=Report.Status.FAILED)
        .order_by("-coverage_through")
        .values_list("coverage_through", flat=True)
        .first()
    )
    start = natural_period_start(report_code=report_code, year=year)
    if previous is not None and previous >= start - timedelta(days=366):
        start = previous + timedelta(days=1)
    if committee.opening_cash_as_of and start < committee.opening_cash_as_of <= through:
        start = committee.opening_cash_as_of
    return start, through


@transaction.atomic
def report_request(
    *,
    committee: Committee,
    report_code: str,
    requested_by: AbstractBaseUser | None,
    coverage_from: date | None = None,
    coverage_through: date | None = None,
    year: int | None = None,
    election: Election | None = None,
    form: str = "",
    date_signed: date | None = None,
    enqueue: bool = True,
) -> Report:
    """Create a queued report and enqueue the worker job once the row is committed."""
    report_code = report_code.upper()
    if report_code not in REPORT_CODES:
        raise ApplicationError(f"{report_code} is not an FEC report code.", field="report_code")
    form = (form or committee.report_form).upper()
    if form != committee.report_form:
        raise ApplicationError(
            f"A {committee.get_committee_type_display()} files {committee.report_form}, not {form}.", field="form"
        )
    if report_code[:2] in ELECTION_CODES and election is None:
        raise ApplicationError(f"A {report_code} report needs the election it is for.", field="election")
    if election is not None and election.committee_id != committee.pk:
        raise ApplicationError("Not an election of this committee.", field="election")
    if coverage_from is None or coverage_through is None:
        if year is None:
            year = (coverage_through or coverage_from or timezone.localdate(timezone=committee.tzinfo)).year
        default_from, default_through = report_default_coverage(
            committee=committee, report_code=report_code, year=year, election=election
        )
        coverage_from = coverage_from or default_from
        coverage_through = coverage_through or default_through
    if coverage_through < coverage_from:
        raise ApplicationError("The coverage period ends before it starts.", field="coverage_through")
    report = Report.objects.create(
        committee=committee,
        form=form,
        report_code=report_code,
        coverage_from=coverage_from,
        coverage_through=coverage_through,
        election=election,
        date_signed=date_signed,
        requested_by=requested_by if requested_by is not None and requested_by.pk else None,
    )
    audit_record(
        actor=requested_by,
        action="report.requested",
        obj=report,
        after={"form": form, "code": report_code, "from": coverage_from, "through": coverage_through},
    )
    if enqueue:
        report_queued_on_commit(report_pk=report.pk)
    return report


def report_build(*, report_pk: int) -> Report:
    """Claim a queued report (or one whose build stopped beating, see compliance.reports.claims) and build its
    files. Single-flight: the claim locks the row and numbers the attempt, and the files are published only while the
    report still carries that attempt. A filed report is never rebuilt."""
    from compliance.reports.build import build_report_files

    attempt = report_claim(report_pk=report_pk)
    report = Report.objects.select_related("committee", "election", "amendment_of").get(pk=report_pk)
    if attempt is None:
        return report
    try:
        build_report_files(report, attempt=attempt)
    except LostClaim:
        logger.warning("report build lost its claim report=%s attempt=%s", report_pk, attempt)
        return Report.objects.get(pk=report_pk)
    except Exception as exc:
        logger.exception("report build crashed report=%s", report_pk)
        Report.objects.filter(report_claimed(report_pk=report_pk, attempt=attempt)).update(
            status=Report.Status.FAILED,
            errors=[f"Internal error while building: {type(exc).__name__}"],
            finished_at=timezone.now(),
        )
        raise
    report.refresh_from_db()
    with transaction.atomic():
        audit_record(
            actor=None,
            action=f"report.{report.status}",
            obj=report,
            after={"fec_sha256": report.fec_sha256, "errors": len(report.errors), "attempt": attempt},
        )
    return report


@transaction.atomic
def report_mark_filed(
    *,
    report: Report,
    fec_filing_id: str,
    actor: AbstractBaseUser | None,
    signed_by: str = "",
    date_signed: date | None = None,
) -> Report:
    """Record that the FEC accepted the filing: its filing id, who signed it and on what date. The date must be
    the one on the file's cover (the .fec that was filed carries it); ``signed_by`` defaults to the treasurer the
    cover names."""
    report = Report.objects.select_for_update().select_related("committee").get(pk=report.pk)
    if report.status != Report.Status.DONE:
        raise Conflict("Only a finished report can be marked filed.")
    if report.filed_at is not None:
        raise Conflict("This report is already filed; amend it instead.")
    if report.submissions.filter(status__in=FilingSubmission.OPEN).exists():
        raise Conflict("This report was submitted to the FEC and is waiting for its answer; it is marked filed then.")
    fec_filing_id = fec_filing_id_cleaned(fec_filing_id)
    if not fec_filing_id.isdigit():
        raise ApplicationError(
            "The FEC filing id is the number the FEC gave the filing, e.g. 1550126.", field="fec_filing_id"
        )
    if date_signed is not None and report.date_signed is not None and date_signed != report.date_signed:
        raise ApplicationError(
            f"The filed .fec says it was signed on {report.date_signed:%Y-%m-%d}; enter that date, or build the "
            "report again with the date it was really signed and file that.",
            field="date_signed",
        )
    committee = report.committee
    signed_by = " ".join(signed_by.split())[:100] or (
        f"{committee.treasurer_first_name} {committee.treasurer_last_name}".strip()
    )
    report.fec_filing_id = fec_filing_id
    report.filed_at = timezone.now()
    report.signed_by = signed_by
    # The ledger's chain head as the report is filed: any later edit of the books behind it is detectable.
    head = ledger_head()
    report.ledger_head = str(head) if head is not None else ""
    report.save(update_fields=["fec_filing_id", "filed_at", "signed_by", "ledger_head", "updated_at"])
    audit_record(
        actor=actor,
        action="report.filed",
        obj=report,
        after={
            "fec_filing_id": fec_filing_id,
            "signed_by": signed_by,
            "date_signed": report.date_signed,
            "ledger_head": report.ledger_head,
        },
    )
    return report


@transaction.atomic
def report_amend(
    *, report: Report, actor: AbstractBaseUser | None, date_signed: date | None = None, enqueue: bool = True
) -> Report:
    """A new version of a filed report (F3A / F3XA / F3PA): same committee, code, dates and election; HDR
    points at the original filing and carries the amendment number. Transactions keep their ids."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.filed_at is None:
        raise Conflict("Only a filed report can be amended; rebuild an unfiled one instead.")
    original = report
    while original.amendment_of_id is not None:
        original = Report.objects.get(pk=original.amendment_of_id)
    if not original.fec_filing_id:
        raise Conflict("The original report has no FEC filing id; mark it filed with the FEC's id first.")
    newer = Report.objects.filter(amendment_of=original).exclude(status=Report.Status.FAILED)
    number = max([r.amendment_number for r in newer], default=0) + 1
    amendment = Report.objects.create(
        committee=report.committee,
        form=report.form,
        report_code=report.report_code,
        coverage_from=report.coverage_from,
        coverage_through=report.coverage_through,
        election=report.election,
        amendment_of=original,
        amendment_number=number,
        date_signed=date_signed,
        requested_by=actor if actor is not None and actor.pk else None,
    )
    Report.objects.filter(pk__in=[report.pk, original.pk]).update(needs_amendment=False)
    audit_record(
        actor=actor,
        action="report.amended",
        obj=amendment,
        after={"amends": original.pk, "fec_filing_id": original.fec_filing_id, "number": number},
    )
    if enqueue:
        report_queued_on_commit(report_pk=amendment.pk)
    return amendment


def reports_flag_for_amendment(*, committee: Committee, dates: set[date] | list[date], cash_chain: bool = True) -> int:
    """Mark filed reports a change dated on any of ``dates`` affects as needing an amendment: the one whose period
    holds the date and, for a change of money (``cash_chain``), every filed report after it, whose opening cash on
    hand is the previous report's closing cash (11 CFR 104.3(a)(1)) and whose column B includes the date. A change
    that moves no money (a donor's employer, a memo row) flags only the reports whose period holds a date.
    Returns how many."""
    if not dates:
        return 0
    filed = Report.objects.filter(committee=committee, filed_at__isnull=False, needs_amendment=False)
    if cash_chain:
        return filed.filter(coverage_through__gte=min(dates)).update(needs_amendment=True)
    holds = Q()
    for day in dates:
        holds |= Q(coverage_from__lte=day, coverage_through__gte=day)
    return filed.filter(holds).update(needs_amendment=True)
