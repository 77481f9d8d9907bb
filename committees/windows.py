"""The aggregation window of a committee (itemization, column B, best efforts): where a contributor's aggregate
starts and ends on a given day, from the committee's type, its elections and, for the Senate, its seat class
(11 CFR 100.3(b), 104.3(a)(4), 104.8).

One read of the committee's elections (``window_rules``) answers any number of days, so a write path that keeps
contributors' aggregates (donations.services.aggregates) pays one statement for it. ``WindowRules.basis`` names
everything the windows depend on: when it changes (an election added or moved, a Senate class set), aggregates
kept under the old basis are rebuilt."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date, timedelta

from committees.models import Committee
from fundraising.exceptions import ApplicationError

CYCLE_YEARS = {"house": 2, "senate": 6, "presidential": 4}


def general_election_day(year: int) -> date:
    """The Tuesday after the first Monday in November."""
    first = date(year, 11, 1)
    first_monday = first + timedelta(days=(0 - first.weekday()) % 7)
    return first_monday + timedelta(days=1)


class CycleUnknown(ValueError):
    """A Senate seat's cycle needs its class or an election: nothing says which general ends it."""


def _default_anchor(committee_type: str) -> int:
    if committee_type == "senate":
        raise CycleUnknown("A Senate committee needs its seat class (or a general election) to know its cycle.")
    return 2024  # House: any even year; President: a leap year


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


@dataclass(frozen=True)
class AggregationWindow:
    start: dt.date
    end: dt.date
    key: int
    """The cycle's closing year (candidate committees) or the calendar year (PACs, parties)."""


@dataclass(frozen=True)
class WindowRules:
    """What a committee's windows depend on, read once: its type (or the form's), its Senate seat's known year,
    and its elections (code, date) in date order."""

    committee_type: str
    senate_general_year: int | None
    elections: tuple[tuple[str, dt.date], ...]

    @property
    def basis(self) -> str:
        """Everything the windows are computed from, as text (equal bases give equal windows)."""
        dates = ",".join(f"{code}:{day.isoformat()}" for code, day in self.elections)
        return f"{self.committee_type}|{self.senate_general_year or ''}|{dates}"

    def cycle_year(self) -> int | None:
        """A year whose general election ends one of a Senate seat's cycles (None for other offices, or unknown)."""
        if self.committee_type != "senate":
            return None
        if self.senate_general_year is not None:
            return self.senate_general_year
        generals = [day for code, day in self.elections if code.startswith("G")]
        latest = generals[-1] if generals else (self.elections[-1][1] if self.elections else None)
        return latest.year if latest else None

    def window(self, on: dt.date) -> AggregationWindow:
        """The window holding ``on``: the election cycle (the day after the previous general election for the
        office through the next one) for candidate committees, the calendar year for PACs and parties."""
        years = CYCLE_YEARS.get(self.committee_type)
        if years is None:
            return AggregationWindow(start=dt.date(on.year, 1, 1), end=dt.date(on.year, 12, 31), key=on.year)
        general = next((day for code, day in self.elections if code.startswith("G") and day >= on), None)
        try:
            start = aggregation_start(
                committee_type=self.committee_type,
                on=on,
                next_general_year=general.year if general else None,
                cycle_year=self.cycle_year(),
            )
        except CycleUnknown as exc:
            raise ApplicationError(str(exc), field="senate_class") from None
        end = general_election_day(start.year + years)
        return AggregationWindow(start=start, end=end, key=end.year)

    def windows_between(self, first: dt.date, last: dt.date) -> list[AggregationWindow]:
        """Every window holding a day from ``first`` through ``last``, in order."""
        out: list[AggregationWindow] = []
        day = first
        while day <= last:
            window = self.window(day)
            out.append(window)
            day = window.end + dt.timedelta(days=1)
        return out


def window_rules(committee: Committee, committee_type: str | None = None) -> WindowRules:
    """The committee's window rules (one query: its elections). ``committee_type`` overrides the committee's (a
    Form 3P report is read as presidential)."""
    return WindowRules(
        committee_type=committee_type or committee.committee_type,
        senate_general_year=committee.senate_general_year,
        elections=tuple(committee.elections.order_by("date", "code").values_list("code", "date")),
    )


def cycle_year_of(committee: Committee, committee_type: str | None = None) -> int | None:
    """A year whose general election ends one of a Senate seat's cycles (None for other offices, or unknown)."""
    if (committee_type or committee.committee_type) != "senate":
        return None
    return window_rules(committee, committee_type).cycle_year()


def aggregation_window(*, committee: Committee, on: dt.date, committee_type: str | None = None) -> AggregationWindow:
    """The window holding ``on`` (see ``WindowRules.window``)."""
    return window_rules(committee, committee_type).window(on)
