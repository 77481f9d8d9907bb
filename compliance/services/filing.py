"""Filing a finished report with the FEC electronically: the committee's filing password (sealed at rest, set by
a treasurer, never shown back), a submission per attempt, the worker's upload and status polls through the one
gateway (compliance/filing/gateway.py), and on acceptance the report marked filed through ``report_mark_filed``.

A report is accepted at most once: ``FilingSubmission`` has a unique constraint on (report) where the status is
accepted and another where it is submitted/processing; a submission moves to a final status only by a
conditional UPDATE from an open one, so two workers answering the same poll record it once; and
``report_mark_filed`` refuses a report already filed. Every step is audited (never the password)."""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee
from compliance.filing.gateway import ACCEPTED, PROCESSING, FecAnswer, FecFilingError, FecUpload, fec_status, fec_upload
from compliance.models import FilingCredential, FilingSubmission, Report
from compliance.services.reports import report_mark_filed
from fundraising.exceptions import ApplicationError, Conflict
from fundraising.sealing import SealError, seal, unseal

logger = logging.getLogger(__name__)

PASSWORD_PURPOSE = "fec-filing-password"
PASSWORD_MAX_LENGTH = 64
Status = FilingSubmission.Status

# Sent (after commit) when a submission is created; compliance.tasks queues the worker's job.
filing_submission_queued = Signal()


def _person(actor: AbstractBaseUser | None) -> AbstractBaseUser | None:
    """The database user behind an actor (an API token's principal is none: the audit names the token)."""
    return actor if actor is not None and actor.pk else None


@transaction.atomic
def filing_password_set(*, committee: Committee, password: str, actor: AbstractBaseUser | None) -> None:
    """Keep the committee's electronic filing password (sealed). The value is never returned or logged."""
    if not password or not password.strip():
        raise ApplicationError("Enter the committee's electronic filing password.", field="password")
    if len(password) > PASSWORD_MAX_LENGTH or not password.isascii() or not password.isprintable():
        raise ApplicationError(
            f"An FEC filing password is printable ASCII, at most {PASSWORD_MAX_LENGTH} characters.", field="password"
        )
    existed = FilingCredential.objects.filter(committee=committee).exists()
    FilingCredential.objects.update_or_create(
        committee=committee,
        defaults={"password_sealed": seal(password, purpose=PASSWORD_PURPOSE), "set_by": _person(actor)},
    )
    audit_record(actor=actor, action="filing.password_set", obj=committee, after={"replaced": existed})


@transaction.atomic
def report_submit(*, report: Report, actor: AbstractBaseUser | None, enqueue: bool = True) -> FilingSubmission:
    """Submit a finished, unfiled report to the FEC: a new submission attempt, uploaded by a worker."""
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("committee", "amendment_of").get(pk=report.pk)
    )
    if report.status != Report.Status.DONE or not report.fec_file:
        raise Conflict("Only a finished report can be submitted to the FEC.")
    if report.filed_at is not None:
        raise Conflict(f"This report is already filed (FEC-{report.fec_filing_id}); amend it instead.")
    if not FilingCredential.objects.filter(committee=report.committee).exists():
        raise ApplicationError(
            "Enter the committee's FEC electronic filing password in Settings before submitting.", field="password"
        )
    if report.submissions.filter(status__in=FilingSubmission.OPEN).exists():
        raise Conflict("This report is already with the FEC; wait for its answer.")
    attempt = (report.submissions.aggregate(last=Max("attempt"))["last"] or 0) + 1
    submission = FilingSubmission.objects.create(
        report=report,
        attempt=attempt,
        fec_sha256=report.fec_sha256,
        submitted_by=_person(actor),
    )
    audit_record(
        actor=actor,
        action="report.submitted",
        obj=report,
        after={"submission": submission.pk, "attempt": attempt, "fec_sha256": report.fec_sha256},
    )
    if enqueue:
        transaction.on_commit(
            lambda: filing_submission_queued.send(sender=FilingSubmission, submission_pk=submission.pk)
        )
    return submission


def filing_submission_advance(*, submission_pk: int) -> bool:
    """One step of a submission in the worker: upload it, or ask the FEC for its answer. True when the FEC is
    still processing it (ask again later)."""
    submission = FilingSubmission.objects.select_related("report__committee", "report__amendment_of").get(
        pk=submission_pk
    )
    if submission.status not in FilingSubmission.OPEN:
        return False
    if not submission.fec_submission_id:
        return _upload(submission)
    return _poll(submission)


def _upload(submission: FilingSubmission) -> bool:
    claimed = FilingSubmission.objects.filter(
        pk=submission.pk, status=Status.SUBMITTED, upload_started_at__isnull=True
    ).update(upload_started_at=timezone.now())
    if not claimed:
        # An earlier run began this upload and never recorded an answer: the FEC may have the file.
        _finish(
            submission,
            Status.FAILED,
            ["The upload was interrupted before the FEC answered. Check the FEC's filings before submitting again."],
        )
        return False
    report = submission.report
    try:
        upload = _upload_for(report)
    except ApplicationError as exc:
        _finish(submission, Status.FAILED, [exc.message])
        return False
    try:
        answer = fec_upload(upload)
    except FecFilingError as exc:
        _finish(submission, Status.FAILED, [str(exc)])
        return False
    return _record(submission, answer)


def _upload_for(report: Report) -> FecUpload:
    with default_storage.open(report.fec_file, "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != report.fec_sha256:
        raise ApplicationError("The stored .fec file is not the one this report built; build the report again.")
    credential = FilingCredential.objects.filter(committee=report.committee).first()
    if credential is None:
        raise ApplicationError("The committee's FEC filing password was removed; enter it in Settings.")
    try:
        password = unseal(credential.password_sealed, purpose=PASSWORD_PURPOSE)
    except SealError:
        raise ApplicationError(
            "The committee's FEC filing password cannot be read with this server's key; enter it again in Settings."
        ) from None
    amendment_id = ""
    if report.amendment_of_id is not None:
        amendment_id = f"FEC-{report.amendment_of.fec_filing_id}"
    return FecUpload(committee_id=report.committee.fec_id, password=password, fec_file=data, amendment_id=amendment_id)


def _poll(submission: FilingSubmission) -> bool:
    polls = submission.polls + 1
    FilingSubmission.objects.filter(pk=submission.pk).update(polls=polls, updated_at=timezone.now())
    submission.polls = polls
    try:
        answer = fec_status(submission_id=submission.fec_submission_id)
    except FecFilingError as exc:
        logger.warning("fec status failed submission=%s retryable=%s", submission.pk, exc.retryable)
        return polls < settings.FEC_FILING_MAX_POLLS
    return _record(submission, answer)


def _record(submission: FilingSubmission, answer: FecAnswer) -> bool:
    if answer.status == PROCESSING:
        FilingSubmission.objects.filter(pk=submission.pk, status__in=FilingSubmission.OPEN).update(
            status=Status.PROCESSING, fec_submission_id=answer.submission_id, updated_at=timezone.now()
        )
        return submission.polls < settings.FEC_FILING_MAX_POLLS
    if answer.status == ACCEPTED:
        _accept(submission, answer)
        return False
    _finish(submission, Status.REJECTED, answer.messages or ["The FEC rejected the filing."], answer=answer)
    return False


@transaction.atomic
def _accept(submission: FilingSubmission, answer: FecAnswer) -> None:
    filing_id = answer.filing_id.strip().upper()
    if not filing_id.removeprefix("FEC-").isdigit():
        unreadable = f"The FEC accepted the filing but gave no readable filing id ({filing_id!r})."
        _finish(submission, Status.FAILED, [unreadable])
        return
    report = Report.objects.select_for_update(of=("self",)).get(pk=submission.report_id)
    notes = list(answer.messages)
    if report.filed_at is not None:  # marked filed by hand meanwhile: the FEC now holds two filings of it
        notes.append(
            f"This report was already marked filed as FEC-{report.fec_filing_id}; the FEC accepted this second "
            "filing too. Ask the FEC which one stands, and amend if needed."
        )
    moved = FilingSubmission.objects.filter(pk=submission.pk, status__in=FilingSubmission.OPEN).update(
        status=Status.ACCEPTED,
        fec_submission_id=answer.submission_id,
        fec_filing_id=filing_id,
        messages=notes,
        finished_at=timezone.now(),
    )
    if not moved:
        return  # another run recorded this answer already
    if report.filed_at is not None:
        audit_record(
            actor=None,
            action="report.submission_accepted_after_filed",
            obj=report,
            after={"submission": submission.pk, "fec_filing_id": filing_id, "filed_as": report.fec_filing_id},
        )
        return
    report_mark_filed(report=submission.report, fec_filing_id=filing_id, actor=submission.submitted_by)
    audit_record(
        actor=None,
        action="report.submission_accepted",
        obj=submission.report,
        after={"submission": submission.pk, "attempt": submission.attempt, "fec_filing_id": filing_id},
    )


@transaction.atomic
def _finish(submission: FilingSubmission, status: str, messages: list[str], *, answer: FecAnswer | None = None) -> None:
    changes = {"status": status, "messages": messages, "finished_at": timezone.now()}
    if answer is not None:
        changes["fec_submission_id"] = answer.submission_id
    moved = FilingSubmission.objects.filter(pk=submission.pk, status__in=FilingSubmission.OPEN).update(**changes)
    if moved:
        audit_record(
            actor=None,
            action=f"report.submission_{status}",
            obj=submission.report,
            after={"submission": submission.pk, "attempt": submission.attempt, "messages": messages},
        )


def filing_submissions_resume(*, enqueue: bool = True) -> list[int]:
    """Open submissions nobody has touched for a while (their task was lost: the broker was down when they were
    submitted, a worker died, or the polls ran out while the FEC was still processing): queue them again. Safe to
    run twice: the upload is claimed with a conditional UPDATE (a claimed upload that never got an answer is marked
    failed, never sent again) and a final answer is recorded only from an open status."""
    stale = timedelta(seconds=max(120.0, 5 * settings.FEC_FILING_POLL_SECONDS))
    found = list(
        FilingSubmission.objects.filter(
            status__in=FilingSubmission.OPEN, updated_at__lt=timezone.now() - stale
        ).values_list("pk", flat=True)[:100]
    )
    for pk in found:
        FilingSubmission.objects.filter(pk=pk).update(updated_at=timezone.now())
        if enqueue:
            filing_submission_queued.send(sender=FilingSubmission, submission_pk=pk)
    return found
