"""Finding or creating the donor behind a gift."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from committees.models import Committee
from donations.models import Donor, EntityType
from donations.services.duplicates import duplicates_find
from donations.services.matching import individual_match_key, organization_match_key
from fundraising.queries import one_or_none


@dataclass(frozen=True)
class DonorInput:
    """Identity and contact details as the donor (or an import row) gave them."""

    first_name: str = ""
    last_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    organization_name: str = ""
    committee_fec_id: str = ""
    entity_type: str = EntityType.INDIVIDUAL
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    country: str = "US"
    employer: str = ""
    occupation: str = ""
    email: str = ""
    phone: str = ""

    @property
    def match_key(self) -> str:
        if self.entity_type == EntityType.INDIVIDUAL or self.entity_type == EntityType.CANDIDATE:
            return individual_match_key(
                first_name=self.first_name, last_name=self.last_name, street_1=self.street_1, zip_code=self.zip_code
            )
        return organization_match_key(
            entity_type=self.entity_type,
            organization_name=self.organization_name,
            committee_fec_id=self.committee_fec_id,
            zip_code=self.zip_code,
        )


# Fields a newer gift may update on an existing donor: the latest employer, occupation and contact
# details are what the FEC wants on the next itemized record.
_UPDATABLE = ("employer", "occupation", "email", "phone", "street_2", "middle_name", "prefix", "suffix")


@transaction.atomic(savepoint=False)
def donor_get_or_create(*, committee: Committee, data: DonorInput) -> Donor:
    """The committee's donor with the same normalised name and address, or a new one.

    The donor row is locked, so concurrent gifts from one person serialise on it (the checkout limit
    check relies on that). Inside a caller's transaction it takes no savepoint of its own (two round trips on
    every gift): an error here fails the caller's transaction, as every caller lets it; only the insert that
    can lose a race has its savepoint."""
    key = data.match_key
    donor = one_or_none(  # one at most: unique on (committee, match_key) among records not merged
        Donor.objects.select_for_update(of=("self",), no_key=True).filter(
            committee=committee, match_key=key, merged_into__isnull=True
        )
    )
    if donor is None:
        donor = Donor(committee=committee, match_key=key, **data.__dict__)
        donor.full_clean(exclude=["match_key", "committee"])  # the committee is the loaded row: no lookup again
        try:
            with transaction.atomic():  # a savepoint: a concurrent insert of the same person wins
                donor.save()
        except IntegrityError:
            return Donor.objects.select_for_update(of=("self",), no_key=True).get(
                committee=committee, match_key=key, merged_into__isnull=True
            )
        duplicates_find(donor=donor)  # the same person at another address? queue it for staff
        return donor
    changed = [name for name in _UPDATABLE if getattr(data, name) and getattr(donor, name) != getattr(data, name)]
    for name in changed:
        setattr(donor, name, getattr(data, name))
    if changed:
        donor.save(update_fields=[*changed, "updated_at"])
        if {"email", "phone", "employer"} & set(changed):
            duplicates_find(donor=donor)
    return donor
