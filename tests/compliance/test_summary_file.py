"""The summary file the worker publishes beside the .fec: laid out as the FEC's summary page, and honest about
signing (a report is signed only when the treasurer files it)."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage

from compliance.services.reports import report_mark_filed
from tests.compliance.helpers import build, house_committee, import_rows, person, row

pytestmark = pytest.mark.django_db


def _summary_html(report) -> str:
    with default_storage.open(report.summary_file, "rb") as handle:
        return handle.read().decode()


def test_worker_summary_has_line_descriptions_and_never_claims_a_signature_before_filing():
    committee = house_committee()
    import_rows(
        committee,
        [
            row(
                "contribution",
                "S1",
                "2026-01-05",
                "250.00",
                **person("Jo", "Edge", employer="Acme", occupation="Clerk"),
            )
        ],
    )
    report = build(committee, "Q1", signed=dt.date(2026, 4, 10))
    assert report.status == "done", report.errors
    html = _summary_html(report)

    assert "Signed" not in html
    assert "Not signed: this report has not been filed." in html
    assert "Total contributions (other than loans) (from line 11(e))" in html
    assert "11(a)(i)" in html and "250.00" in html

    report_mark_filed(report=report, fec_filing_id="1700001", actor=None)
    report.refresh_from_db()
    assert "Signed" not in _summary_html(report), "the published file is immutable; filing does not rewrite it"
