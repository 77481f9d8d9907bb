"""The one aggregation window of a committee (itemization, column B, best efforts): where a contributor's
aggregate starts and ends on a given day, from the committee's type, its elections and, for the Senate, its seat
class (11 CFR 100.3(b), 104.3(a)(4), 104.8)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from committees.models import Committee
from compliance.reports.periods import CYCLE_YEARS, CycleUnknown, aggregation_start, general_election_day
from fundraising.exceptions import ApplicationError


@dataclass(frozen=True)
class AggregationWindow:
    start: dt.date
    end: dt.date
    key: int
    """The cycle's closing year (candidate committees) or the calendar year (PACs, parties)."""


def cycle_year_of(committee: Committee, committee_type: str | None = None) -> int | None:
    """A year whose general election ends one of a Senate seat's cycles (None for other offices, or unknown)."""
    if (committee_type or committee.committee_type) != "senate":
        return None
    known = committee.senate_general_year
    if known is not None:
        return known
    general = committee.elections.filter(code__startswith="G").order_by("-date").first()
    any_election = general or committee.elections.order_by("-date").first()
    return any_election.date.year if any_election else None


def aggregation_window(*, committee: Committee, on: dt.date, committee_type: str | None = None) -> AggregationWindow:
    """The window holding ``on``: the election cycle (the day after the previous general election for the office
    through the next one) for candidate committees, the calendar year for PACs and parties. ``committee_type``
    overrides the committee's (a Form 3P report is read as presidential)."""
    kind = committee_type or committee.committee_type
    years = CYCLE_YEARS.get(kind)
    if years is None:
        return AggregationWindow(start=dt.date(on.year, 1, 1), end=dt.date(on.year, 12, 31), key=on.year)
    general = committee.elections.filter(code__startswith="G", date__gte=on).order_by("date").first()
    try:
        start = aggregation_start(
            committee_type=kind,
            on=on,
            next_general_year=general.date.year if general else None,
            cycle_year=cycle_year_of(committee, kind),
        )
    except CycleUnknown as exc:
        raise ApplicationError(str(exc), field="senate_class") from None
    end = general_election_day(start.year + years)
    return AggregationWindow(start=start, end=end, key=end.year)
