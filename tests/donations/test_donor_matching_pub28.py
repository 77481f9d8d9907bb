"""Donor matching normalises street line 1 to USPS Publication 28 with usaddress-scourgify (issue #12: "Matching
and screening use well-kept parsers rather than hand-written tables"), and migration 0009 re-keys stored donors.

Before, a hand table of suffixes kept "APT" and dropped "#": "123 N Main St #4" and "123 North Main Street Apt 4"
were two donors, each with its own $3,500 per election (11 CFR 110.1(b)(1): the limit is per person)."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction

from audit.models import AuditEvent
from donations.models import Donor, DuplicateDonor, LimitTotal
from donations.services.donor_edit import donor_update_details
from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.limits import OverLimit, limit_remaining, limit_reserve
from donations.services.matching import individual_match_key, normalize_street
from donations.services.rekey import donors_rekey
from fundraising.exceptions import ApplicationError
from tests.factories import CommitteeFactory, ElectionFactory

D = Decimal
ON = dt.date(2027, 3, 1)


def key(street: str, first: str = "Jane", last: str = "Doe", zip_code: str = "20001") -> str:
    return individual_match_key(first_name=first, last_name=last, street_1=street, zip_code=zip_code)


def test_publication_28_spellings_of_one_address_give_one_key():
    one = {key("123 North Main Street Apt 4"), key("123 N Main St #4"), key("123 N. MAIN ST., APT. 4")}
    assert len(one) == 1, one
    assert key("100 Oak Ave Suite 200") == key("100 Oak Avenue, Ste 200") == key("100 OAK AVE STE. 200")
    assert key("1600 Pennsylvania Avenue Northwest") == key("1600 Pennsylvania Ave NW")


def test_different_addresses_still_differ():
    assert key("123 N Main St #4") != key("123 N Main St #5")
    assert key("123 N Main St") != key("123 S Main St")
    assert key("123 Main St") != key("123 Main Ave")
    assert key("100 Oak Ave Ste 200") != key("100 Oak Ave Ste 300")


def test_addresses_the_library_cannot_parse_still_match_themselves():
    # scourgify refuses boxes and routes: the fallback spells them the Publication 28 way (section 29)
    assert normalize_street("P.O. Box 123") == normalize_street("Post Office Box 123") == "PO BOX 123"
    assert normalize_street("Rural Route 2, Box 45") == normalize_street("RR 2 Box 45") == "RR 2 BOX 45"
    assert normalize_street("HC 1 Box 5") == "HC 1 BOX 5"
    assert normalize_street("PO Box 123") != normalize_street("PO Box 124")
    assert normalize_street("General Delivery") == normalize_street("general delivery.") == "GENERAL DELIVERY"
    assert key("PO Box 123") == key("P.O. BOX 123")


@pytest.mark.django_db
def test_three_spellings_of_one_address_are_one_donor():
    committee = CommitteeFactory()
    common = {"first_name": "Jane", "last_name": "Doe", "city": "Washington", "state": "DC", "zip_code": "20001"}
    donors = {
        donor_get_or_create(committee=committee, data=DonorInput(street_1=street, **common)).pk
        for street in ("123 North Main Street Apt 4", "123 N Main St #4", "123 N. MAIN ST., APT. 4")
    }
    assert len(donors) == 1


def _old_record(committee, street: str, old_key: str, received: str) -> Donor:
    """A donor as it was stored under the hand table's key, with $``received`` toward P2028."""
    donor = Donor.objects.create(
        committee=committee,
        first_name="Jane",
        last_name="Doe",
        street_1=street,
        city="Washington",
        state="DC",
        zip_code="20001",
        email="jane@example.com",
        match_key=old_key,
    )
    LimitTotal.objects.create(committee=committee, donor=donor, period_key="P2028", received=D(received))
    return donor


@pytest.mark.django_db
def test_rekey_leaves_collapsing_donors_apart_and_queues_them_for_staff():
    committee = CommitteeFactory()
    election = ElectionFactory(committee=committee, code="P2028", date=dt.date(2028, 6, 20))
    # the hand table's keys: "APT 4" and "4" differed, so these were two records
    first = _old_record(committee, "123 North Main Street Apt 4", "IND|JANE|DOE|123 N MAIN ST APT 4|20001", "2000.00")
    later = _old_record(committee, "123 N Main St #4", "IND|JANE|DOE|123 N MAIN ST 4|20001", "1000.00")
    alone = _old_record(committee, "9 Elm Street", "IND|JANE|DOE|9 ELM ST|20001", "0.00")

    result = donors_rekey(apps)

    first.refresh_from_db(), later.refresh_from_db(), alone.refresh_from_db()
    assert first.match_key == "IND|JANE|DOE|123 N MAIN ST #4|20001"
    assert later.match_key == f"IND|JANE|DOE|123 N MAIN ST #4|20001|rekeyed:{later.pk}"
    assert alone.match_key == "IND|JANE|DOE|9 ELM ST|20001"
    assert first.merged_into_id is None and later.merged_into_id is None, "nothing is merged by the migration"
    assert Donor.objects.filter(pk__in=[first.pk, later.pk, alone.pk]).count() == 3, "nor deleted"
    (item,) = DuplicateDonor.objects.all()
    assert (item.donor_id, item.other_id, item.status) == (first.pk, later.pk, "open")
    assert item.reasons == ["address", "email"]
    assert result.duplicates == [(first.pk, later.pk)]
    audit = AuditEvent.objects.get(action="donors.rekeyed", object_id=str(committee.pk))
    assert audit.actor_label == "system:migration donations.0009" and audit.after["rekeyed"] == 2

    # the limit counts both records while the item is open: $3,000 of $3,500 is used
    assert limit_remaining(committee=committee, donor=first, election=election, on=ON) == D("500.00")
    assert limit_remaining(committee=committee, donor=later, election=election, on=ON) == D("500.00")
    with transaction.atomic(), pytest.raises(OverLimit):
        limit_reserve(committee=committee, donor=first, election=election, amount=D("600.00"), on=ON)
    # a new gift spelled either way finds the earlier record
    again = donor_get_or_create(
        committee=committee,
        data=DonorInput(
            first_name="Jane", last_name="Doe", street_1="123 N. Main St., Apt. 4", city="Washington", state="DC",
            zip_code="20001",
        ),
    )  # fmt: skip
    assert again.pk == first.pk
    assert donors_rekey(apps).rekeyed == 0, "running it again changes nothing"


@pytest.mark.django_db
def test_the_migration_runs_the_rekey_and_respects_a_pair_staff_dismissed():
    committee = CommitteeFactory()
    first = _old_record(committee, "100 Oak Ave Suite 200", "IND|JANE|DOE|100 OAK AVE STE 200|20001", "0.00")
    later = _old_record(committee, "100 Oak Ave, Ste. #200", "IND|JANE|DOE|100 OAK AVE STE 200 x|20001", "0.00")
    DuplicateDonor.objects.create(
        committee=committee, donor=first, other=later, reasons=["email"], status="dismissed"
    )  # staff already said: two people
    migration = importlib.import_module("donations.migrations.0009_rekey_donors_pub28")
    migration.rekey(apps, None)
    later.refresh_from_db()
    assert later.match_key.endswith(f"|rekeyed:{later.pk}")
    (item,) = DuplicateDonor.objects.all()
    assert item.status == "dismissed" and item.reasons == ["email"], "a staff decision is not reopened"


@pytest.mark.django_db
def test_limit_remaining_counts_an_open_likely_duplicate_as_the_limit_check_does():
    """Redesignation, reattribution and the next monthly installment ask limit_remaining: it must see the same
    person's other record while the item is open, as limit_reserve does."""
    committee = CommitteeFactory()
    election = ElectionFactory(committee=committee, code="P2028", date=dt.date(2028, 6, 20))
    first = _old_record(committee, "1 Main St", "a", "3000.00")
    later = _old_record(committee, "2 Oak St", "b", "0.00")
    DuplicateDonor.objects.create(committee=committee, donor=first, other=later, reasons=["email"])
    assert limit_remaining(committee=committee, donor=later, election=election, on=ON) == D("500.00")


@pytest.mark.django_db
def test_a_record_kept_apart_by_the_rekey_can_still_be_corrected():
    committee = CommitteeFactory()
    first = _old_record(committee, "100 Oak Ave Suite 200", "IND|JANE|DOE|100 OAK AVE STE 200|20001", "0.00")
    later = _old_record(committee, "100 Oak Ave Ste 200", "IND|JANE|DOE|100 OAK AVE STE 200 old|20001", "0.00")
    donors_rekey(apps)
    fixed = donor_update_details(donor=later, changes={"employer": "New Co"}, actor=None, reason="Donor called")
    assert fixed.employer == "New Co" and fixed.match_key.endswith(f"|rekeyed:{later.pk}")
    with pytest.raises(ApplicationError, match=f"Donor #{first.pk}"):  # its address is the other's: merge instead
        donor_update_details(donor=later, changes={"street_1": "100 Oak Avenue #200"}, actor=None, reason="Typo")
