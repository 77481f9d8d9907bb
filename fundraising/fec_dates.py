"""The one function that decides a receipt's FEC date.

The FEC date of a gift is the date the committee received it, in the committee's own time zone: a
card payment at 11:30 p.m. in Los Angeles on March 31 belongs to Q1 even though it is April 1 in UTC.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo


def fec_date_received(*, received_at: datetime, committee_time_zone: str) -> date:
    if received_at.tzinfo is None or received_at.utcoffset() is None:
        raise ValueError("received_at must be timezone-aware")
    return received_at.astimezone(ZoneInfo(committee_time_zone)).date()
