"""Filing a finished report with the FEC electronically, against the bundled emulator (a real process).

11 CFR 104.18(a): a committee that must file electronically files its reports in the FEC's electronic format;
11 CFR 104.18(e)-(g): the FEC validates an electronic report on receipt and a report that fails validation is
not accepted (it is as if not filed); 11 CFR 104.18(h): the filing is signed by the treasurer with the
committee's password (the FEC's electronic filing PIN). The report counts as filed only on the FEC's
acceptance, which gives it a filing id."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import AuditEvent
from compliance.models import FilingCredential, FilingSubmission, Report
from compliance.services.filing import (
    filing_password_set,
    filing_submission_advance,
    filing_submissions_resume,
    report_submit,
)
from compliance.services.reports import report_amend, report_build, report_mark_filed
from fec_emulator.checks import fec_file_problems
from fec_emulator.server import BAD_CREDENTIALS
from fundraising.exceptions import ApplicationError, Conflict
from tests.compliance.helpers import fec_bytes
from tests.filing.helpers import PASSWORD, done_report, run_to_end

pytestmark = pytest.mark.django_db

Status = FilingSubmission.Status


def test_done_report_is_filed_only_on_acceptance(emulator):
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    emulator.set_password(report.committee.fec_id, PASSWORD)
    submission = report_submit(report=report, actor=None, enqueue=False)
    assert submission.status == Status.SUBMITTED
    report.refresh_from_db()
    assert report.filed_at is None  # submitted is not filed

    submission = run_to_end(submission)
    assert submission.status == Status.ACCEPTED
    assert submission.fec_filing_id.startswith("FEC-") and submission.fec_filing_id[4:].isdigit()
    assert submission.polls == 2  # the emulator answered PROCESSING once before its answer
    report.refresh_from_db()
    assert report.filed_at is not None
    assert f"FEC-{report.fec_filing_id}" == submission.fec_filing_id
    [seen] = emulator.submissions()
    assert (seen["committee_id"], seen["amendment_id"], seen["size"]) == (
        report.committee.fec_id,
        "",
        len(fec_bytes(report)),
    )
    actions = list(AuditEvent.objects.filter(object_id=str(report.pk)).values_list("action", flat=True))
    assert {"report.submitted", "report.filed", "report.submission_accepted"} <= set(actions)


def test_rejection_keeps_the_report_unfiled_with_the_fecs_messages_and_it_can_be_sent_again(emulator):
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    emulator.reject_next(["Line 6(a) does not match the prior report's line 8.", "Schedule A: ZIP code missing."])
    first = run_to_end(report_submit(report=report, actor=None, enqueue=False))
    assert first.status == Status.REJECTED
    assert first.messages == ["Line 6(a) does not match the prior report's line 8.", "Schedule A: ZIP code missing."]
    report.refresh_from_db()
    assert report.filed_at is None and report.fec_filing_id == ""
    assert AuditEvent.objects.filter(action="report.submission_rejected", object_id=str(report.pk)).exists()

    second = run_to_end(report_submit(report=report, actor=None, enqueue=False))
    assert (second.attempt, second.status) == (2, Status.ACCEPTED)


def test_wrong_filing_password_is_rejected(emulator):
    report = done_report()
    emulator.set_password(report.committee.fec_id, PASSWORD)
    filing_password_set(committee=report.committee, password="not-the-pin", actor=None)
    submission = run_to_end(report_submit(report=report, actor=None, enqueue=False))
    assert (submission.status, submission.messages) == (Status.REJECTED, [BAD_CREDENTIALS])
    report.refresh_from_db()
    assert report.filed_at is None


def test_a_report_is_never_accepted_twice(emulator):
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    accepted = run_to_end(report_submit(report=report, actor=None, enqueue=False))
    assert accepted.status == Status.ACCEPTED
    with pytest.raises(Conflict):
        report_submit(report=report, actor=None, enqueue=False)
    # The database refuses a second accepted submission of the same report, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        FilingSubmission.objects.create(report=report, attempt=9, status=Status.ACCEPTED, fec_filing_id="FEC-1")
    # Running the accepted submission again (a redelivered task) changes nothing.
    assert run_to_end(accepted).fec_filing_id == accepted.fec_filing_id
    assert AuditEvent.objects.filter(action="report.filed", object_id=str(report.pk)).count() == 1


def test_one_submission_in_flight_per_report(emulator):
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    report_submit(report=report, actor=None, enqueue=False)
    with pytest.raises(Conflict):
        report_submit(report=report, actor=None, enqueue=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        FilingSubmission.objects.create(report=report, attempt=5, status=Status.PROCESSING)


def test_submitting_needs_a_done_report_and_a_password(emulator):
    report = done_report()
    with pytest.raises(ApplicationError) as exc:
        report_submit(report=report, actor=None, enqueue=False)
    assert exc.value.field == "password"
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED)
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    with pytest.raises(Conflict):
        report_submit(report=report, actor=None, enqueue=False)


def test_an_amendment_is_submitted_with_the_original_filing_id(emulator):
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    original = run_to_end(report_submit(report=report, actor=None, enqueue=False))
    report.refresh_from_db()
    amendment = report_build(report_pk=report_amend(report=report, actor=None, enqueue=False).pk)
    assert amendment.status == Report.Status.DONE, amendment.errors
    again = run_to_end(report_submit(report=amendment, actor=None, enqueue=False))
    assert again.status == Status.ACCEPTED
    seen = {s["submission_id"]: s for s in emulator.submissions()}
    assert seen[again.fec_submission_id]["amendment_id"] == original.fec_filing_id
    amendment.refresh_from_db()
    assert amendment.is_filed and amendment.fec_filing_id != report.fec_filing_id


def test_password_is_sealed_at_rest_and_never_logged(emulator, caplog):
    caplog.set_level(logging.DEBUG)
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    sealed = FilingCredential.objects.get(committee=report.committee).password_sealed
    assert PASSWORD not in sealed and sealed.startswith("s1$")
    run_to_end(report_submit(report=report, actor=None, enqueue=False))
    assert "fec upload committee=C00999999" in caplog.text  # the gateway did log the upload...
    assert PASSWORD not in caplog.text  # ...without the password
    assert "fec-emulator-key" not in caplog.text
    assert PASSWORD not in emulator.log()
    for event in AuditEvent.objects.all():
        assert PASSWORD not in str(event.after) + str(event.before)


def test_emulator_validates_the_file_with_the_fec_schemas_and_fecfile(emulator):
    report = done_report()
    data = fec_bytes(report)
    assert fec_file_problems(data, committee_id="C00999999") == []
    assert fec_file_problems(data, committee_id="C00111111")[0].startswith("The filing's committee id")
    assert b"\x1c500.00\x1c" in data
    broken = data.replace(b"\x1c500.00\x1c", b"\x1c5OO.00\x1c", 1)  # a cover total that is not a number
    problems = fec_file_problems(broken, committee_id="C00999999")
    assert problems[0].startswith("Record 2: F3N Q1 report of C00999999: L6a_total_contributions"), problems
    assert any(p.startswith("Parser warning") for p in problems), problems  # fecfile noticed it too


def test_a_lost_submission_is_resumed_and_an_interrupted_upload_is_never_sent_twice(emulator):
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    submission = report_submit(report=report, actor=None, enqueue=False)  # its task never ran (broker down)
    assert filing_submissions_resume(enqueue=False) == []  # not stale yet
    old = timezone.now() - dt.timedelta(hours=1)
    FilingSubmission.objects.filter(pk=submission.pk).update(updated_at=old)
    assert filing_submissions_resume(enqueue=False) == [submission.pk]
    assert run_to_end(submission).status == Status.ACCEPTED

    # An upload that began and never recorded an answer (the worker died mid-request) is not sent again.
    other = done_report("C00999990")
    filing_password_set(committee=other.committee, password=PASSWORD, actor=None)
    interrupted = report_submit(report=other, actor=None, enqueue=False)
    FilingSubmission.objects.filter(pk=interrupted.pk).update(upload_started_at=old)
    interrupted = run_to_end(interrupted)
    assert interrupted.status == Status.FAILED and "interrupted" in interrupted.messages[0]
    assert [s["committee_id"] for s in emulator.submissions()] == ["C00999999"]


def test_marking_filed_by_hand_waits_for_an_open_submission_and_a_late_acceptance_is_noted(emulator):
    report = done_report()
    filing_password_set(committee=report.committee, password=PASSWORD, actor=None)
    submission = report_submit(report=report, actor=None, enqueue=False)
    with pytest.raises(Conflict):
        report_mark_filed(report=report, fec_filing_id="1600001", actor=None)

    # Filed by hand while the answer was pending (the row forced back to look like that): the FEC's acceptance
    # is recorded with a note, and the report keeps the filing id it was marked with.
    filing_submission_advance(submission_pk=submission.pk)  # uploaded: processing
    FilingSubmission.objects.filter(pk=submission.pk).update(status=Status.FAILED)
    report_mark_filed(report=report, fec_filing_id="1600001", actor=None)
    FilingSubmission.objects.filter(pk=submission.pk).update(status=Status.PROCESSING)
    submission = run_to_end(submission)
    assert submission.status == Status.ACCEPTED
    assert "already marked filed as FEC-1600001" in submission.messages[-1]
    report.refresh_from_db()
    assert report.fec_filing_id == "1600001"
    assert AuditEvent.objects.filter(action="report.submission_accepted_after_filed").count() == 1
