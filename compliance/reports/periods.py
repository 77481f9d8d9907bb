"""Calendar facts: general election days and the aggregation window for itemization."""

from datetime import date, timedelta

CYCLE_YEARS = {"house": 2, "senate": 6, "presidential": 4}


def general_election_day(year: int) -> date:
    """The Tuesday after the first Monday in November."""
    first = date(year, 11, 1)
    first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return first_monday + timedelta(days=1)


def aggregation_start(
    *, committee_type: str, on: date, next_general_year: int | None = None, cycle_year: int | None = None
) -> date:
    """First day of the window a contributor's aggregate runs over (11 CFR 104.3, 104.8):
    the election cycle for authorized committees (it begins the day after the previous general
    election for the office, 11 CFR 100.3(b)), the calendar year for PACs and parties.

    ``cycle_year``: a year whose general election ends one of the office's cycles (a Senate seat's class or its
    elections); without it a Senate cycle cannot be known and is refused. House cycles end every even year and
    presidential ones every year divisible by four."""
    years = CYCLE_YEARS.get(committee_type)
    if years is None:
        return date(on.year, 1, 1)
    anchor = cycle_year if cycle_year is not None else (next_general_year or _default_anchor(committee_type))
    end_year = next_general_year or on.year + (anchor - on.year) % years
    while general_election_day(end_year) < on:
        end_year += years
    while end_year - years >= 0 and general_election_day(end_year - years) >= on:
        end_year -= years
    return general_election_day(end_year - years) + timedelta(days=1)


class CycleUnknown(ValueError):
    """A Senate seat's cycle needs its class or an election: nothing says which general ends it."""


def _default_anchor(committee_type: str) -> int:
    if committee_type == "senate":
        raise CycleUnknown("A Senate committee needs its seat class (or a general election) to know its cycle.")
    return 2024  # House: any even year; President: a leap year


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
