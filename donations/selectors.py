"""Reads for the donations app."""

import uuid

from django.utils import timezone

from committees.models import Committee, Election
from donations.models import Donation, DonationPage
from fundraising.exceptions import ApplicationError, NotFound


def donation_page_get(*, slug: str) -> DonationPage:
    page = (
        DonationPage.objects.select_related("committee", "default_election").filter(slug=slug, is_active=True).first()
    )
    if page is None:
        raise NotFound("No active donation page with that name.", field="page")
    return page


def committee_get(*, fec_id: str) -> Committee:
    committee = Committee.objects.filter(fec_id=fec_id).first()
    if committee is None:
        raise NotFound("No committee with that FEC id.", field="committee")
    return committee


def election_for_gift(*, committee: Committee, code: str = "", page: DonationPage | None = None) -> Election:
    """The election a gift is designated to: the one asked for, else the page's default, else the
    committee's next election (11 CFR 110.1(b)(2)(ii): an undesignated gift counts toward the next one)."""
    if code:
        election = Election.objects.filter(committee=committee, code=code).first()
        if election is None:
            raise ApplicationError(f"{code} is not an election of this committee.", field="election")
        return election
    if page is not None and page.default_election_id:
        return page.default_election
    today = timezone.localdate(timezone=committee.tzinfo)
    election = Election.objects.filter(committee=committee, date__gte=today).order_by("date").first()
    if election is None:
        raise ApplicationError("The committee has no upcoming election to designate this gift to.", field="election")
    return election


def donation_get_public(*, public_id: str | uuid.UUID) -> Donation:
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound("No such donation.") from None
    donation = Donation.objects.select_related("election").filter(public_id=public_id).first()
    if donation is None:
        raise NotFound("No such donation.")
    return donation
