"""Reads for the compliance app."""

from compliance.models import Committee, Report
from fundraising.exceptions import NotFound


def committee_by_fec_id(*, fec_id: str, **scope: object) -> Committee:
    """``scope``: extra filters narrowing where to look (the committees the request may act on)."""
    committee = Committee.objects.filter(fec_id=fec_id, **scope).first()
    if committee is None:
        raise NotFound(f"No committee {fec_id}.", field="committee")
    return committee


def report_get(*, report_id: int, **scope: object) -> Report:
    report = Report.objects.select_related("committee", "election").filter(pk=report_id, **scope).first()
    if report is None:
        raise NotFound("No such report.")
    return report
