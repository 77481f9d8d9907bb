"""Over the limit on the donation page (issue #16): say what federal law allows, with the figure from the limits
table, and offer to give the rest to the next election. A split is two gifts, each through the one checkout
(``checkout_start``), each checked against its own election's limit (11 CFR 110.1(b)(1): the limit applies
separately to each election)."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.http import HttpRequest

from committees.models import Committee, Election
from donations.models import DonationPage
from donations.selectors import donation_page_get, election_for_gift, elections_open
from donations.services.checkout import CheckoutInput, CheckoutResult, checkout_start
from donations.services.limits import person_limit
from fundraising.exceptions import ApplicationError
from fundraising.money import dollars


@dataclass(frozen=True)
class SplitOffer:
    """Give ``first_amount`` to ``first_election`` and the rest to ``next_election``."""

    first_election: Election
    first_amount: Decimal
    next_election: Election
    rest_amount: Decimal
    reason: str


def _person_rule(*, committee: Committee, election: Election) -> Decimal | None:
    found = person_limit(committee=committee, election=election)
    return found[0] if found else None


def split_offer(
    *, page: DonationPage, election_code: str, amount: Decimal, room: Decimal | None = None
) -> SplitOffer | None:
    """The offer to give what exceeds the room for this election to the committee's next election, when there is
    one and the rest fits its limit. ``room`` is what the donor may still give to this election (the whole limit
    for a new donor)."""
    committee = page.committee
    if not committee.is_candidate_committee:
        return None
    election = election_for_gift(committee=committee, code=election_code, page=page)
    if election is None:
        return None
    limit = _person_rule(committee=committee, election=election)
    if limit is None:
        return None
    room = limit if room is None else room
    following = elections_open(committee=committee).filter(date__gt=election.date).first()
    rest = dollars(amount) - room
    if following is None or room <= 0 or rest <= 0:
        return None
    next_limit = _person_rule(committee=committee, election=following)
    if next_limit is None or rest > next_limit:
        return None
    reason = (
        f"Federal law limits a person to ${limit:,.0f} per election. You can give ${room:,.2f} for the "
        f"{election.label}, and the rest for the {following.label}."
    )
    return SplitOffer(election, room, following, rest, reason)


def checkout_start_split(
    *, checkout: CheckoutInput, first_amount: Decimal, request: HttpRequest
) -> list[CheckoutResult]:
    """The donor confirmed a split: two gifts through the one checkout, the first for the election they chose, the
    rest for the next one. Each is checked against its own election's limit there."""
    offer = split_offer(
        page=donation_page_get(slug=checkout.page_slug),
        election_code=checkout.election_code,
        amount=checkout.amount,
        room=dollars(first_amount),
    )
    if offer is None:
        raise ApplicationError("This gift cannot be split to a next election.", field="amount")
    first = checkout_start(
        checkout=replace(checkout, amount=offer.first_amount, election_code=offer.first_election.code), request=request
    )
    second = checkout_start(  # the first gift saves the card when the donor consented: not the second one again
        checkout=replace(checkout, amount=offer.rest_amount, election_code=offer.next_election.code, save_card=False),
        request=request,
    )
    return [first, second]
