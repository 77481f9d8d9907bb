"""A committee's filing calendar: which FEC reports fall due when, what each covers, and the 48-hour-notice
windows; with the reports already built or filed for each. Reads only.

The schedule (52 U.S.C. 30104(a); the FEC's reporting calendars; shared/fec/NOTES.md):

- Candidate committees (House, Senate) and quarterly filers (PACs, parties, presidential committees that chose
  it), in a year with one of their elections (PACs and parties: every even year): quarterly reports Q1, Q2, Q3
  due the 15th day after the quarter closes, a pre-election report for each election (12P, 12G, 12R, 12S; books
  close 20 days before the election, due 12 days before), a post-general report (30G, or 30R/30S; books close
  20 days after, due 30 days after) and the year-end report YE (due January 31). A quarterly report is not
  filed when a pre-election report falls due between the 5th and the 15th day after the quarter closes (the
  pre-election report takes its place). In other years: mid-year MY (January–June, due July 31) and YE.
- Monthly filers: M2 … M12 due the 20th, each covering the month before; in an election year the pre- and
  post-general reports (12G, 30G) replace M11 and M12; YE due January 31.
- 48-hour notices: from the 20th day before each election up to 48 hours before it (compliance.desk.notices).

Deadlines do not move for weekends or holidays: electronic filers file on the day (11 CFR 100.19)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from committees.models import Committee, Election
from compliance.models import Report

PRE_ELECTION = {"P": "12P", "G": "12G", "R": "12R", "S": "12S", "C": "12C"}
POST_ELECTION = {"G": "30G", "R": "30R", "S": "30S"}
REPORT_NAMES = {
    "Q1": "April quarterly",
    "Q2": "July quarterly",
    "Q3": "October quarterly",
    "YE": "Year-end",
    "MY": "Mid-year",
    "12P": "Pre-primary",
    "12G": "Pre-general",
    "12R": "Pre-runoff",
    "12S": "Pre-special",
    "12C": "Pre-convention",
    "30G": "Post-general",
    "30R": "Post-runoff",
    "30S": "Post-special",
    **{f"M{m}": f"Monthly ({dt.date(2000, m - 1, 1):%B})" for m in range(2, 13)},
}


@dataclass
class Deadline:
    """One report on the calendar, or a 48-hour-notice window (``kind == "notice48"``)."""

    kind: str  # "report" or "notice48"
    code: str
    name: str
    coverage_from: dt.date
    coverage_through: dt.date
    due: dt.date
    election: str = ""
    reports: list[Report] = field(default_factory=list)

    @property
    def filed(self) -> Report | None:
        return next((r for r in self.reports if r.filed_at is not None), None)

    @property
    def latest(self) -> Report | None:
        return self.reports[0] if self.reports else None

    def status(self, today: dt.date) -> str:
        if self.kind == "notice48":
            if today < self.coverage_from:
                return "upcoming"
            return "open" if today <= self.coverage_through else "closed"
        if self.filed is not None:
            return "filed"
        if today > self.due:
            return "overdue"
        latest = self.latest
        if latest is not None and latest.status in (Report.Status.DONE, Report.Status.QUEUED, Report.Status.RUNNING):
            return "built" if latest.status == Report.Status.DONE else "building"
        return "due"


def _general_day(year: int) -> dt.date:
    first = dt.date(year, 11, 1)
    return first + dt.timedelta(days=(0 - first.weekday()) % 7 + 1)


def _election_reports(elections: list[Election]) -> list[tuple[str, str, dt.date, dt.date]]:
    """(code, election code, books close, due) of the pre- and post-election reports of ``elections``."""
    out = []
    for election in elections:
        kind = election.code[0]
        if kind in PRE_ELECTION:
            out.append(
                (
                    PRE_ELECTION[kind],
                    election.code,
                    election.date - dt.timedelta(days=20),
                    election.date - dt.timedelta(days=12),
                )
            )
        if kind in POST_ELECTION:
            out.append(
                (
                    POST_ELECTION[kind],
                    election.code,
                    election.date + dt.timedelta(days=20),
                    election.date + dt.timedelta(days=30),
                )
            )
    return out


Row = tuple[str, str, dt.date, dt.date]


def _year_reports(committee: Committee, year: int, elections: list[Election]) -> list[Row]:
    """(code, election, books close, due) of every report for activity in ``year``, in date order."""
    in_year = [e for e in elections if e.date.year == year]
    candidate = committee.is_candidate_committee
    election_year = bool(in_year) if candidate else year % 2 == 0
    if not candidate and election_year and not any(e.code.startswith("G") for e in in_year):
        in_year = [*in_year, Election(code=f"G{year}", date=_general_day(year))]  # PACs follow the general
    year_end = (dt.date(year, 12, 31), dt.date(year + 1, 1, 31))
    if committee.filing_frequency == "monthly":
        rows = _election_reports([e for e in in_year if e.code.startswith("G")]) if election_year else []
        replaced = {11, 12} if rows else set()
        for month in range(2, 13):
            if month not in replaced:
                close = dt.date(year, month, 1) - dt.timedelta(days=1)
                rows.append((f"M{month}", "", close, dt.date(year, month, 20)))
        rows.append(("YE", "", *year_end))
        return sorted(rows, key=lambda row: (row[2], row[3]))
    if not election_year:
        return [("MY", "", dt.date(year, 6, 30), dt.date(year, 7, 31)), ("YE", "", *year_end)]
    rows = _election_reports(in_year if candidate else [e for e in in_year if e.code.startswith("G")])
    pre_due = [due for code, _, _, due in rows if code.startswith("12")]
    for code, month in (("Q1", 3), ("Q2", 6), ("Q3", 9)):
        close = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
        if not any(close + dt.timedelta(days=5) <= due <= close + dt.timedelta(days=15) for due in pre_due):
            rows.append((code, "", close, close + dt.timedelta(days=15)))
    rows.append(("YE", "", *year_end))
    return sorted(rows, key=lambda row: (row[2], row[3]))


def filing_calendar(*, committee: Committee, start: dt.date, end: dt.date) -> list[Deadline]:
    """Every report due from ``start`` through ``end`` (and the 48-hour windows that touch that span), with the
    committee's reports for each (newest first), in due-date order."""
    elections = list(committee.elections.all())
    deadlines: list[Deadline] = []
    for year in range(start.year - 1, end.year + 1):
        previous_close = dt.date(year, 1, 1) - dt.timedelta(days=1)
        for code, election, close, due in _year_reports(committee, year, elections):
            if start <= due <= end:
                deadlines.append(
                    Deadline(
                        kind="report",
                        code=code,
                        name=REPORT_NAMES.get(code, code),
                        coverage_from=previous_close + dt.timedelta(days=1),
                        coverage_through=close,
                        due=due,
                        election=election,
                    )
                )
            previous_close = close
    if committee.is_candidate_committee:
        for election in elections:
            opens = election.date - dt.timedelta(days=19)
            closes = election.date - dt.timedelta(days=3)  # the last full day before the 48 hours
            if opens <= end and closes >= start:
                deadlines.append(
                    Deadline(
                        kind="notice48",
                        code="F6",
                        name=f"48-hour notices for {election.code}",
                        coverage_from=opens,
                        coverage_through=closes,
                        due=closes,
                        election=election.code,
                    )
                )
    if deadlines:
        reports = Report.objects.filter(
            committee=committee,
            coverage_through__gte=min(d.coverage_from for d in deadlines),
            coverage_through__lte=max(d.coverage_through for d in deadlines),
        ).order_by("-created_at")
        for deadline in deadlines:
            if deadline.kind == "report":
                deadline.reports = [
                    r
                    for r in reports
                    if r.report_code == deadline.code and r.coverage_through.year == deadline.coverage_through.year
                ]
    return sorted(deadlines, key=lambda d: (d.due, d.kind != "report"))


def current_period_start(*, committee: Committee, today: dt.date) -> tuple[dt.date, Deadline | None]:
    """Where the reporting period holding ``today`` starts, and the report that will cover it."""
    for deadline in filing_calendar(committee=committee, start=today, end=today + dt.timedelta(days=400)):
        if deadline.kind == "report" and deadline.coverage_from <= today <= deadline.coverage_through:
            return deadline.coverage_from, deadline
    return dt.date(today.year, 1, 1), None
