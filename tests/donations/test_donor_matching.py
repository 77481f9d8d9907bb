import pytest

from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.matching import individual_match_key
from tests.factories import CommitteeFactory


def test_case_punctuation_middle_initial_zip4_and_suffix_spelling_match():
    a = individual_match_key(first_name="JANE Q.", last_name="DOE", street_1="12 Main St.", zip_code="20001-1234")
    b = individual_match_key(first_name="Jane", last_name="Doe", street_1="12 Main Street", zip_code="20001")
    assert a == b


def test_different_people_do_not_match():
    a = individual_match_key(first_name="Jane", last_name="Doe", street_1="12 Main St", zip_code="20001")
    assert a != individual_match_key(first_name="John", last_name="Doe", street_1="12 Main St", zip_code="20001")
    assert a != individual_match_key(first_name="Jane", last_name="Doe", street_1="14 Main St", zip_code="20001")
    assert a != individual_match_key(first_name="Jane", last_name="Doe", street_1="12 Main St", zip_code="20002")


@pytest.mark.django_db
def test_second_gift_attaches_to_the_same_donor():
    committee = CommitteeFactory()
    common = {"city": "Washington", "state": "DC", "email": "jane@example.com"}
    first = donor_get_or_create(
        committee=committee,
        data=DonorInput(
            first_name="JANE",
            middle_name="Q.",
            last_name="DOE",
            street_1="12 Main St.",
            zip_code="20001-1234",
            **common,
        ),
    )
    second = donor_get_or_create(
        committee=committee,
        data=DonorInput(
            first_name="Jane",
            last_name="Doe",
            street_1="12 Main Street",
            zip_code="20001",
            employer="New Job",
            **common,
        ),
    )
    assert first.pk == second.pk
    assert second.employer == "New Job"  # the latest employer is kept for the next itemized record
