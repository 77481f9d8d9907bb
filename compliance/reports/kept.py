"""Whether a report build may read the kept aggregates (donations.ReceiptAggregate) instead of recomputing every
contributor's aggregate over the window."""

from __future__ import annotations

import dataclasses

from django.db import DEFAULT_DB_ALIAS

from compliance.models import Report
from compliance.reports.queries import Window
from donations.services.aggregates import receipt_aggregates_ensure
from fundraising.db_reads import read_alias


def kept_window(report: Report, window: Window) -> Window:
    """``window`` reading the kept aggregates when they follow the same windows as the report (its form is the
    committee's own: a Form 3X of a candidate's committee aggregates by year instead) and are current (rebuilt
    here when not). A build reading a replica recomputes instead right after a rebuild, which the replica may
    not have replayed yet."""
    committee = report.committee
    if report.form != committee.report_form:
        return window
    rebuilt = receipt_aggregates_ensure(committee=committee, first=window.aggregation_from, last=window.coverage_through)
    if rebuilt and read_alias() != DEFAULT_DB_ALIAS:
        return window
    return dataclasses.replace(window, kept=True)
