"""Whether a report build may read the kept aggregates (donations.ReceiptAggregate) instead of recomputing every
contributor's aggregate over the window."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from committees.models import Committee
from committees.windows import window_rules
from compliance.models import Report
from compliance.reports import queries
from compliance.reports.queries import Window
from donations.models import Contribution, ReceiptAggregate, Refund
from donations.services.aggregates import receipt_aggregates_ensure
from fundraising.db_reads import read_alias


def kept_window(report: Report, window: Window) -> Window:
    """``window`` reading the kept aggregates when they follow the same windows as the report (its form is the
    committee's own: a Form 3X of a candidate's committee aggregates by year instead) and are current (rebuilt
    here when not). A build reading a replica recomputes instead right after a rebuild, which the replica may
    not have replayed yet."""
    committee = report.committee
    if report.form != committee.report_form or not settings.REPORTS_KEPT_AGGREGATES:
        return window
    rebuilt = receipt_aggregates_ensure(
        committee=committee, first=window.aggregation_from, last=window.coverage_through
    )
    if rebuilt and read_alias() != DEFAULT_DB_ALIAS:
        return window
    return dataclasses.replace(window, kept=True)


def kept_aggregate_differences(committee: Committee) -> list[int]:
    """Ids of the committee's contributions whose kept aggregate, itemization or conduit total differs from a full
    recomputation by the report builder's own window SQL (or that have no kept row). Empty: the kept rows are
    right. Reads every window of the books: for operators and tests, not for a build."""
    days = [
        *Contribution.objects.filter(committee=committee).values_list("date_received", flat=True),
        *Refund.objects.filter(committee=committee).values_list("date_refunded", flat=True),
    ]
    if not days:
        return []
    recomputed: dict[int, tuple[int, bool, int]] = {}
    for span in window_rules(committee).windows_between(min(days), max(days)):
        window = Window(
            committee_id=committee.pk, coverage_from=span.start, coverage_through=span.end, aggregation_from=span.start
        )
        recomputed.update(queries.recomputed_aggregates(window=window))
    kept = {
        pk: (int(aggregate * 100), bool(itemized), int((conduit or 0) * 100))
        for pk, aggregate, itemized, conduit in ReceiptAggregate.objects.filter(committee=committee).values_list(
            "contribution_id", "aggregate", "itemized", "conduit_aggregate"
        )
    }
    out = []
    for pk in Contribution.objects.filter(committee=committee).values_list("id", flat=True).order_by("id"):
        mine, theirs = kept.get(pk), recomputed.get(pk)
        if mine is None:
            out.append(pk)
        elif theirs is None:  # a contributor the builder never sorts (under $200 of gifts): never itemized
            if mine[1]:
                out.append(pk)
        elif mine != theirs:
            out.append(pk)
    return out
