"""Which money counts toward a contribution limit (issue #12 items 1, 2, 12).

11 CFR 110.1 and 110.2 (limits by contributor), 110.3(c) (unlimited transfers between a candidate's authorized
committees and between party committees of one party), 100.82 (a bank loan is not a contribution), 110.10 (the
candidate's own funds), 100.5(e)(3) (qualified / multicandidate committees)."""

import datetime as dt

import pytest

from audit.models import AuditEvent
from compliance.desk.remedies import review_item_clear
from compliance.models import ReviewItem
from compliance.services.committees import CommitteeInput, committee_create_or_update
from compliance.services.transactions import receipt_enter
from donations.models import Contribution, ContributorType, LimitTotal
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError
from tests.compliance.helpers import D, build, built_fec, house_committee, import_rows, pac_committee, records, row
from tests.desk.helpers import donor

pytestmark = pytest.mark.django_db
RT = Contribution.ReceiptType
MAR1 = dt.date(2026, 3, 1)


def org(name: str, **more) -> DonorInput:
    return DonorInput(
        entity_type="ORG",
        organization_name=name,
        street_1="1 Bank Plaza",
        city="Richmond",
        state="VA",
        zip_code="23219",
        **more,
    )


def committee_donor(name: str, fec_id: str) -> DonorInput:
    return DonorInput(
        entity_type="COM",
        organization_name=name,
        committee_fec_id=fec_id,
        street_1="2 Hill St",
        city="Washington",
        state="DC",
        zip_code="20001",
    )


def enter(committee, who, amount, receipt_type, election="P2026", **more):
    return receipt_enter(
        committee=committee,
        donor_data=who,
        amount=D(amount),
        date_received=MAR1,
        receipt_type=receipt_type,
        election=committee.elections.filter(code=election).first() if election else None,
        **more,
    )


def party_committee():
    committee, _ = committee_create_or_update(
        data=CommitteeInput(
            fec_id="C00555555",
            name="Example State Party",
            committee_type="party",
            street_1="9 Party Way",
            city="Richmond",
            state="VA",
            zip_code="23219",
            treasurer_last_name="Treasurer",
            treasurer_first_name="Pat",
        ),
        actor=None,
    )
    return committee


def test_bank_interest_is_not_a_contribution_and_never_flagged():
    """11 CFR 100.52: interest earned is not a contribution; $4,000 of it is not "$500 over the limit"."""
    committee = house_committee()
    entered = enter(committee, org("First Bank"), "4000.00", RT.OTHER)
    assert entered.over_limit_by == 0
    assert entered.contribution.limit_period_key == ""
    assert not ReviewItem.objects.exists()


def test_bank_loan_is_not_a_contribution_but_a_loan_from_a_person_is():
    """11 CFR 100.82(a): a bank loan made in the ordinary course is not a contribution; 100.52(b): any other loan is,
    and counts toward the lender's limit."""
    committee = house_committee()
    bank = enter(committee, org("First Bank"), "25000.00", RT.LOAN_OTHER)
    assert bank.over_limit_by == 0 and not ReviewItem.objects.filter(contribution=bank.contribution).exists()
    uncle = enter(committee, donor("Uncle", "Lender"), "5000.00", RT.LOAN_OTHER)
    assert uncle.over_limit_by == D("1500.00")
    assert ReviewItem.objects.get(contribution=uncle.contribution).amount == D("1500.00")


def test_joint_fundraising_transfer_is_unlimited():
    """11 CFR 110.3(c): transfers (a JFC's proceeds, another authorized committee of the candidate) are unlimited."""
    committee = house_committee()
    entered = enter(committee, committee_donor("Victory JFC", "C00444444"), "50000.00", RT.TRANSFER)
    assert entered.over_limit_by == 0
    assert not ReviewItem.objects.exists()
    assert not LimitTotal.objects.filter(donor=entered.contribution.donor).exists()


def test_party_committee_takes_a_transfer_from_its_state_party():
    """11 CFR 110.3(c)(1): transfers between party committees of one party are unlimited; no LimitsNotConfigured."""
    committee = party_committee()
    state_party = committee_donor("Example National Party", "C00333333")
    transfer = enter(committee, state_party, "75000.00", RT.TRANSFER, election="")
    party_money = enter(committee, state_party, "20000.00", RT.PARTY, election="")
    assert transfer.over_limit_by == 0 and party_money.over_limit_by == 0
    assert not ReviewItem.objects.exists()


def test_multicandidate_pac_gives_5000_per_election_a_plain_pac_3500():
    """11 CFR 110.2(b)(1): a multicandidate PAC may give a candidate $5,000 per election; a PAC that is not one gives
    as an individual does (110.1(b): $3,500 in 2025-26)."""
    committee = house_committee()
    multi = enter(committee, committee_donor("Builders PAC", "C00111111"), "5000.00", RT.PAC, multicandidate=True)
    assert multi.over_limit_by == 0
    assert multi.contribution.donor.contributor_type == ContributorType.MULTICANDIDATE_PAC
    plain = enter(committee, committee_donor("New PAC", "C00222222"), "5000.00", RT.PAC, multicandidate=False)
    assert plain.over_limit_by == D("1500.00")
    assert ReviewItem.objects.get().contribution == plain.contribution


def test_state_party_gives_a_candidate_5000_per_election():
    """11 CFR 110.2(b)(1) via 110.3(b)(3): a party committee gives a candidate $5,000 per election, not $3,500."""
    committee = house_committee()
    party = enter(committee, committee_donor("Example State Party", "C00555555"), "5000.00", RT.PARTY)
    assert party.over_limit_by == 0
    assert party.contribution.donor.contributor_type == ContributorType.PARTY
    assert not ReviewItem.objects.exists()


def test_a_wrong_excessive_flag_is_cleared_with_a_reason_and_audited():
    committee = house_committee()
    gift = enter(committee, donor("Jane", "Over"), "3600.00", RT.INDIVIDUAL).contribution
    item = ReviewItem.objects.get(contribution=gift, kind=ReviewItem.Kind.EXCESSIVE)
    with pytest.raises(ApplicationError):
        review_item_clear(item=item, actor=None, note="  ")
    review_item_clear(item=item, actor=None, note="Joint account: the spouse signed the check too.")
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.CLEARED
    event = AuditEvent.objects.get(action="review.cleared", object_id=str(item.pk))
    assert event.reason.startswith("Joint account") and event.after["kind"] == "excessive"


def test_form_3x_cover_sets_the_qualified_committee_box():
    """Form 3X cover, field QUALIFIED COMMITTEE: a multicandidate committee (11 CFR 100.5(e)(3)) checks it."""
    committee = pac_committee()
    committee.multicandidate = True
    committee.save(update_fields=["multicandidate"])
    enter(committee, donor("Pat", "Member"), "100.00", RT.INDIVIDUAL, election="")
    report = build(committee, "Q1")
    assert built_fec(report)["filing"]["qualified_committee"] == "X"
    assert records(report)[1][0] == "F3XN"
    plain = pac_committee("C00777778")
    enter(plain, donor("Lee", "Member"), "100.00", RT.INDIVIDUAL, election="")
    assert not built_fec(build(plain, "Q1"))["filing"]["qualified_committee"]


def test_csv_import_party_and_multicandidate_pac_rows_are_not_flagged():
    """Through the importer: PTY gives as a party committee ($5,000, SA11B), a PAC with multicandidate Y as a
    multicandidate PAC ($5,000, 11 CFR 110.2); a PAC without the flag is over the $3,500 limit by $1,500."""
    committee = house_committee()
    com = {"street_1": "2 Hill St", "city": "Washington", "state": "DC", "zip": "20001"}
    import_rows(
        committee,
        [
            row(
                "contribution",
                "P1",
                "2026-03-01",
                "5000.00",
                election="P2026",
                entity_type="PTY",
                organization_name="Example State Party",
                fec_id="C00555555",
                multicandidate="Y",
                **com,
            ),
            row(
                "contribution",
                "P2",
                "2026-03-01",
                "5000.00",
                election="P2026",
                entity_type="PAC",
                organization_name="Builders PAC",
                fec_id="C00111111",
                multicandidate="Y",
                **com,
            ),
            row(
                "contribution",
                "P3",
                "2026-03-01",
                "5000.00",
                election="P2026",
                entity_type="PAC",
                organization_name="New PAC",
                fec_id="C00222222",
                multicandidate="N",
                **com,
            ),
        ],
    )
    assert list(ReviewItem.objects.values_list("contribution__external_id", "amount")) == [("P3", D("1500.00"))]
    lines = {r[0] for r in records(build(committee, "Q1"))}
    assert "SA11B" in lines and "SA11C" in lines
