"""A loan guarantee counts toward the guarantor's contribution limit (issue #12).

11 CFR 100.52(b)(3): a loan, including a guaranteed loan, is a contribution by each endorser or guarantor, each
deemed to have contributed the portion of the loan they agreed in writing to be liable for; a reduction of the unpaid
balance reduces each one's amount proportionately; when the agreement does not state the portions, each is liable
for an equal share. The candidate's own guarantee is unlimited (11 CFR 110.10). Before this, a Schedule C-2
guarantor was not the committee's donor and counted toward nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from audit.models import AuditEvent
from compliance.desk.remedies import remedy_refund, review_item_clear
from compliance.models import LoanGuarantor, ReviewItem
from compliance.services.committees import CommitteeInput, committee_create_or_update
from compliance.services.loan_schedules import GuarantorInput, loan_guarantor_add
from compliance.services.transactions import PayeeInput, disbursement_enter, receipt_enter
from donations.models import Contribution, LimitTotal
from donations.services.donors import DonorInput
from donations.services.limits import limit_remaining
from fundraising.exceptions import ApplicationError

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}
BANK = DonorInput(
    entity_type="ORG",
    organization_name="First Bank",
    street_1="9 Bank Sq",
    city="Anytown",
    state="VA",
    zip_code="22000",
)
LOAN_DAY = dt.date(2026, 11, 20)


def _committee():
    committee, _ = committee_create_or_update(
        data=CommitteeInput(
            fec_id="C00999999",
            name="Example for Congress",
            committee_type="house",
            street_1="PO Box 1",
            city="Anytown",
            state="VA",
            zip_code="22000",
            treasurer_last_name="Treasurer",
            treasurer_first_name="Terry",
            election_state="VA",
            election_district="11",
            opening_cash_on_hand=D("0.00"),
            opening_cash_as_of=dt.date(2026, 1, 1),
            elections=[("P2028", dt.date(2028, 6, 20)), ("G2028", dt.date(2028, 11, 7))],
        ),
        actor=None,
    )
    return committee


def _loan(committee, amount: str, lender: DonorInput = BANK) -> Contribution:
    return receipt_enter(
        committee=committee,
        donor_data=lender,
        amount=D(amount),
        date_received=LOAN_DAY,
        receipt_type="loan_other",
        election=committee.elections.get(code="P2028"),
    ).contribution


def _person(first: str, last: str) -> DonorInput:
    return DonorInput(first_name=first, last_name=last, employer="Acme", occupation="Engineer", **ADDRESS)


def _guarantor(first: str, last: str, amount: str | None, **more) -> GuarantorInput:
    return GuarantorInput(
        entity_type="IND",
        first_name=first,
        last_name=last,
        amount=None if amount is None else D(amount),
        employer="Acme",
        occupation="Engineer",
        **ADDRESS,
        **more,
    )


def _guaranteed(guarantor: LoanGuarantor) -> Decimal:
    return LimitTotal.objects.get(donor=guarantor.donor, period_key="P2028").guaranteed


def test_a_guarantee_taking_a_donor_over_the_limit_is_flagged_by_the_excess():
    committee = _committee()
    treasurer = get_user_model().objects.create_user("treasurer", password="pw")
    gift = receipt_enter(
        committee=committee,
        donor_data=_person("Bea", "Backer"),
        amount=D("3000.00"),
        date_received=dt.date(2026, 11, 10),
        receipt_type="individual",
        election=committee.elections.get(code="P2028"),
    ).contribution
    loan = _loan(committee, "10000.00")

    guarantor = loan_guarantor_add(loan=loan, data=_guarantor("Bea", "Backer", "1000.00"), actor=treasurer)

    assert guarantor.donor_id == gift.donor_id  # the committee's donor, by the existing matching
    assert guarantor.counted == D("1000.00") and _guaranteed(guarantor) == D("1000.00")
    item = ReviewItem.objects.get(contribution=loan, kind=ReviewItem.Kind.EXCESSIVE)
    assert item.amount == D("500.00") and item.reason_code == f"guarantee:{guarantor.transaction_id}"
    p2028 = committee.elections.get(code="P2028")
    assert limit_remaining(committee=committee, donor=gift.donor, election=p2028, on=LOAN_DAY) == D("0.00")
    with pytest.raises(ApplicationError):  # refunding the bank's loan would not remedy a guarantee's excess
        remedy_refund(item=item, actor=treasurer)
    cleared = review_item_clear(item=item, actor=treasurer, note="The bank released $500 of the guarantee.")
    assert cleared.status == ReviewItem.Status.CLEARED
    added = AuditEvent.objects.get(action="loan.guarantor_added", object_id=str(guarantor.pk))
    assert added.actor == treasurer and added.after["donor"] == gift.donor_id
    assert AuditEvent.objects.filter(action="loan.guarantee_counted", actor=treasurer).count() == 1


def test_a_guarantee_within_the_limit_is_not_flagged():
    committee = _committee()
    loan = _loan(committee, "10000.00")
    guarantor = loan_guarantor_add(loan=loan, data=_guarantor("Cy", "Cosigner", "3500.00"), actor=None)
    assert _guaranteed(guarantor) == D("3500.00")
    assert not ReviewItem.objects.filter(contribution=loan).exists()


def test_two_guarantors_without_stated_shares_split_the_loan_equally():
    committee = _committee()
    loan = _loan(committee, "6000.00")
    first = loan_guarantor_add(loan=loan, data=_guarantor("Ann", "One", None), actor=None)
    assert first.amount == D("6000.00") and not first.share_stated  # alone, liable for all of it
    second = loan_guarantor_add(loan=loan, data=_guarantor("Ben", "Two", None), actor=None)
    first.refresh_from_db()

    assert (first.amount, second.amount) == (D("3000.00"), D("3000.00"))
    assert (_guaranteed(first), _guaranteed(second)) == (D("3000.00"), D("3000.00"))
    assert AuditEvent.objects.filter(action="loan.guarantor_share_changed", object_id=str(first.pk)).exists()
    # 6,000 alone took Ann over by 2,500 when she was the only guarantor; the queue keeps that history
    assert ReviewItem.objects.filter(contribution=loan, reason_code=f"guarantee:{first.transaction_id}").exists()
    with pytest.raises(ApplicationError) as err:  # an agreement states every share or none
        loan_guarantor_add(loan=loan, data=_guarantor("Cal", "Three", "100.00"), actor=None)
    assert err.value.field == "amount"


def test_a_repayment_lowers_every_guarantors_liability_proportionally():
    committee = _committee()
    treasurer = get_user_model().objects.create_user("treasurer", password="pw")
    loan = _loan(committee, "10000.00")
    bea = loan_guarantor_add(loan=loan, data=_guarantor("Bea", "Backer", "2000.00"), actor=None)
    cy = loan_guarantor_add(loan=loan, data=_guarantor("Cy", "Cosigner", "3000.00"), actor=None)

    disbursement_enter(
        committee=committee,
        payee=PayeeInput(
            organization_name="First Bank", street_1="9 Bank Sq", city="Anytown", state="VA", zip_code="22000"
        ),
        amount=D("5000.00"),
        date_disbursed=dt.date(2026, 11, 25),
        kind="loan_repayment_other",
        loan=loan,
        actor=treasurer,
    )
    bea.refresh_from_db()
    cy.refresh_from_db()

    assert (bea.counted, cy.counted) == (D("1000.00"), D("1500.00"))  # half repaid: half the liability
    assert (_guaranteed(bea), _guaranteed(cy)) == (D("1000.00"), D("1500.00"))
    assert bea.amount == D("2000.00")  # Schedule C-2 keeps the amount guaranteed
    event = AuditEvent.objects.get(action="loan.guarantee_repaid", object_id=str(bea.pk))
    assert event.actor == treasurer and event.after["unpaid"] == "5000.00"


def test_the_candidates_own_guarantee_is_unlimited():
    committee = _committee()
    loan = _loan(committee, "50000.00")
    guarantor = loan_guarantor_add(loan=loan, data=_guarantor("Cand", "Idate", "50000.00", candidate=True), actor=None)
    assert guarantor.donor.contributor_type == "candidate" and guarantor.limit_period_key == ""
    assert not LimitTotal.objects.filter(donor=guarantor.donor).exclude(guaranteed=0).exists()
    assert not ReviewItem.objects.filter(contribution=loan).exists()


def test_only_a_bank_loan_has_guarantors():
    committee = _committee()
    loan = _loan(committee, "2000.00", lender=_person("Len", "Der"))  # the lender's own contribution
    with pytest.raises(ApplicationError) as err:
        loan_guarantor_add(loan=loan, data=_guarantor("Bea", "Backer", "1000.00"), actor=None)
    assert err.value.field == "loan"
    assert not LoanGuarantor.objects.exists()


def test_api_takes_a_guarantor_without_a_stated_share():
    from django.test import Client

    from accounts.roles import Role
    from tests.auth import api_key

    committee = _committee()
    loan = _loan(committee, "4000.00")
    treasurer = Client(headers={"Authorization": f"Token {api_key(committee, Role.TREASURER)}"})
    body = {"entity_type": "IND", "last_name": "Backer", "first_name": "Bea", **ADDRESS}
    made = treasurer.post(f"/api/v1/loans/{loan.transaction_id}/guarantors/", body, content_type="application/json")
    assert made.status_code == 201, made.json()
    guarantor = LoanGuarantor.objects.get(transaction_id=made.json()["transaction_id"])
    assert not guarantor.share_stated and guarantor.counted == D("4000.00")


def test_a_merged_guarantor_keeps_the_guarantee_on_the_kept_record():
    from donations.services.donor_merge import donor_merge
    from donations.services.donors import donor_get_or_create

    committee = _committee()
    moved = donor_get_or_create(
        committee=committee,
        data=DonorInput(
            first_name="Bea", last_name="Backer", street_1="7 New Rd", city="Anytown", state="VA", zip_code="22001"
        ),
    )
    loan = _loan(committee, "10000.00")
    guarantor = loan_guarantor_add(loan=loan, data=_guarantor("Bea", "Backer", "2000.00"), actor=None)
    donor_merge(keep=moved, merge=guarantor.donor, actor=None, reason="Moved house")
    assert LimitTotal.objects.get(donor=moved, period_key="P2028").guaranteed == D("2000.00")
    assert LimitTotal.objects.get(donor=guarantor.donor, period_key="P2028").guaranteed == D("0.00")

    disbursement_enter(
        committee=committee,
        payee=PayeeInput(
            organization_name="First Bank", street_1="9 Bank Sq", city="Anytown", state="VA", zip_code="22000"
        ),
        amount=D("2500.00"),
        date_disbursed=dt.date(2026, 11, 25),
        kind="loan_repayment_other",
        loan=loan,
        actor=None,
    )
    guarantor.refresh_from_db()
    assert guarantor.donor_id == moved.pk and guarantor.counted == D("1500.00")
    assert LimitTotal.objects.get(donor=moved, period_key="P2028").guaranteed == D("1500.00")


def test_guarantors_recorded_before_are_linked_and_counted_by_the_command():
    from django.core.management import call_command

    committee = _committee()
    loan = _loan(committee, "10000.00")
    fields = {k: v for k, v in _guarantor("Bea", "Backer", "4000.00").__dict__.items() if k != "candidate"}
    old = LoanGuarantor.objects.create(contribution=loan, **fields)  # as migration 0021 leaves an older row
    out = io.StringIO()
    call_command("guarantors_link", committee="c00999999", stdout=out)
    old.refresh_from_db()
    assert "1 guarantor(s) linked" in out.getvalue()
    assert old.donor is not None and old.counted == D("4000.00") and _guaranteed(old) == D("4000.00")
    assert ReviewItem.objects.get(contribution=loan).amount == D("500.00")
    assert AuditEvent.objects.filter(action="loan.guarantor_linked", object_id=str(old.pk)).exists()
