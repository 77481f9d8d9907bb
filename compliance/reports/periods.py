"""Calendar facts: report periods. General election days and aggregation windows: committees.windows."""

from datetime import date, timedelta

from committees.windows import (  # noqa: F401  (re-exported: reports read the calendar from here)
    CYCLE_YEARS,
    CycleUnknown,
    aggregation_start,
    general_election_day,
)


def period_end(*, report_code: str, year: int, election_date: date | None = None) -> date | None:
    """The close of books of a report on the FEC calendar (None when it cannot be known, e.g. TER)."""
    code = report_code.upper()
    quarter_ends = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "YE": (12, 31), "MY": (6, 30), "MYE": (12, 31)}
    if code in quarter_ends:
        month, day = quarter_ends[code]
        return date(year, month, day)
    if code.startswith("M") and code[1:].isdigit():
        month = int(code[1:])  # M2 covers January ... M12 covers November
        return date(year, month, 1) - timedelta(days=1)
    if election_date is not None and code[:2] == "12":
        return election_date - timedelta(days=20)  # books close 20 days before the election
    if election_date is not None and code[:2] == "30":
        return election_date + timedelta(days=20)  # ... and 20 days after it
    return None


def natural_period_start(*, report_code: str, year: int) -> date:
    """Where a report's period starts when the committee has filed nothing before it."""
    code = report_code.upper()
    starts = {"Q1": (1, 1), "Q2": (4, 1), "Q3": (7, 1), "YE": (10, 1), "MY": (1, 1), "MYE": (7, 1)}
    if code in starts:
        return date(year, *starts[code])
    if code.startswith("M") and code[1:].isdigit():
        month = int(code[1:]) - 1
        return date(year, month, 1)
    return date(year, 1, 1)
