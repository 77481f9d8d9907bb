"""What the limit check counts while a likely duplicate is open (issue #12 item 10): both records' gifts.

Kept apart from the queue's services (duplicates.py, which merges through donor_merge and so imports the limits)
so that donations.services.limits can call it without an import cycle."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, Sum

from donations.models import Donor, DuplicateDonor, LimitTotal

ZERO = Decimal("0.00")


def limit_donor_ids(donor: Donor) -> list[int]:
    """The donor records whose gifts count toward ``donor``'s limit: itself, and every record it has an open likely
    duplicate with (until staff merge or dismiss it; 11 CFR 110.1(b): the limit is per person)."""
    pairs = DuplicateDonor.objects.filter(status=DuplicateDonor.Status.OPEN).filter(
        Q(donor_id=donor.pk) | Q(other_id=donor.pk)
    )
    ids = {donor.pk}
    for low, high in pairs.values_list("donor_id", "other_id"):
        ids.update((low, high))
    return sorted(ids)


def duplicates_counted(*, committee_id: int, donor: Donor, period_key: str) -> Decimal:
    """Received, guaranteed and reserved toward ``period_key`` on the *other* records of ``donor``'s open likely
    duplicates (0.00 when there are none): what the limit check adds to the donor's own total."""
    others = [pk for pk in limit_donor_ids(donor) if pk != donor.pk]
    if not others or not period_key:
        return ZERO
    totals = LimitTotal.objects.filter(committee_id=committee_id, donor_id__in=others, period_key=period_key)
    row = totals.aggregate(received=Sum("received"), guaranteed=Sum("guaranteed"), reserved=Sum("reserved"))
    return (row["received"] or ZERO) + (row["guaranteed"] or ZERO) + (row["reserved"] or ZERO)
