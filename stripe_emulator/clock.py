"""Emulated time: the global clock (real time moved forward by test controls) and calendar-month arithmetic."""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime


def add_months(timestamp: int, months: int) -> int:
    """``timestamp`` moved by whole calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29)."""
    if months == 0:
        return timestamp
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return int(moment.replace(year=year, month=month, day=day).timestamp())


def add_interval(timestamp: int, interval: str, count: int = 1) -> int:
    """``timestamp`` moved by ``count`` Stripe billing intervals (day, week, month, year)."""
    if interval == "day":
        return timestamp + 86400 * count
    if interval == "week":
        return timestamp + 7 * 86400 * count
    if interval == "year":
        return add_months(timestamp, 12 * count)
    return add_months(timestamp, count)


class GlobalClock:
    """The emulator's notion of "now": real time plus an offset of whole months and seconds.

    Keeping months separate from seconds means repeated ``advance(months=1)`` calls land on the same day of
    the month as a subscription's billing anchor, so each call crosses exactly one monthly period end.
    """

    def __init__(self) -> None:
        self.months = 0
        self.seconds = 0

    def now(self) -> int:
        """Current emulated Unix time."""
        return add_months(int(time.time()) + self.seconds, self.months)

    def advance(self, *, months: int = 0, seconds: int = 0) -> int:
        """Move the clock forward and return the new emulated time."""
        if months < 0 or seconds < 0:
            raise ValueError("the clock only moves forward")
        self.months += months
        self.seconds += seconds
        return self.now()

    def reset(self) -> None:
        """Back to real time."""
        self.months = 0
        self.seconds = 0
