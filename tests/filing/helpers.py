"""A finished report to file, and running a submission to its end in this process (the worker's steps)."""

from __future__ import annotations

from compliance.models import FilingSubmission, Report
from compliance.services.filing import filing_submission_advance
from tests.compliance.helpers import build, house_committee, import_rows, person, row

PASSWORD = "Filing-PW-7731!"


def done_report(fec_id: str = "C00999999") -> Report:
    committee = house_committee(fec_id)
    import_rows(
        committee,
        [
            row(
                "contribution",
                "G1",
                "2026-02-01",
                "500.00",
                **person("Jo", "Edge", employer="Acme", occupation="Clerk"),
            )
        ],
    )
    report = build(committee, "Q1")
    assert report.status == Report.Status.DONE, report.errors
    return report


def run_to_end(submission: FilingSubmission) -> FilingSubmission:
    for _ in range(20):
        if not filing_submission_advance(submission_pk=submission.pk):
            break
    submission.refresh_from_db()
    return submission
