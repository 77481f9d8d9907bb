"""Reads for the compliance app."""

from compliance.models import Committee, Report
from fundraising.exceptions import NotFound


def committee_by_fec_id(*, fec_id: str) -> Committee:
    committee = Committee.objects.filter(fec_id=fec_id).first()
    if committee is None:
        raise NotFound(f"No committee {fec_id}.", field="committee")
    return committee


def report_get(*, report_id: int) -> Report:
    report = Report.objects.select_related("committee", "election").filter(pk=report_id).first()
    if report is None:
        raise NotFound("No such report.")
    return report
