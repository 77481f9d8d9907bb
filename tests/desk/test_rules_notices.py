"""48-hour notices hold every contribution of $1,000 or more and nothing else (issue #12 item 8).

11 CFR 104.5(f): a candidate's committee notifies, within 48 hours, any contribution of $1,000 or more received
after the 20th day but more than 48 hours before an election in which the candidate is running. The FEC's 48-hour
notice page: this includes contributions from the candidate, in-kind and earmarked contributions, joint fundraisers'
proceeds, loans from the candidate and other non-bank sources; monthly-filing presidential committees file none
during the primary season. A vendor's refund, interest or a bank loan is not a contribution (11 CFR 100.52, 100.82)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from committees.models import Committee
from compliance.desk.notices import notices_sync
from compliance.desk.remedies import election_record_result
from compliance.models import FortyEightHourNoticeLine
from compliance.services.transactions import receipt_enter
from donations.models import Contribution
from donations.services.donors import DonorInput
from tests.compliance.helpers import house_committee
from tests.desk.helpers import D, donor

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
RT = Contribution.ReceiptType
IN_WINDOW = dt.date(2026, 10, 20)  # G2026 on Nov 3: the window runs Oct 15 - Oct 31
AS_OF = dt.datetime(2026, 10, 21, 12, 0, tzinfo=NY)


def org(name: str) -> DonorInput:
    return DonorInput(
        entity_type="ORG", organization_name=name, street_1="5 Shop St", city="Anytown", state="VA", zip_code="22000"
    )


def receive(committee, who, amount, receipt_type=RT.INDIVIDUAL, day=IN_WINDOW, election="G2026"):
    return receipt_enter(
        committee=committee,
        donor_data=who,
        amount=D(amount),
        date_received=day,
        receipt_type=receipt_type,
        election=committee.elections.get(code=election),
    ).contribution


def noticed(committee) -> set[int]:
    notices_sync(committee=committee, as_of=AS_OF)
    return set(FortyEightHourNoticeLine.objects.values_list("contribution_id", flat=True))


def test_notices_hold_contributions_of_every_kind_and_no_vendor_refund():
    committee = house_committee()
    candidate = DonorInput(
        entity_type="CAN",
        first_name="Casey",
        last_name="Candidate",
        street_1="1 Home St",
        city="Anytown",
        state="VA",
        zip_code="22000",
    )
    person = receive(committee, donor("Ann", "Giver"), "1000.00")
    own = receive(committee, candidate, "5000.00", RT.CANDIDATE)
    own_loan = receive(committee, candidate, "20000.00", RT.LOAN_CANDIDATE)
    uncle_loan = receive(committee, donor("Uncle", "Lender"), "1500.00", RT.LOAN_OTHER)
    vendor_refund = receive(committee, org("Print Shop LLC"), "1200.00", RT.OTHER)
    bank_loan = receive(committee, org("First Bank"), "25000.00", RT.LOAN_OTHER)
    interest = receive(committee, org("First Bank"), "1100.00", RT.OTHER)
    held = noticed(committee)
    assert {person.pk, own.pk, own_loan.pk, uncle_loan.pk} <= held
    assert not {vendor_refund.pk, bank_loan.pk, interest.pk} & held


def test_no_notices_for_the_general_after_the_candidate_lost_the_primary():
    committee = house_committee()
    election_record_result(election=committee.elections.get(code="P2026"), advanced=False, actor=None)
    receive(committee, donor("Late", "Giver"), "2000.00")
    assert noticed(committee) == set()


def test_monthly_presidential_committee_files_no_primary_notices_a_quarterly_one_does():
    committee = house_committee()
    Committee.objects.filter(pk=committee.pk).update(committee_type="presidential", filing_frequency="monthly")
    committee.refresh_from_db()
    primary_day = committee.elections.get(code="P2026").date  # June 16: window May 28 - June 13
    gift = receive(committee, donor("Pre", "Primary"), "2500.00", day=dt.date(2026, 6, 1), election="P2026")
    notices_sync(committee=committee, as_of=dt.datetime.combine(primary_day, dt.time(0, 0), tzinfo=NY))
    assert not FortyEightHourNoticeLine.objects.filter(contribution=gift).exists()
    Committee.objects.filter(pk=committee.pk).update(filing_frequency="quarterly")
    committee.refresh_from_db()
    notices_sync(committee=committee, as_of=dt.datetime.combine(primary_day, dt.time(0, 0), tzinfo=NY))
    assert FortyEightHourNoticeLine.objects.filter(contribution=gift).exists()
