"""Issue #18 in the console: a presidential committee's Form 3P entries (an operating expenditure's allocation to
states, from the payment's page; items on hand to be liquidated) and a loan's Schedules C-1 and C-2 (from the
loan's page), through the services the API calls (compliance.services.presidential, loan_schedules). Treasurers
enter; viewers read; other committees 404. Bad input is a 400 naming the field and writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from committees.models import Committee
from compliance.models import Disbursement, LiquidationItem, LoanAgreement, LoanGuarantor, StateAllocation
from compliance.services.transactions import receipt_enter
from donations.services.donors import DonorInput
from tests.compliance.helpers import house_committee, import_rows, row
from tests.console.helpers import person, signed_in
from tests.desk.helpers import D

pytestmark = pytest.mark.django_db
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}
ITEM = {
    "description": "Office furniture",
    "date_acquired": "2026-03-01",
    "fair_market_value": "750.00",
    "election_code": "P2028",
    "entity_type": "ORG",
    "organization_name": "Office Outlet",
    **ADDRESS,
}
AGREEMENT = {
    "officer_first_name": "Bo",
    "officer_last_name": "Banker",
    "officer_title": "Loan Officer",
    "officer_signed": "2026-02-10",
    "treasurer_signed": "2026-02-10",
    "collateral": "Certificate of deposit",
    "collateral_value": "30000.00",
    "perfected_interest": "on",
}
GUARANTOR = {"entity_type": "IND", "first_name": "Bea", "last_name": "Backer", "amount": "10000.00", **ADDRESS}
GUARANTOR |= {"employer": "Acme", "occupation": "Engineer"}


def _presidential() -> Committee:
    committee = house_committee("C00000002", cash="5000.00")
    Committee.objects.filter(pk=committee.pk).update(
        committee_type="presidential", election_state="", election_district=""
    )
    committee.refresh_from_db()
    shop = {"entity_type": "ORG", "organization_name": "Print Shop", "purpose": "Printing"}
    import_rows(committee, [row("expenditure", "X1", "2026-02-01", "1000.00", election="P2026", **shop)])
    return committee


def _bank_loan(committee: Committee, entity: str = "ORG"):  # noqa: ANN202
    lender = {"organization_name": "First Bank"} if entity == "ORG" else {"first_name": "Lou", "last_name": "Lender"}
    return receipt_enter(
        committee=committee,
        donor_data=DonorInput(entity_type=entity, **lender, **ADDRESS),
        amount=D("25000.00"),
        date_received=dt.date(2026, 2, 10),
        receipt_type="loan_other",
        election=committee.elections.get(code="P2026"),
    ).contribution


def test_treasurer_allocates_a_payment_to_states_from_its_page():
    committee = _presidential()
    tara = person("tara", (committee, Role.TREASURER))
    client = signed_in(tara)
    c = committee.fec_id
    payment = client.get(f"/staff/{c}/ledger/disbursement/X1/").content.decode()
    assert f'href="/staff/{c}/ledger/disbursement/X1/states/"' in payment
    assert client.get(f"/staff/{c}/ledger/disbursement/X1/states/").status_code == 200
    for state, amount in (("IA", "600.00"), ("NH", "400.00"), ("NH", "-100.00")):
        done = client.post(f"/staff/{c}/ledger/disbursement/X1/states/", {"state": state, "amount": amount})
        assert done.status_code == 302, done.content.decode()[:3000]
    assert AuditEvent.objects.filter(action="state_allocation.entered", actor=tara).count() == 3
    page = client.get(f"/staff/{c}/ledger/disbursement/X1/").content.decode()
    assert "IA: $600.00" in page and "NH: $300.00" in page

    over = client.post(f"/staff/{c}/ledger/disbursement/X1/states/", {"state": "IA", "amount": "100.01"})
    assert over.status_code == 400 and "<li>Amount (USD): Only $100.00 of this expenditure" in over.content.decode()
    no_column = client.post(f"/staff/{c}/ledger/disbursement/X1/states/", {"state": "AS", "amount": "1.00"})
    assert no_column.status_code == 400 and 'id="id_state-errors"' in no_column.content.decode()
    assert StateAllocation.objects.count() == 3


def test_items_to_be_liquidated_entered_and_liquidated():
    committee = _presidential()
    tara = person("tara", (committee, Role.TREASURER))
    client = signed_in(tara)
    c = committee.fec_id
    assert f'href="/staff/{c}/liquidation/"' in client.get(f"/staff/{c}/reports/").content.decode()
    made = client.post(f"/staff/{c}/liquidation/new/", {**ITEM, "transaction_id": "ITEM1"})
    assert made.status_code == 302, made.content.decode()[:3000]
    item = LiquidationItem.objects.get()
    assert (item.transaction_id, item.fair_market_value, item.organization_name) == (
        "ITEM1",
        D("750.00"),
        "Office Outlet",
    )
    assert "On hand: $750.00" in client.get(f"/staff/{c}/liquidation/").content.decode()
    early = client.post(f"/staff/{c}/liquidation/ITEM1/liquidated/", {"liquidated_on": "2026-02-01"})
    assert early.status_code == 400 and 'id="id_liquidated_on-errors"' in early.content.decode()
    done = client.post(f"/staff/{c}/liquidation/ITEM1/liquidated/", {"liquidated_on": "2026-04-01"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert item.liquidated_on == dt.date(2026, 4, 1)
    assert [
        e.action for e in AuditEvent.objects.filter(actor=tara).exclude(action__startswith="auth.").order_by("pk")
    ] == [
        "liquidation_item.entered",
        "liquidation_item.liquidated",
    ]

    person_without_name = client.post(f"/staff/{c}/liquidation/new/", {**ITEM, "entity_type": "IND"})
    assert person_without_name.status_code == 400 and 'id="id_last_name-errors"' in person_without_name.content.decode()
    bad_election = client.post(f"/staff/{c}/liquidation/new/", {**ITEM, "election_code": "X2028"})
    assert bad_election.status_code == 400 and "<li>Election:" in bad_election.content.decode()
    assert LiquidationItem.objects.count() == 1


def test_form_3p_pages_roles_and_other_committees():
    committee = _presidential()
    c = committee.fec_id
    viewer = signed_in(person("vera", (committee, Role.VIEWER)))
    assert viewer.get(f"/staff/{c}/liquidation/").status_code == 200
    assert viewer.get(f"/staff/{c}/liquidation/new/").status_code == 403
    assert viewer.post(f"/staff/{c}/liquidation/new/", ITEM).status_code == 403
    assert viewer.post(f"/staff/{c}/ledger/disbursement/X1/states/", {"state": "IA", "amount": "1"}).status_code == 403
    assert "/states/" not in viewer.get(f"/staff/{c}/ledger/disbursement/X1/").content.decode()
    house = house_committee()
    outsider = signed_in(person("olga", (house, Role.TREASURER)))
    assert outsider.get(f"/staff/{c}/liquidation/").status_code == 404
    assert (
        outsider.post(f"/staff/{c}/ledger/disbursement/X1/states/", {"state": "IA", "amount": "1"}).status_code == 404
    )
    assert outsider.get(f"/staff/{house.fec_id}/liquidation/").status_code == 404  # no Form 3P for a House seat
    assert not StateAllocation.objects.exists() and not LiquidationItem.objects.exists()
    assert Disbursement.objects.filter(committee=committee).count() == 1


def test_loan_agreement_and_guarantor_from_the_loans_page():
    committee = house_committee(cash="5000.00")
    loan = _bank_loan(committee)
    tara = person("tara", (committee, Role.TREASURER))
    client = signed_in(tara)
    c, tid = committee.fec_id, loan.transaction_id
    page = client.get(f"/staff/{c}/ledger/receipt/{tid}/").content.decode()
    assert f"/ledger/receipt/{tid}/agreement/" in page and f"/ledger/receipt/{tid}/guarantor/" in page

    missing = client.post(f"/staff/{c}/ledger/receipt/{tid}/agreement/", {**AGREEMENT, "officer_title": ""})
    assert missing.status_code == 400 and 'id="id_officer_title-errors"' in missing.content.decode()
    no_collateral = client.post(f"/staff/{c}/ledger/receipt/{tid}/agreement/", {**AGREEMENT, "collateral": ""})
    assert (
        no_collateral.status_code == 400 and "<li>Collateral: Describe the collateral" in no_collateral.content.decode()
    )
    assert not LoanAgreement.objects.exists()
    done = client.post(f"/staff/{c}/ledger/receipt/{tid}/agreement/", AGREEMENT)
    assert done.status_code == 302, done.content.decode()[:3000]
    agreement = LoanAgreement.objects.get(contribution=loan)
    assert (agreement.collateral_value, agreement.perfected_interest) == (D("30000.00"), True)
    again = client.post(f"/staff/{c}/ledger/receipt/{tid}/agreement/", AGREEMENT)
    assert again.status_code == 400 and LoanAgreement.objects.count() == 1

    assert client.post(f"/staff/{c}/ledger/receipt/{tid}/guarantor/", GUARANTOR).status_code == 302
    too_much = client.post(f"/staff/{c}/ledger/receipt/{tid}/guarantor/", {**GUARANTOR, "amount": "15000.01"})
    assert too_much.status_code == 400 and "<li>Amount guaranteed (USD): Guarantors would" in too_much.content.decode()
    assert LoanGuarantor.objects.get().amount == D("10000.00")
    assert [
        e.action for e in AuditEvent.objects.filter(actor=tara).exclude(action__startswith="auth.").order_by("pk")
    ] == [
        "loan.agreement_recorded",
        "loan.guarantor_added",
        # the $10,000 guarantee is the guarantor's contribution (11 CFR 100.52(b)(3)): counted toward their limit,
        # and over the $3,500 individual limit it goes to the review queue as excessive
        "loan.guarantee_counted",
        "review.flagged.excessive",
    ]
    page = client.get(f"/staff/{c}/ledger/receipt/{tid}/").content.decode()
    assert "Bea Backer" in page and "Bo Banker" in page and f"/ledger/receipt/{tid}/agreement/" not in page


def test_loan_schedules_roles_and_refusals():
    committee = house_committee(cash="5000.00")
    loan = _bank_loan(committee)
    from_person = _bank_loan(committee, entity="IND")
    c = committee.fec_id
    viewer = signed_in(person("vera", (committee, Role.VIEWER)))
    assert viewer.post(f"/staff/{c}/ledger/receipt/{loan.transaction_id}/agreement/", AGREEMENT).status_code == 403
    assert viewer.post(f"/staff/{c}/ledger/receipt/{loan.transaction_id}/guarantor/", GUARANTOR).status_code == 403
    assert "/guarantor/" not in viewer.get(f"/staff/{c}/ledger/receipt/{loan.transaction_id}/").content.decode()
    other = house_committee("C00888888")
    outsider = signed_in(person("olga", (other, Role.TREASURER)))
    assert outsider.post(f"/staff/{c}/ledger/receipt/{loan.transaction_id}/agreement/", AGREEMENT).status_code == 404
    tara = signed_in(person("tara", (committee, Role.TREASURER)))
    refused = tara.post(f"/staff/{c}/ledger/receipt/{from_person.transaction_id}/agreement/", AGREEMENT)
    assert refused.status_code == 400 and "lending institutions" in refused.content.decode()
    assert not LoanAgreement.objects.exists() and not LoanGuarantor.objects.exists()
