"""24- and 48-hour reports of independent expenditures (Form 24 with Schedule E rows), 11 CFR 104.4(b)-(c), (f):
which unreported independent expenditures must go on a report now, and by when. Pure: rows in, reports out.

- 48-hour reports: independent expenditures publicly disseminated up to and including the 20th day before an
  election, once they aggregate $10,000 or more with respect to that election in the calendar year, and again each
  time further ones aggregate another $10,000; due by 11:59 p.m. Eastern on the second day after dissemination.
- 24-hour reports: those disseminated after the 20th day but more than 24 hours before election day, once they
  aggregate $1,000 or more, and again for each further $1,000; due within 24 hours of dissemination.
- Aggregated per election, per office sought (the race), within the calendar year, by dissemination date (the FEC's
  "Aggregating independent expenditures": support for one candidate and opposition to the opponent in the same
  race add up). The window's edge follows the 48-hour-notice convention of compliance.desk.notices: the late period
  starts on the 19th calendar day before the election (day 20 counting election day as day 1). Dates only are known,
  so the day before the election is kept in the 24-hour period: reporting it is never wrong, missing it would be.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

THRESHOLD_48 = Decimal("10000.00")
THRESHOLD_24 = Decimal("1000.00")
LATE_PERIOD_DAYS = 19
EASTERN = ZoneInfo("America/New_York")


@dataclass(frozen=True)
class IndependentExpenditureRow:
    transaction_id: str
    election_code: str
    election_date: dt.date
    office: str
    state: str
    district: str
    dissemination_date: dt.date
    amount: Decimal
    reported: bool = False
    """Already on a filed or pending 24/48-hour report."""


@dataclass(frozen=True)
class DueReport:
    report_type: str  # "24" or "48"
    election_code: str
    race: tuple[str, str, str]
    transaction_ids: tuple[str, ...]
    total: Decimal
    due_by: dt.datetime


def report_type_for(row: IndependentExpenditureRow) -> str | None:
    """``"48"`` up to and including the 20th day before the election, ``"24"`` after it up to the day before, else
    ``None`` (on or after election day: only the regular report)."""
    if row.dissemination_date >= row.election_date:
        return None
    late_from = row.election_date - dt.timedelta(days=LATE_PERIOD_DAYS)
    return "24" if row.dissemination_date >= late_from else "48"


def _due_by(report_type: str, disseminated: dt.date) -> dt.datetime:
    if report_type == "48":
        return dt.datetime.combine(disseminated + dt.timedelta(days=2), dt.time(23, 59), tzinfo=EASTERN)
    # within 24 hours of dissemination; only the date is known, so from its first minute
    return dt.datetime.combine(disseminated + dt.timedelta(days=1), dt.time(0, 0), tzinfo=EASTERN)


def reports_due(rows: list[IndependentExpenditureRow]) -> list[DueReport]:
    """The 24/48-hour reports the unreported rows call for, in due order. Rows below a threshold stay pending."""
    groups: dict[tuple, dict[dt.date, list[IndependentExpenditureRow]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        kind = report_type_for(row)
        if kind is None or row.reported:
            continue
        race = (row.office, row.state, row.district if row.office == "H" else "")
        key = (kind, row.election_code, race, row.dissemination_date.year)
        groups[key][row.dissemination_date].append(row)
    out: list[DueReport] = []
    for (kind, election_code, race, _year), by_day in groups.items():
        threshold = THRESHOLD_48 if kind == "48" else THRESHOLD_24
        pending: list[IndependentExpenditureRow] = []
        for day in sorted(by_day):
            pending.extend(sorted(by_day[day], key=lambda r: r.transaction_id))
            total = sum((r.amount for r in pending), Decimal("0.00"))
            if total >= threshold:
                out.append(
                    DueReport(
                        report_type=kind,
                        election_code=election_code,
                        race=race,
                        transaction_ids=tuple(r.transaction_id for r in pending),
                        total=total,
                        due_by=_due_by(kind, day),
                    )
                )
                pending = []
    return sorted(out, key=lambda r: (r.due_by, r.election_code, r.race))


def ytd_per_election_office(rows: list[IndependentExpenditureRow]) -> dict[str, Decimal]:
    """Schedule E's aggregate for each row: its race's independent expenditures for the election in the calendar
    year, up to and including its dissemination date (reported or not)."""
    out: dict[str, Decimal] = {}
    running: dict[tuple, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for row in sorted(rows, key=lambda r: (r.dissemination_date, r.transaction_id)):
        race = (row.office, row.state, row.district if row.office == "H" else "")
        key = (row.election_code, race, row.dissemination_date.year)
        running[key] += row.amount
        out[row.transaction_id] = running[key]
    return out
