"""Staff merge two records of the same person: everything moves to the kept donor, the other points
at it (nothing is deleted), running totals are rebuilt from the books, and the merge is audited."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.services import audit_record
from donations.models import Contribution, Donation, Donor, LimitTotal, RecurringGift, Refund
from donations.services.aggregates import receipt_aggregates_refresh_donor
from donations.services.limits import limit_record_guarantee, limit_totals_recompute
from fundraising.exceptions import ApplicationError


@transaction.atomic
def donor_merge(*, keep: Donor, merge: Donor, actor: AbstractBaseUser | None, reason: str = "") -> Donor:
    if keep.pk == merge.pk:
        raise ApplicationError("A donor cannot be merged into itself.", field="merge")
    if keep.committee_id != merge.committee_id:
        raise ApplicationError("Donors of different committees cannot be merged.", field="merge")
    locked = {
        d.pk: d
        for d in Donor.objects.select_for_update(of=("self",), no_key=True)
        .filter(pk__in=[keep.pk, merge.pk])
        .order_by("pk")
    }
    keep, merge = locked[keep.pk], locked[merge.pk]
    if merge.merged_into_id:
        raise ApplicationError("That donor was already merged.", field="merge")
    moved = {
        "contributions": Contribution.objects.filter(donor=merge).update(donor=keep),
        "donations": Donation.objects.filter(donor=merge).update(donor=keep),
        "refunds": Refund.objects.filter(donor=merge).update(donor=keep),
        "recurring_gifts": RecurringGift.objects.filter(donor=merge).update(donor=keep),
    }
    merge.merged_into = keep
    merge.match_key = f"merged:{merge.pk}:{merge.match_key}"[:255]
    merge.save(update_fields=["merged_into", "match_key", "updated_at"])
    for key, guaranteed in (
        LimitTotal.objects.filter(donor=merge).exclude(guaranteed=0).values_list("period_key", "guaranteed")
    ):  # loan guarantees (compliance.services.guarantees) move with the person; their rows follow lazily
        limit_record_guarantee(committee=keep.committee, donor=keep, period_key=key, change=guaranteed)
    LimitTotal.objects.filter(donor=merge).update(received=0, reserved=0, guaranteed=0)
    limit_totals_recompute(committee=keep.committee, donor=keep)
    receipt_aggregates_refresh_donor(committee=keep.committee, donor_id=keep.pk)
    audit_record(
        actor=actor, action="donor.merged", obj=keep, before={"merged_donor": merge.pk}, after=moved, reason=reason
    )
    return keep
