"""Likely duplicate donors: one person on two records (issue #12 item 10).

Donor matching (services/matching.py) keys an individual on name + street + ZIP, so a donor who moves becomes a
second record, and a contribution limit per person (11 CFR 110.1(b)) would be counted twice. When a new individual
record is created, every other record of the committee with the same name (first and last, parsed by
``nameparser``: titles, middle names and suffixes ignored) and the same email, phone or employer is queued as a
likely duplicate. Staff merge it (donor_merge: gifts move, totals rebuilt) or dismiss it (two people). While an item
is open, the limit check counts both records' gifts (duplicate_limits.limit_donor_ids)."""

from __future__ import annotations

import re

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from nameparser import HumanName

from audit.services import audit_record
from donations.models import Donor, DuplicateDonor, EntityType
from donations.services.donor_merge import donor_merge
from donations.services.duplicate_limits import limit_donor_ids
from donations.services.matching import normalize_name
from fundraising.exceptions import ApplicationError, Conflict

__all__ = ["duplicate_dismiss", "duplicate_merge", "duplicates_find", "limit_donor_ids", "person_name_key"]
_NOT_EMPLOYERS = frozenset({"", "NONE", "NA", "N/A", "RETIRED", "NOTEMPLOYED", "SELFEMPLOYED", "SELF", "HOMEMAKER"})


def person_name_key(first_name: str, last_name: str) -> tuple[str, str]:
    """(first, last) as nameparser reads the full name, normalised (case, accents, punctuation)."""
    name = HumanName(f"{first_name} {last_name}".strip())
    return normalize_name(name.first or first_name), normalize_name(name.last or last_name)


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value or "")
    return digits[-10:] if len(digits) >= 10 else ""


def _employer(value: str) -> str:
    key = normalize_name(value)
    return "" if key in _NOT_EMPLOYERS else key


def shared_details(a: Donor, b: Donor) -> list[str]:
    """What two records with the same name share besides it: "email", "phone", "employer"."""
    out = []
    if a.email and a.email.strip().lower() == (b.email or "").strip().lower():
        out.append("email")
    if _phone(a.phone) and _phone(a.phone) == _phone(b.phone):
        out.append("phone")
    if _employer(a.employer) and _employer(a.employer) == _employer(b.employer):
        out.append("employer")
    return out


def duplicates_find(*, donor: Donor) -> list[DuplicateDonor]:
    """Queue ``donor``'s likely duplicates (open items), once per pair. Individuals only (IND, CAN)."""
    if donor.entity_type not in (EntityType.INDIVIDUAL, EntityType.CANDIDATE) or donor.merged_into_id:
        return []
    first, last = person_name_key(donor.first_name, donor.last_name)
    if not first or not last:
        return []
    parsed_last = HumanName(f"{donor.first_name} {donor.last_name}".strip()).last or donor.last_name
    others = Donor.objects.filter(
        committee_id=donor.committee_id,
        merged_into__isnull=True,
        entity_type=donor.entity_type,
        last_name__istartswith=parsed_last[:30],
    ).exclude(pk=donor.pk)
    queued = []
    for other in others:
        if person_name_key(other.first_name, other.last_name) != (first, last):
            continue
        reasons = shared_details(donor, other)
        if not reasons:
            continue
        low, high = sorted((donor.pk, other.pk))
        item, _ = DuplicateDonor.objects.get_or_create(
            donor_id=low, other_id=high, defaults={"committee_id": donor.committee_id, "reasons": reasons}
        )
        queued.append(item)
    return queued


def _locked_open(item: DuplicateDonor) -> DuplicateDonor:
    item = DuplicateDonor.objects.select_for_update().get(pk=item.pk)
    if item.status != DuplicateDonor.Status.OPEN:
        raise Conflict(f"This likely duplicate was already {item.status}.")
    return item


@transaction.atomic
def duplicate_merge(
    *, item: DuplicateDonor, actor: AbstractBaseUser | None, reason: str = "", keep: int | None = None
) -> Donor:
    """One person: merge the two records (the later one into the earlier, unless ``keep`` names the other)."""
    item = _locked_open(item)
    if keep not in (None, item.donor_id, item.other_id):
        raise ApplicationError("keep is one of the two donors of this item.", field="keep")
    kept_id = keep or item.donor_id
    merged_id = item.other_id if kept_id == item.donor_id else item.donor_id
    donors = Donor.objects.in_bulk([kept_id, merged_id])
    kept = donor_merge(keep=donors[kept_id], merge=donors[merged_id], actor=actor, reason=reason or "likely duplicate")
    _resolve(item, DuplicateDonor.Status.MERGED, actor, reason)
    # any other open item naming the merged record now concerns the kept one: close it as merged too
    for other in DuplicateDonor.objects.filter(status=DuplicateDonor.Status.OPEN).filter(
        Q(donor_id=merged_id) | Q(other_id=merged_id)
    ):
        _resolve(other, DuplicateDonor.Status.MERGED, actor, f"record {merged_id} merged into {kept_id}")
    return kept


@transaction.atomic
def duplicate_dismiss(*, item: DuplicateDonor, actor: AbstractBaseUser | None, reason: str) -> DuplicateDonor:
    """Two different people: close the item; each record's gifts count only toward its own limit again."""
    if not reason.strip():
        raise ApplicationError("Say why they are two people.", field="reason")
    item = _locked_open(item)
    _resolve(item, DuplicateDonor.Status.DISMISSED, actor, reason)
    return item


def _resolve(item: DuplicateDonor, status: str, actor: AbstractBaseUser | None, reason: str) -> None:
    before = item.status
    item.status = status
    item.resolved_by = actor if actor is not None and actor.pk else None
    item.resolved_at = timezone.now()
    item.resolution_reason = reason[:200]
    item.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_reason", "updated_at"])
    audit_record(
        actor=actor,
        action=f"donor.duplicate_{status}",
        obj=item,
        before={"status": before},
        after={"status": status, "donor": item.donor_id, "other": item.other_id},
        reason=reason,
    )
