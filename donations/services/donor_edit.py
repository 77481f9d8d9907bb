"""Staff corrections of a donor record, audited. Details (name, address, employer, contact) are staff's to fix;
the contributor type decides which contribution limit applies, so changing it is a treasurer's decision, with a
reason, and "the candidate" (no limit) is only for the committee's own candidate."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.services import audit_record
from donations.models import ContributorType, Donor, EntityType
from donations.services.donors import DonorInput
from donations.services.matching import normalize_name
from fundraising.exceptions import ApplicationError

DETAIL_FIELDS = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "organization_name",
    "street_1",
    "street_2",
    "city",
    "state",
    "zip_code",
    "employer",
    "occupation",
    "email",
    "phone",
)
KEY_FIELDS = frozenset({"first_name", "last_name", "street_1", "zip_code", "organization_name"})  # matching.py
COMMITTEE_TYPES = {
    ContributorType.MULTICANDIDATE_PAC,
    ContributorType.PAC,
    ContributorType.PARTY,
    ContributorType.AUTHORIZED_COMMITTEE,
}


def _locked(donor: Donor) -> Donor:
    donor = Donor.objects.select_for_update(of=("self",)).select_related("committee").get(pk=donor.pk)
    if donor.merged_into_id:
        raise ApplicationError("This record was merged into another donor; correct that one.", field="donor")
    return donor


@transaction.atomic
def donor_update_details(
    *, donor: Donor, changes: dict[str, Any], actor: AbstractBaseUser | None, reason: str
) -> Donor:
    """Correct a donor's identity, address, employer or contact details. The match key follows the new name and
    address; when it becomes another record's, the two are the same person: merge them instead."""
    if not reason.strip():
        raise ApplicationError("Say why the record changes.", field="reason")
    donor = _locked(donor)
    changed = {k: v for k, v in changes.items() if k in DETAIL_FIELDS and (v or "") != getattr(donor, k)}
    if not changed:
        return donor
    before = {k: getattr(donor, k) for k in changed}
    for key, value in changed.items():
        setattr(donor, key, value or "")
    identity = {f: getattr(donor, f) for f in DonorInput.__dataclass_fields__ if hasattr(donor, f)}
    # the key moves only with what it is made of: a record kept apart by the Publication 28 re-key
    # (donations/services/rekey.py, "<key>|rekeyed:<id>") can still have its employer or phone corrected
    key = DonorInput(**identity).match_key if changed.keys() & KEY_FIELDS else donor.match_key
    other = (
        Donor.objects.filter(committee_id=donor.committee_id, match_key=key, merged_into__isnull=True)
        .exclude(pk=donor.pk)
        .first()
    )
    if other is not None:
        raise ApplicationError(
            f"Donor #{other.pk} ({other.display_name}) already has this name and address: merge the two instead.",
            field="last_name",
        )
    donor.match_key = key
    donor.full_clean(exclude=["committee", "merged_into"])
    donor.save(update_fields=[*changed, "match_key", "updated_at"])
    audit_record(actor=actor, action="donor.updated", obj=donor, before=before, after=changed, reason=reason)
    return donor


@transaction.atomic
def donor_set_contributor_type(
    *, donor: Donor, contributor_type: str, actor: AbstractBaseUser | None, reason: str
) -> Donor:
    """Change which limit a donor's gifts are held to (treasurers; the view checks the role)."""
    if contributor_type not in ContributorType.values:
        raise ApplicationError(f"{contributor_type!r} is not a contributor type.", field="contributor_type")
    if not reason.strip():
        raise ApplicationError("Say why the contributor type changes.", field="reason")
    donor = _locked(donor)
    if donor.contributor_type == contributor_type:
        return donor
    committee = donor.committee
    if contributor_type == ContributorType.CANDIDATE:
        own = (
            committee.is_candidate_committee
            and donor.entity_type in (EntityType.INDIVIDUAL, EntityType.CANDIDATE)
            and committee.candidate_last_name
            and normalize_name(donor.last_name) == normalize_name(committee.candidate_last_name)
            and normalize_name(donor.first_name) == normalize_name(committee.candidate_first_name)
        )
        if not own:
            raise ApplicationError(
                "Only the committee's own candidate gives without a limit; this donor is not the candidate named "
                "on the committee.",
                field="contributor_type",
            )
    if contributor_type in COMMITTEE_TYPES and donor.entity_type != EntityType.COMMITTEE:
        raise ApplicationError(
            "A committee contributor must be entered as a committee (entity COM) with its FEC id.",
            field="contributor_type",
        )
    if contributor_type == ContributorType.INDIVIDUAL and donor.entity_type not in (
        EntityType.INDIVIDUAL,
        EntityType.CANDIDATE,
    ):
        raise ApplicationError("Only a person is an individual contributor.", field="contributor_type")
    before = {"contributor_type": donor.contributor_type}
    donor.contributor_type = contributor_type
    donor.save(update_fields=["contributor_type", "updated_at"])
    audit_record(
        actor=actor,
        action="donor.contributor_type_changed",
        obj=donor,
        before=before,
        after={"contributor_type": contributor_type},
        reason=reason,
    )
    return donor
