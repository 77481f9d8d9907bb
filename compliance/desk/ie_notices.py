"""24- and 48-hour reports of independent expenditures (Form 24 with Schedule E rows, 11 CFR 104.4(b)-(c), (f),
109.10(c)-(d)), opened from the committee's independent expenditures by the one rule
(:func:`compliance.desk.ie_reports.reports_due`), as 48-hour contribution notices are (compliance.desk.notices):
a beat sweep (hourly) and each entry through the API sync them; each report is written as its own .fec (HDR,
F24N, SE ...), validated by the FEC's F24/SchE schemas; a treasurer marks it filed with the FEC's filing id.

An expenditure is listed once: the version current when its report was opened. Amended Form 24s (F24A) are not
built yet: a correction after filing shows on the next regular report."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee
from compliance.desk.ie_reports import EASTERN, reports_due
from compliance.fec.records import F24Cover, Header, Record
from compliance.fec.validation import RecordValidator
from compliance.fec.writer import write_fec_bytes
from compliance.models import IndependentExpenditure, IndependentExpenditureReport, IndependentExpenditureReportLine
from compliance.reports.schedule_e import aggregates_for, rule_row, schedule_e_record
from compliance.selectors import ie_current
from fundraising.exceptions import ApplicationError, Conflict
from fundraising.validators import fec_filing_id_cleaned

logger = logging.getLogger(__name__)
SWEEP_DAYS = 40
"""The beat looks at committees with an independent expenditure disseminated in the last this many days."""


def _reported_transaction_ids(committee: Committee) -> set[str]:
    lines = IndependentExpenditureReportLine.objects.filter(report__committee=committee)
    return set(lines.values_list("expenditure__transaction_id", flat=True))


@transaction.atomic
def ie_reports_sync(*, committee: Committee, as_of: dt.date) -> list[IndependentExpenditureReport]:
    """Open the Form 24s the committee's unreported independent expenditures disseminated by ``as_of`` call for.
    Returns the reports opened (none for an authorized committee: it makes no independent expenditures)."""
    if committee.is_candidate_committee:
        return []
    Committee.objects.select_for_update().filter(pk=committee.pk).first()  # one sync at a time per committee
    reported = _reported_transaction_ids(committee)
    current = {
        ie.transaction_id: ie for ie in ie_current(committee).filter(dissemination_date__lte=as_of, is_memo=False)
    }
    due = reports_due([rule_row(ie, reported=ie.transaction_id in reported) for ie in current.values()])
    opened: list[IndependentExpenditureReport] = []
    for item in due:
        office, state, district = item.race
        report = IndependentExpenditureReport.objects.create(
            committee=committee,
            report_type=item.report_type,
            election_code=item.election_code,
            office=office,
            state=state,
            district=district,
            deadline=item.due_by,
        )
        IndependentExpenditureReportLine.objects.bulk_create(
            IndependentExpenditureReportLine(report=report, expenditure=current[tid]) for tid in item.transaction_ids
        )
        audit_record(
            actor=None,
            action="ie_report.opened",
            obj=report,
            after={
                "type": item.report_type,
                "election": item.election_code,
                "race": "/".join(item.race),
                "total": item.total,
                "deadline": item.due_by,
                "transaction_ids": list(item.transaction_ids),
            },
        )
        opened.append(report)
    return opened


def ie_report_expenditures(report: IndependentExpenditureReport) -> list[IndependentExpenditure]:
    return [
        line.expenditure
        for line in report.lines.select_related("expenditure").order_by("expenditure__dissemination_date", "pk")
    ]


def ie_report_total(report: IndependentExpenditureReport) -> Decimal:
    return sum((ie.amount for ie in ie_report_expenditures(report)), Decimal("0.00"))


def ie_report_records(report: IndependentExpenditureReport, *, date_signed: dt.date) -> list[Record]:
    """HDR, F24N (report type 24 or 48), then one SE row per expenditure with its calendar-year aggregate per
    election, per office sought."""
    committee = report.committee
    if not (committee.treasurer_last_name and committee.treasurer_first_name):
        raise ApplicationError("Form 24 needs the treasurer's name: set it on the committee.")
    rows = ie_report_expenditures(report)
    aggregates = aggregates_for(committee, (ie.dissemination_date.year for ie in rows))
    records: list[Record] = [
        Header(soft_name=settings.FEC_SOFTWARE_NAME, soft_ver=settings.FEC_SOFTWARE_VERSION),
        F24Cover(
            filer_committee_id_number=committee.fec_id,
            report_type_24_48=report.report_type,
            committee_name=committee.name,
            street_1=committee.street_1,
            street_2=committee.street_2,
            city=committee.city,
            state=committee.state,
            zip=committee.zip_code,
            treasurer_last_name=committee.treasurer_last_name,
            treasurer_first_name=committee.treasurer_first_name,
            date_signed=date_signed,
        ),
    ]
    records.extend(
        schedule_e_record(ie, committee=committee, aggregate=aggregates[ie.transaction_id], date_signed=date_signed)
        for ie in rows
    )
    return records


def ie_report_fec_bytes(report: IndependentExpenditureReport, *, date_signed: dt.date) -> bytes:
    """The Form 24's .fec, checked against the FEC's F24 and SchE schemas (ApplicationError if invalid)."""
    records = ie_report_records(report, date_signed=date_signed)
    validator = RecordValidator("F24")
    problems = [problem for record in records for problem in validator.errors(record)]
    if problems:
        raise ApplicationError("The Form 24 does not validate: " + "; ".join(problems[:20]))
    return write_fec_bytes(records)


@transaction.atomic
def ie_report_mark_filed(
    *, report: IndependentExpenditureReport, actor: AbstractBaseUser | None, fec_filing_id: str = ""
) -> IndependentExpenditureReport:
    report = IndependentExpenditureReport.objects.select_for_update().get(pk=report.pk)
    if report.filed_at is not None:
        raise Conflict("This report is already marked filed.")
    report.filed_at = timezone.now()
    report.fec_filing_id = fec_filing_id_cleaned(fec_filing_id)[:16]
    report.filed_by = actor if actor is not None and actor.pk else None
    report.save(update_fields=["filed_at", "fec_filing_id", "filed_by", "updated_at"])
    audit_record(
        actor=actor,
        action="ie_report.filed",
        obj=report,
        before={"filed_at": None},
        after={
            "filed_at": report.filed_at,
            "fec_filing_id": report.fec_filing_id,
            "late": report.filed_at > report.deadline,
        },
    )
    return report


def ie_reports_check_all(*, now: dt.datetime) -> int:
    """Beat (hourly): sync every PAC or party with an independent expenditure disseminated lately. Returns how many
    Form 24s were opened."""
    today = timezone.localtime(now, EASTERN).date()
    recent = IndependentExpenditure.objects.filter(
        Q(dissemination_date__gte=today - dt.timedelta(days=SWEEP_DAYS)), dissemination_date__lte=today
    )
    opened = 0
    for committee in Committee.objects.filter(pk__in=recent.values("committee_id")).order_by("pk"):
        opened += len(ie_reports_sync(committee=committee, as_of=today))
    return opened
