"""Issue #12 in the console (issue #14): debts owed by and to the committee (Schedule D) listed with what is still
owed, entered and paid through compliance.services.debts (the API's and the import's service). Treasurers enter and
pay; staff and viewers read. Every change is audited; bad input is a form error naming the field, never a 500,
and writes nothing."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import Debt, DebtPayment, Disbursement
from compliance.services.debts import debt_balance
from donations.models import Contribution
from tests.compliance.helpers import build, house_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import D

pytestmark = pytest.mark.django_db
VENDOR = {
    "entity_type": "ORG",
    "organization_name": "Print Shop",
    "street_1": "5 Elm St",
    "city": "Anytown",
    "state": "VA",
    "zip_code": "22000",
}
DEBTOR = {
    "entity_type": "IND",
    "first_name": "Dana",
    "last_name": "Debtor",
    "street_1": "7 Oak St",
    "city": "Anytown",
    "state": "VA",
    "zip_code": "22000",
}


@pytest.fixture
def committee():
    return house_committee(cash="5000.00")


def _debt(client, committee, **data):  # noqa: ANN001, ANN202
    body = {"direction": "by", "amount": "1200.00", "date_incurred": "2026-02-05", "purpose": "Printing", **data}
    return client.post(f"/staff/{committee.fec_id}/debts/new/", body)


def test_treasurer_enters_debts_both_ways_pays_one_and_the_balances_follow(committee):
    tara = person("tara", (committee, Role.TREASURER))
    client = signed_in(tara)
    c = committee.fec_id
    assert client.get(f"/staff/{c}/debts/new/").status_code == 200
    owed = _debt(client, committee, **VENDOR)
    assert owed.status_code == 302, owed.content.decode()[:3000]
    by = Debt.objects.get(direction="by")
    assert owed.headers["Location"] == f"/staff/{c}/debts/{by.transaction_id}/"
    assert (
        _debt(client, committee, direction="to", amount="300.00", purpose="Deposit owed", **DEBTOR).status_code == 302
    )
    to = Debt.objects.get(direction="to")
    assert (to.first_name, to.last_name, to.entity_type, to.amount) == ("Dana", "Debtor", "IND", D("300.00"))
    assert AuditEvent.objects.filter(action="debt.entered", actor=tara).count() == 2

    paid = client.post(f"/staff/{c}/debts/{by.transaction_id}/pay/", {"amount": "450.00", "date_paid": "2026-03-01"})
    assert paid.status_code == 302, paid.content.decode()[:3000]
    payment = DebtPayment.objects.get(debt=by)
    assert payment.disbursement.kind == Disbursement.Kind.OPERATING
    assert (payment.disbursement.amount, payment.disbursement.organization_name) == (D("450.00"), "Print Shop")
    assert debt_balance(by) == D("750.00")
    received = client.post(
        f"/staff/{c}/debts/{to.transaction_id}/pay/", {"amount": "300.00", "date_paid": "2026-03-02"}
    )
    assert received.status_code == 302
    assert DebtPayment.objects.get(debt=to).contribution.receipt_type == Contribution.ReceiptType.OFFSET
    event = AuditEvent.objects.get(action="debt.paid", object_id=str(by.pk))
    assert event.actor == tara and event.after["balance"] == "750.00"

    listing = client.get(f"/staff/{c}/debts/").content.decode()
    assert "Owed by the committee: $750.00 outstanding" in listing
    assert "Owed to the committee: $0.00 outstanding" in listing
    assert f">{by.transaction_id}</a>" in listing
    assert f">{to.transaction_id}</a>" not in listing, "paid debts are hidden by default"
    everything = client.get(f"/staff/{c}/debts/?show=all").content.decode()
    assert f">{to.transaction_id}</a>" in everything and '<span class="tag ok">paid</span>' in everything
    detail = client.get(f"/staff/{c}/debts/{by.transaction_id}/").content.decode()
    assert "$750.00" in detail and payment.disbursement.transaction_id in detail and "debt.paid" in detail

    report = build(committee, "Q1")
    assert report.summary["col_a"]["10"] == "750.00", "the console's balance is the report's line 10"


def test_staff_and_viewers_read_debts_but_cannot_enter_or_pay(committee):
    tara = signed_in(person("tara", (committee, Role.TREASURER)))
    assert _debt(tara, committee, **VENDOR).status_code == 302
    debt = Debt.objects.get()
    c = committee.fec_id
    for name, role in (("sid", Role.STAFF), ("vera", Role.VIEWER)):
        client = signed_in(person(name, (committee, role)))
        listing = client.get(f"/staff/{c}/debts/")
        assert listing.status_code == 200 and debt.transaction_id in listing.content.decode()
        assert f"/staff/{c}/debts/new/" not in listing.content.decode()
        detail = client.get(f"/staff/{c}/debts/{debt.transaction_id}/")
        assert detail.status_code == 200 and f"/debts/{debt.transaction_id}/pay/" not in detail.content.decode()
        assert client.get(f"/staff/{c}/debts/new/").status_code == 403
        assert _debt(client, committee, **VENDOR).status_code == 403
        pay = client.post(f"/staff/{c}/debts/{debt.transaction_id}/pay/", {"amount": "1.00", "date_paid": "2026-03-01"})
        assert pay.status_code == 403
    other = house_committee("C00888888", name="Other for Congress")
    outsider = signed_in(person("otto", (other, Role.TREASURER)))
    assert outsider.get(f"/staff/{c}/debts/").status_code == 404
    assert outsider.get(f"/staff/{other.fec_id}/debts/{debt.transaction_id}/").status_code == 404
    assert Debt.objects.count() == 1 and not DebtPayment.objects.exists()


def test_bad_debts_are_form_errors_naming_the_field_and_write_nothing(committee):
    client = signed_in(person("tara", (committee, Role.TREASURER)))
    cases = [
        ({**VENDOR, "amount": "abc"}, "Amount (USD): Enter a number."),
        ({**VENDOR, "amount": "0"}, "Amount (USD): Ensure this value is greater than or equal to 0.01."),
        ({**VENDOR, "amount": "123456789012345"}, "Amount (USD):"),
        ({**VENDOR, "purpose": ""}, "Purpose: This field is required."),
        ({**VENDOR, "purpose": "   "}, "Purpose:"),
        ({**VENDOR, "direction": "sideways"}, "Who owes it: Select a valid choice."),
        ({**VENDOR, "date_incurred": "2026-13-01"}, "Date incurred: Enter a valid date."),
        ({**VENDOR, "zip_code": "2200"}, "ZIP code: Enter a 5-digit ZIP or ZIP+4."),
        ({**VENDOR, "state": "XX"}, "State: Select a valid choice."),
        ({**VENDOR, "organization_name": ""}, "Organization name: An organization or committee needs its name."),
        ({**DEBTOR, "last_name": ""}, "Last name: A person needs a first and a last name."),
        ({**VENDOR, "entity_type": "COM"}, "Committee FEC id: A committee needs its FEC id."),
        ({**VENDOR, "street_1": "x" * 35}, "Street:"),
        ({**VENDOR, "transaction_id": "lower"}, "Transaction id:"),
    ]
    for body, message in cases:
        response = _debt(client, committee, **body)
        assert response.status_code == 400, (body, response.status_code)
        assert message in response.content.decode(), (body, message)
    assert not Debt.objects.exists() and not AuditEvent.objects.filter(action="debt.entered").exists()

    assert _debt(client, committee, transaction_id="DEBT1", **VENDOR).status_code == 302
    taken = _debt(client, committee, transaction_id="DEBT1", **VENDOR)
    assert (
        taken.status_code == 400 and "Transaction id: Transaction id DEBT1 is already used." in taken.content.decode()
    )
    assert Debt.objects.count() == 1


def test_bad_payments_name_the_field_and_leave_the_balance_alone(committee):
    client = signed_in(person("tara", (committee, Role.TREASURER)))
    assert _debt(client, committee, transaction_id="DEBT1", **VENDOR).status_code == 302
    url = f"/staff/{committee.fec_id}/debts/DEBT1/pay/"
    for body, message in (
        ({"amount": "1200.01", "date_paid": "2026-03-01"}, "Amount paid (USD): $1,200.00 of this debt is unpaid."),
        ({"amount": "10.00", "date_paid": "2026-01-01"}, "Date paid: A debt cannot be paid before it was incurred."),
        ({"amount": "", "date_paid": "2026-03-01"}, "Amount paid (USD): This field is required."),
        ({"amount": "1e5", "date_paid": "2026-03-01"}, "Amount paid (USD):"),
        ({"amount": "10.00", "date_paid": "yesterday"}, "Date paid: Enter a valid date."),
        ({"amount": "10.00", "date_paid": "2026-03-01", "purpose": "p" * 101}, "Purpose:"),
    ):
        response = client.post(url, body)
        assert response.status_code == 400, (body, response.status_code)
        assert message in response.content.decode(), (body, message)
    assert not DebtPayment.objects.exists() and not Disbursement.objects.exists()
    assert debt_balance(Debt.objects.get()) == D("1200.00")
    assert client.get(f"/staff/{committee.fec_id}/debts/NOPE/pay/").status_code == 404

    assert client.post(url, {"amount": "1200.00", "date_paid": "2026-03-01"}).status_code == 302
    detail = client.get(f"/staff/{committee.fec_id}/debts/DEBT1/").content.decode()
    assert "paid in full" in detail and "/debts/DEBT1/pay/" not in detail
