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
