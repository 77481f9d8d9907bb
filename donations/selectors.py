"""Reads for the donations app."""

import uuid
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from committees.models import Committee, Election
from donations.models import Contribution, Donation, DonationPage, Donor, RecurringGift, Refund
from fundraising.exceptions import ApplicationError, NotFound
from fundraising.queries import one_or_none


def donation_page_get(*, slug: str) -> DonationPage:
    page = one_or_none(
        DonationPage.objects.select_related("committee", "default_election").filter(slug=slug, is_active=True)
    )
    if page is None:
        raise NotFound("No active donation page with that name.", field="page")
    return page


def committee_get(*, fec_id: str) -> Committee:
    committee = Committee.objects.filter(fec_id=fec_id).first()
    if committee is None:
        raise NotFound("No committee with that FEC id.", field="committee")
    return committee


def elections_open(*, committee: Committee, today: date | None = None) -> QuerySet[Election]:
    """The elections a donor may designate a gift to: the committee's elections on or after today (its time
    zone). A past election is never offered (11 CFR 110.1(b)(3): after it, gifts only toward its net debts, which
    staff record, not the donation page)."""
    today = today or timezone.localdate(timezone=committee.tzinfo)
    return Election.objects.filter(committee=committee, date__gte=today).order_by("date")


def election_for_gift(
    *, committee: Committee, code: str = "", page: DonationPage | None = None, today: date | None = None
) -> Election | None:
    """The election a web gift is designated to: the one asked for, else the page's default while it is ahead, else
    the committee's next election (11 CFR 110.1(b)(2)(ii): an undesignated gift counts toward the next one).
    None for a PAC or party committee: its gifts have no election, their limit is per calendar year."""
    if not committee.is_candidate_committee:
        if code:
            raise ApplicationError(
                "Gifts to this committee are not designated to an election; leave the election out.", field="election"
            )
        return None
    today = today or timezone.localdate(timezone=committee.tzinfo)
    upcoming = elections_open(committee=committee, today=today)
    if code:
        election = one_or_none(Election.objects.filter(committee=committee, code=code))
        if election is None:
            raise ApplicationError(f"{code} is not an election of this committee.", field="election")
        if election.date < today:
            following = upcoming.first()
            instead = f" Give to the {following.label} instead." if following else ""
            raise ApplicationError(
                f"The {election.label} has passed; this page takes gifts only for an election still ahead.{instead}",
                field="election",
            )
        return election
    if page is not None and page.default_election_id and page.default_election.date >= today:
        return page.default_election
    election = upcoming.first()
    if election is None:
        raise ApplicationError("The committee has no upcoming election to designate this gift to.", field="election")
    return election


def election_check_for_web_gift(*, committee: Committee, election: Election | None, today: date | None = None) -> None:
    """The same rule as ``election_for_gift``, for a checkout given an election directly: a candidate committee's
    gift names one of its elections still ahead; a PAC's or party's names none."""
    if not committee.is_candidate_committee:
        if election is not None:
            raise ApplicationError("Gifts to this committee are not designated to an election.", field="election")
        return
    if election is None or election.committee_id != committee.pk:
        raise ApplicationError("That election is not one of this committee's.", field="election")
    today = today or timezone.localdate(timezone=committee.tzinfo)
    if election.date < today:
        raise ApplicationError(f"The {election.label} has passed.", field="election")


def donation_get_public(*, public_id: str | uuid.UUID) -> Donation:
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        raise NotFound("No such donation.") from None
    donation = Donation.objects.select_related("election").filter(public_id=public_id).first()
    if donation is None:
        raise NotFound("No such donation.")
    return donation


# --- Reads for staff (the console and the staff API) ------------------------------------------------------------

ZERO = Decimal("0.00")


def _sum(queryset: QuerySet, field: str = "amount") -> Decimal:
    return queryset.aggregate(total=Coalesce(Sum(field), ZERO))["total"]


def receipts_of(committee: Committee) -> QuerySet[Contribution]:
    """Money the committee received (memo entries are disclosed but never counted)."""
    return Contribution.objects.filter(committee=committee, is_memo=False)


def giving_totals(*, committee: Committee, start: date, end: date) -> dict[str, Decimal | int]:
    """Receipts, contribution refunds (and lost disputes), gifts and distinct donors from ``start`` through ``end``."""
    received = receipts_of(committee).filter(date_received__gte=start, date_received__lte=end)
    figures = received.aggregate(
        raised=Coalesce(Sum("amount"), ZERO), gifts=Count("pk"), donors=Count("donor_id", distinct=True)
    )
    figures["refunds"] = _sum(
        Refund.objects.filter(committee=committee, date_refunded__gte=start, date_refunded__lte=end)
    )
    return figures


def donors_count(*, committee: Committee) -> int:
    """Donors who have given at least once (merged records are not counted twice)."""
    return receipts_of(committee).filter(donor__merged_into__isnull=True).values("donor_id").distinct().count()


def monthly_gifts_active(*, committee: Committee) -> dict[str, Decimal | int]:
    gifts = RecurringGift.objects.filter(committee=committee, status=RecurringGift.Status.ACTIVE)
    return gifts.aggregate(count=Count("pk"), monthly=Coalesce(Sum("amount"), ZERO))


def donor_get(*, committee: Committee, donor_id: int) -> Donor:
    donor = Donor.objects.select_related("merged_into").filter(committee=committee, pk=donor_id).first()
    if donor is None:
        raise NotFound("No such donor.")
    return donor


def donor_list(*, committee: Committee, query: str = "") -> QuerySet[Donor]:
    """The committee's donors (merged records left out) with their gift count and net total, searched by name,
    email, employer, ZIP or transaction id."""
    donors = Donor.objects.filter(committee=committee, merged_into__isnull=True)
    for word in query.split()[:4]:
        donors = donors.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(organization_name__icontains=word)
            | Q(email__icontains=word)
            | Q(employer__icontains=word)
            | Q(zip_code__startswith=word)
            | Q(contributions__transaction_id__iexact=word)
        )
    given = Sum("contributions__amount", filter=Q(contributions__is_memo=False))
    return donors.annotate(gifts=Count("contributions", filter=Q(contributions__is_memo=False)), total=given).order_by(
        "last_name", "first_name", "organization_name", "pk"
    )


def donor_gifts(*, donor: Donor) -> QuerySet[Contribution]:
    return (
        Contribution.objects.filter(donor=donor)
        .select_related("election", "conduit", "donation", "recurring_gift")
        .annotate(refunded=Coalesce(Sum("refunds__amount"), ZERO))
        .order_by("-date_received", "-pk")
    )


def donor_refunds(*, donor: Donor) -> QuerySet[Refund]:
    return Refund.objects.filter(donor=donor).select_related("contribution").order_by("-date_refunded", "-pk")


def donor_aggregates(*, donor: Donor) -> list[dict]:
    """Per election (candidate committees) or calendar year (PACs, parties): gifts counted toward the limit,
    refunds, and the net, from the books (the same rows the running limit totals are rebuilt from)."""
    counted = Contribution.objects.filter(donor=donor).filter(Q(is_memo=False) | Q(memo_role__in=["to", "from"]))
    rows: dict[str, dict] = {}
    for row in (
        counted.exclude(limit_period_key="")
        .values("limit_period_key")
        .annotate(total=Sum("amount"), gifts=Count("pk", filter=Q(is_memo=False)))
    ):
        key = row["limit_period_key"]
        rows[key] = {"period": key, "given": row["total"], "gifts": row["gifts"]}
    for row in (
        Refund.objects.filter(donor=donor)
        .exclude(contribution__limit_period_key="")
        .values("contribution__limit_period_key")
        .annotate(total=Sum("amount"))
    ):
        key = row["contribution__limit_period_key"]
        rows.setdefault(key, {"period": key, "given": ZERO, "gifts": 0})["refunded"] = row["total"]
    for row in rows.values():
        row.setdefault("refunded", ZERO)
        row["net"] = row["given"] - row["refunded"]
    return sorted(rows.values(), key=lambda r: r["period"])


def donor_likely_duplicates(*, donor: Donor, limit: int = 10) -> QuerySet[Donor]:
    """Other records of the committee that may be the same person: the same last name (or organization) with the
    same ZIP, email or street; never a merged record."""
    same = Q(email__iexact=donor.email) if donor.email else Q(pk__in=[])
    same |= Q(zip_code__startswith=donor.zip_code[:5]) | Q(street_1__iexact=donor.street_1)
    if donor.organization_name:
        name = Q(organization_name__iexact=donor.organization_name)
    else:
        name = Q(last_name__iexact=donor.last_name) & Q(first_name__istartswith=donor.first_name[:1])
    return (
        Donor.objects.filter(committee=donor.committee_id, merged_into__isnull=True)
        .exclude(pk=donor.pk)
        .filter(name)
        .filter(same)
        .order_by("pk")[:limit]
    )
