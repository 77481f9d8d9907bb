"""Reads for committees."""

from committees.models import Committee
from fundraising.exceptions import NotFound


def committee_by_fec_id(*, fec_id: str, **scope: object) -> Committee:
    """``scope``: extra filters narrowing where to look (the committees the request may act on)."""
    committee = Committee.objects.filter(fec_id=fec_id, **scope).first()
    if committee is None:
        raise NotFound(f"No committee {fec_id}.", field="committee")
    return committee
