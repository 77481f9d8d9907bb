"""HDR and cover records (F3, F3X, F3P) of a report, and the report's date window."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from committees.models import Committee
from compliance.fec.records import F3Cover, F3PCover, F3XCover, Header
from compliance.models import Report
from compliance.reports.queries import Window
from compliance.reports.summary import Summary
from compliance.reports.windows import aggregation_window
from fundraising.db_reads import read_connection as connection  # the replica inside a read session

ELECTION_REPORT_PREFIXES = ("12", "30")


def report_window(report: Report) -> Window:
    """The report's period and where its aggregates / column B start: the calendar year for Form 3X, the
    election cycle (day after the previous general election for the office) for Forms 3 and 3P.
    A period that spans the general election (a post-general report) starts in one cycle and ends in the next:
    the window then starts with the earlier cycle, so column A holds every receipt of the period and column B
    never falls below it, and contributors' aggregates restart on the first day of the new cycle."""
    committee = report.committee
    through = report.coverage_through
    if report.form == Report.Form.F3X:
        year_start = dt.date(through.year, 1, 1)
        return Window(
            committee_id=committee.pk,
            coverage_from=report.coverage_from,
            coverage_through=through,
            aggregation_from=min(year_start, report.coverage_from),
            cycle_break=year_start if report.coverage_from < year_start else None,
        )
    committee_type = "presidential" if report.form == Report.Form.F3P else committee.committee_type
    if committee_type not in ("house", "senate", "presidential"):
        committee_type = "house"

    def cycle_start(day: dt.date) -> dt.date:
        return aggregation_window(committee=committee, on=day, committee_type=committee_type).start

    start, end_cycle_start = cycle_start(report.coverage_from), cycle_start(through)
    return Window(
        committee_id=committee.pk,
        coverage_from=report.coverage_from,
        coverage_through=through,
        aggregation_from=start,
        cycle_break=end_cycle_start if end_cycle_start > start else None,
    )


def header_for(report: Report) -> Header:
    soft_name, soft_ver = settings.FEC_SOFTWARE_NAME, settings.FEC_SOFTWARE_VERSION
    if report.amendment_of_id is None:
        return Header(soft_name=soft_name, soft_ver=soft_ver)
    original = report.amendment_of
    while original.amendment_of_id is not None:
        original = original.amendment_of
    return Header.amendment(
        soft_name=soft_name,
        soft_ver=soft_ver,
        original_filing_id=original.fec_filing_id,
        number=report.amendment_number,
    )


def _election_fields(report: Report) -> dict:
    election = report.election if report.report_code[:2] in ELECTION_REPORT_PREFIXES else None
    if election is None:
        return {"election_code": "", "date_of_election": None, "state_of_election": ""}
    code = f"{report.report_code[2]}{election.date.year}"  # report-code letter + election year (FECfile+)
    state = election.state or report.committee.election_state
    if report.form == Report.Form.F3P and report.report_code.upper() == "12G":
        state = ""
    return {"election_code": code, "date_of_election": election.date, "state_of_election": state}


def _common(report: Report, committee: Committee, date_signed: dt.date) -> dict:
    return {
        "form_type": report.form_type,
        "filer_committee_id_number": committee.fec_id,
        "committee_name": committee.name,
        "street_1": committee.street_1,
        "street_2": committee.street_2,
        "city": committee.city,
        "state": committee.state,
        "zip": committee.zip_code,
        "report_code": report.report_code,
        "coverage_from_date": report.coverage_from,
        "coverage_through_date": report.coverage_through,
        "treasurer_last_name": committee.treasurer_last_name,
        "treasurer_first_name": committee.treasurer_first_name,
        "treasurer_middle_name": committee.treasurer_middle_name,
        "treasurer_prefix": committee.treasurer_prefix,
        "treasurer_suffix": committee.treasurer_suffix,
        "date_signed": date_signed,
        **_election_fields(report),
    }


def cover_for(report: Report, summary: Summary, date_signed: dt.date) -> F3Cover | F3XCover | F3PCover:
    committee = report.committee
    common = _common(report, committee, date_signed)
    if report.form == Report.Form.F3:
        return F3Cover(
            **common,
            election_state=committee.election_state,
            election_district=committee.election_district,
            col_a=summary.col_a,
            col_b=summary.col_b,
        )
    if report.form == Report.Form.F3X:
        return F3XCover(
            **common,
            qualified_committee=committee.multicandidate,  # 11 CFR 100.5(e)(3)
            col_a=summary.col_a,
            col_b=summary.col_b,
            cash_on_hand_jan_1=summary.cash_on_hand_jan_1,
            cash_on_hand_year=summary.cash_on_hand_year,
        )
    primary, general = _activity(report)
    return F3PCover(
        **common,
        activity_primary=primary,
        activity_general=general,
        col_a=summary.col_a,
        col_b=summary.col_b,
    )


def _activity(report: Report) -> tuple[bool, bool]:
    """Form 3P check boxes: did the period have primary / general election activity (by designation)?"""
    sql = """
SELECT DISTINCT SUBSTR(e.code, 1, 1) FROM donations_contribution c JOIN compliance_election e ON e.id = c.election_id
WHERE c.committee_id = %s AND c.date_received >= %s AND c.date_received <= %s"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [report.committee_id, report.coverage_from, report.coverage_through])
        letters = {row[0] for row in cursor.fetchall()}
    return "P" in letters, "G" in letters
