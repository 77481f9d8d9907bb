"""Filed reports never change; an amendment is a new version with the same transaction ids."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

from compliance.models import Report
from compliance.services.reports import report_amend, report_build, report_mark_filed
from fundraising.exceptions import Conflict
from tests.compliance.helpers import build, built_fec, house_committee, import_rows, person, records, row
from tests.ledger import as_superuser_without_triggers

pytestmark = pytest.mark.django_db

JO = person("Jo", "Edge", "5 Edge Ln", employer="Acme", occupation="Clerk")


def test_amendment_keeps_transaction_ids_and_points_at_the_original():
    committee = house_committee()
    import_rows(committee, [row("contribution", "G1", "2026-02-01", "500.00", **JO)])
    original = build(committee, "Q1")
    original_ids = [r[2] for r in records(original)[2:]]
    report_mark_filed(report=original, fec_filing_id="FEC-1600001", actor=None)

    # A late gift dated in the filed period: the filed report is flagged, and never changes.
    import_rows(
        committee,
        [row("contribution", "G2", "2026-03-01", "300.00", **person("Al", "Late", employer="A", occupation="B"))],
    )
    original.refresh_from_db()
    assert original.needs_amendment
    assert report_build(report_pk=original.pk).fec_sha256 == original.fec_sha256

    amendment = report_amend(report=original, actor=None, date_signed=dt.date(2026, 5, 1), enqueue=False)
    amendment = report_build(report_pk=amendment.pk)
    parsed = built_fec(amendment)
    assert parsed["filing"]["form_type"] == "F3A"
    assert (parsed["header"]["report_id"], parsed["header"]["report_number"]) == ("FEC-1600001", "1")
    amended_ids = [r[2] for r in records(amendment)[2:]]
    assert amended_ids[: len(original_ids)] == original_ids == ["G1"]
    assert amended_ids == ["G1", "G2"]
    original.refresh_from_db()
    assert not original.needs_amendment

    report_mark_filed(report=amendment, fec_filing_id="1600002", actor=None)
    second = report_build(report_pk=report_amend(report=amendment, actor=None, enqueue=False).pk)
    assert (second.amendment_of_id, second.amendment_number) == (original.pk, 2)
    assert built_fec(second)["header"]["report_id"] == "FEC-1600001"


def test_filed_report_is_immutable():
    committee = house_committee()
    report = build(committee, "Q1")
    report_mark_filed(report=report, fec_filing_id="1600003", actor=None)
    with pytest.raises(Conflict):
        report_mark_filed(report=report, fec_filing_id="1600004", actor=None)
    with pytest.raises(DatabaseError), transaction.atomic():  # PostgreSQL refuses to re-queue it (the ledger)
        Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)
    # Even if a superuser re-queues it with the triggers off, the builder leaves it alone.
    as_superuser_without_triggers("UPDATE compliance_report SET status = 'queued' WHERE id = %s", [report.pk])
    assert report_build(report_pk=report.pk).status == Report.Status.QUEUED
    assert default_storage.exists(report.fec_file)


def test_only_filed_reports_can_be_amended():
    committee = house_committee()
    report = build(committee, "Q1")
    with pytest.raises(Conflict):
        report_amend(report=report, actor=None, enqueue=False)
