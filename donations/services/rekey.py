"""Re-key the stored donors after the match key changed (donations/services/matching.py).

Run by migration 0009 (USPS Publication 28 normalisation by usaddress-scourgify replaced the hand table), with the
migration's historical models, and callable again with ``django.apps.apps`` should the key change once more.

Individuals and candidates are re-keyed (organisation and committee keys do not read the street). Two live records
of one committee that now share a key are the same name at the same address spelled two ways ("Suite 200" and
"Ste 200"): nothing is merged or deleted. The earlier record takes the key (new gifts find it); each later one
keeps a key of its own, the new key marked ``|rekeyed:<pk>``, and is queued as a likely duplicate of the earlier
one (reason "address") for staff to merge or dismiss; while that item is open the limit check counts both
records' gifts (donations.services.duplicate_limits). A pair staff already resolved stays as staff left it.
Each committee's re-key is audited."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from donations.services.duplicates import shared_details
from donations.services.matching import individual_match_key

ACTOR = "system:migration donations.0009"
_PERSON_TYPES = ("IND", "CAN")
_BATCH = 1000


@dataclass
class RekeyResult:
    """What changed: donors whose key changed, and the likely-duplicate items opened (donor pk pairs)."""

    rekeyed: int = 0
    duplicates: list[tuple[int, int]] = field(default_factory=list)


def new_key(donor: Any) -> str:
    return individual_match_key(
        first_name=donor.first_name, last_name=donor.last_name, street_1=donor.street_1, zip_code=donor.zip_code
    )


def duplicate_key(key: str, pk: int) -> str:
    """The key of a later record that collapsed onto ``key``: its own, so the unique constraint holds."""
    suffix = f"|rekeyed:{pk}"
    return key[: 255 - len(suffix)] + suffix


def donors_rekey(apps: Any) -> RekeyResult:
    """Re-key every live individual donor of every committee (``apps``: a migration's or django.apps.apps)."""
    donor_model = apps.get_model("donations", "Donor")
    duplicate_model = apps.get_model("donations", "DuplicateDonor")
    audit_model = apps.get_model("audit", "AuditEvent")
    result = RekeyResult()
    live = donor_model.objects.filter(merged_into__isnull=True, entity_type__in=_PERSON_TYPES)
    for committee_id in live.values_list("committee_id", flat=True).distinct().order_by("committee_id"):
        donors = list(live.filter(committee_id=committee_id).order_by("pk"))
        by_key: dict[str, list[Any]] = defaultdict(list)
        for donor in donors:
            by_key[new_key(donor)].append(donor)
        final: dict[int, str] = {}
        pairs: list[tuple[Any, Any]] = []
        for key, group in by_key.items():
            first, *later = group
            final[first.pk] = key
            for other in later:
                final[other.pk] = duplicate_key(key, other.pk)
                pairs.append((first, other))
        changed = [d for d in donors if d.match_key != final[d.pk]]
        if not changed:
            continue
        # two steps, so no row ever holds a key another row still has (the unique constraint is not deferred)
        for donor in changed:
            donor.match_key = f"rekeying:{donor.pk}"
        donor_model.objects.bulk_update(changed, ["match_key"], batch_size=_BATCH)
        for donor in changed:
            donor.match_key = final[donor.pk]
        donor_model.objects.bulk_update(changed, ["match_key"], batch_size=_BATCH)
        opened = []
        for first, other in pairs:
            item, created = duplicate_model.objects.get_or_create(
                donor_id=first.pk,
                other_id=other.pk,
                defaults={"committee_id": committee_id, "reasons": ["address", *shared_details(first, other)]},
            )
            if not created and item.status == "open" and "address" not in item.reasons:
                item.reasons = ["address", *item.reasons]
                item.save(update_fields=["reasons", "updated_at"])
            if created or item.status == "open":
                opened.append((first.pk, other.pk))
        result.rekeyed += len(changed)
        result.duplicates.extend(opened)
        audit_model.objects.create(
            actor=None,
            actor_label=ACTOR,
            action="donors.rekeyed",
            object_type="Committee",
            object_id=str(committee_id),
            before={},
            after={"rekeyed": len(changed), "likely_duplicates": [list(pair) for pair in opened]},
            reason="Donor match keys now follow USPS Publication 28 (usaddress-scourgify)",
        )
    return result
