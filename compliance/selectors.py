"""Reads for the compliance app."""

from compliance.models import Report
from fundraising.exceptions import NotFound


def report_get(*, report_id: int, **scope: object) -> Report:
    report = Report.objects.select_related("committee", "election").filter(pk=report_id, **scope).first()
    if report is None:
        raise NotFound("No such report.")
    return report
