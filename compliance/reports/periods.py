"""Calendar facts: general election days and the aggregation window for itemization."""

from datetime import date, timedelta

CYCLE_YEARS = {"house": 2, "senate": 6, "presidential": 4}


def general_election_day(year: int) -> date:
    """The Tuesday after the first Monday in November."""
    first = date(year, 11, 1)
    first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return first_monday + timedelta(days=1)


def aggregation_start(*, committee_type: str, on: date, next_general_year: int | None = None) -> date:
    """First day of the window a contributor's aggregate runs over (11 CFR 104.3, 104.8):
    the election cycle for authorized committees (it begins the day after the previous general
    election for the office), the calendar year for PACs and parties."""
    years = CYCLE_YEARS.get(committee_type)
    if years is None:
        return date(on.year, 1, 1)
    end_year = next_general_year or _next_cycle_end(on, years)
    while general_election_day(end_year) < on:
        end_year += years
    while end_year - years >= 0 and general_election_day(end_year - years) >= on:
        end_year -= years
    return general_election_day(end_year - years) + timedelta(days=1)


def _next_cycle_end(on: date, years: int) -> int:
    year = on.year
    while year % years != (2 if years == 6 else 0) % years:
        year += 1
    return year


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
