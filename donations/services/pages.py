"""Donation pages, set up by a committee's staff: what donors see at /donate/<slug>/. Audited."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.services import audit_record
from committees.models import Committee
from donations.models import DonationPage
from fundraising.exceptions import ApplicationError

FIELDS = (
    "slug",
    "title",
    "body",
    "preset_amounts",
    "minimum_amount",
    "maximum_amount",
    "allow_one_time",
    "allow_monthly",
    "default_election",
    "thank_you_text",
    "is_active",
)


def preset_amounts_parse(text: str) -> list[str]:
    """ "25, 50, 100" -> ["25", "50", "100"] (dollar strings, as the page shows them)."""
    out = []
    for part in text.replace(";", ",").split(","):
        part = part.strip().lstrip("$")
        if not part:
            continue
        try:
            amount = Decimal(part)
        except InvalidOperation:
            raise ApplicationError(f"{part!r} is not an amount in dollars.", field="preset_amounts") from None
        if amount <= 0:
            raise ApplicationError("Preset amounts are positive.", field="preset_amounts")
        out.append(f"{amount.normalize():f}")
    return out


@transaction.atomic
def donation_page_save(
    *, committee: Committee, data: dict[str, Any], actor: AbstractBaseUser | None, page: DonationPage | None = None
) -> DonationPage:
    """Create (``page`` None) or change one of the committee's donation pages."""
    if page is not None and page.committee_id != committee.pk:
        raise ApplicationError("That page belongs to another committee.", field="slug")
    taken = DonationPage.objects.filter(slug=data["slug"]).exclude(pk=page.pk if page else None).exists()
    if taken:
        raise ApplicationError(f"/donate/{data['slug']}/ is already used by another page.", field="slug")
    if data["minimum_amount"] > data["maximum_amount"]:
        raise ApplicationError("The minimum is above the maximum.", field="minimum_amount")
    if not (data["allow_one_time"] or data["allow_monthly"]):
        raise ApplicationError("Allow one-time gifts, monthly gifts, or both.", field="allow_one_time")
    election = data.get("default_election")
    if election is not None and election.committee_id != committee.pk:
        raise ApplicationError("Not an election of this committee.", field="default_election")
    target = page or DonationPage(committee=committee)
    before = {name: getattr(target, name) for name in FIELDS} if page else {}
    for name in FIELDS:
        setattr(target, name, data[name])
    target.full_clean(exclude=["committee", "default_election"])
    target.save()
    after = {name: getattr(target, name) for name in FIELDS}
    changed = {k: v for k, v in after.items() if before.get(k) != v}
    audit_record(
        actor=actor,
        action="donation_page.created" if page is None else "donation_page.changed",
        obj=target,
        before={k: before[k] for k in changed if k in before},
        after=changed,
    )
    return target
