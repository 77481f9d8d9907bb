"""The aggregation window of a committee: kept in committees.windows (the donations app keeps contributors'
aggregates by it too); re-exported here for the report builder and the desk."""

from committees.windows import AggregationWindow, aggregation_window, cycle_year_of  # noqa: F401
