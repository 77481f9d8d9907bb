"""A change of a debt's amount from the debt's page in the console (issue #12): more billed, forgiven, an estimate
corrected, through compliance.services.debt_adjustments (the API's service). Treasurers change and review; staff and
viewers read. Bad input is a form error naming the field (400), never a 500, and writes nothing."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import Debt, DebtAdjustment
from compliance.services.debts import debt_balance
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


@pytest.fixture
def committee():
    return house_committee(cash="5000.00")


def _enter(client, committee) -> Debt:  # noqa: ANN001
    body = {"direction": "by", "amount": "1000.00", "date_incurred": "2026-02-05", "purpose": "Printing"}
    assert client.post(f"/staff/{committee.fec_id}/debts/new/", {**body, **VENDOR}).status_code == 302
    return Debt.objects.get()


def test_treasurer_changes_a_debt_from_its_page_and_reviews_a_forgiveness(committee):
    tara = person("tara", (committee, Role.TREASURER))
    client = signed_in(tara)
    debt = _enter(client, committee)
    c, tid = committee.fec_id, debt.transaction_id
    page = client.get(f"/staff/{c}/debts/{tid}/").content.decode()
    assert f"/staff/{c}/debts/{tid}/adjust/" in page and "Change the amount" in page

    grown = client.post(
        f"/staff/{c}/debts/{tid}/adjust/",
        {"kind": "increase", "amount": "500.00", "date_adjusted": "2026-03-01", "reason": "Second run"},
    )
    assert grown.status_code == 302 and grown.headers["Location"] == f"/staff/{c}/debts/{tid}/"
    forgiven = client.post(
        f"/staff/{c}/debts/{tid}/adjust/",
        {"kind": "forgiven", "amount": "200.00", "date_adjusted": "2026-03-10", "reason": "Vendor discount"},
    )
    assert forgiven.status_code == 302
    assert debt_balance(debt) == D("1300.00")
    change = DebtAdjustment.objects.get(kind="forgiven")
    assert change.amount == D("-200.00") and change.created_by == tara and change.review == "open"
    assert AuditEvent.objects.filter(action="debt.adjusted", actor=tara).count() == 2

    detail = client.get(f"/staff/{c}/debts/{tid}/").content.decode()
    assert "(with the changes below: $1,300.00)" in detail
    assert "Second run" in detail and "Vendor discount" in detail and "needs review" in detail and "116" in detail
    listing = client.get(f"/staff/{c}/debts/").content.decode()
    assert "Owed by the committee: $1,300.00 outstanding" in listing

    review = f"/staff/{c}/debts/{tid}/adjustments/{change.pk}/review/"
    empty = client.post(review, {"note": ""})
    assert empty.status_code == 400 and "Review note: This field is required." in empty.content.decode()
    assert client.post(review, {"note": "Meets 11 CFR 116.4"}).status_code == 302
    change.refresh_from_db()
    assert change.review == "cleared" and change.reviewed_by == tara
    assert "Meets 11 CFR 116.4" in client.get(f"/staff/{c}/debts/{tid}/").content.decode()

    assert build(committee, "Q1").summary["col_a"]["10"] == "1300.00", "the page's balance is the report's line 10"


def test_bad_changes_are_form_errors_naming_the_field_and_write_nothing(committee):
    client = signed_in(person("tara", (committee, Role.TREASURER)))
    debt = _enter(client, committee)
    url = f"/staff/{committee.fec_id}/debts/{debt.transaction_id}/adjust/"
    good = {"kind": "increase", "amount": "10.00", "date_adjusted": "2026-03-01", "reason": "More"}
    for body, message in (
        ({**good, "kind": "gift"}, "Change: Select a valid choice."),
        ({**good, "amount": "abc"}, "Amount of the change (USD): Enter a number."),
        ({**good, "amount": "0"}, "Amount of the change (USD): The amount of the change cannot be zero."),
        ({**good, "kind": "forgiven", "amount": "1000.01"}, "Amount of the change (USD): Only $1,000.00"),
        ({**good, "amount": "-5"}, "Amount of the change (USD): Give the amount as a positive number"),
        ({**good, "date_adjusted": "2026-01-01"}, "Date of the change: A debt cannot change before it was incurred."),
        ({**good, "date_adjusted": "soon"}, "Date of the change: Enter a valid date."),
        ({**good, "reason": ""}, "Reason: This field is required."),
    ):
        response = client.post(url, body)
        assert response.status_code == 400, (body, response.status_code)
        assert message in response.content.decode(), (body, message)
    assert not DebtAdjustment.objects.exists() and debt_balance(debt) == D("1000.00")


def test_staff_and_viewers_read_changes_but_cannot_make_or_review_them(committee):
    tara = signed_in(person("tara", (committee, Role.TREASURER)))
    debt = _enter(tara, committee)
    c, tid = committee.fec_id, debt.transaction_id
    body = {"kind": "forgiven", "amount": "100.00", "date_adjusted": "2026-03-01", "reason": "Discount"}
    assert tara.post(f"/staff/{c}/debts/{tid}/adjust/", body).status_code == 302
    change = DebtAdjustment.objects.get()
    for name, role in (("sid", Role.STAFF), ("vera", Role.VIEWER)):
        client = signed_in(person(name, (committee, role)))
        detail = client.get(f"/staff/{c}/debts/{tid}/").content.decode()
        assert "Discount" in detail and f"/debts/{tid}/adjust/" not in detail and "Mark reviewed" not in detail
        assert client.post(f"/staff/{c}/debts/{tid}/adjust/", body).status_code == 403
        assert client.post(f"/staff/{c}/debts/{tid}/adjustments/{change.pk}/review/", {"note": "x"}).status_code == 403
    assert DebtAdjustment.objects.count() == 1 and DebtAdjustment.objects.get().review == "open"
    assert tara.post(f"/staff/{c}/debts/{tid}/adjustments/999999/review/", {"note": "x"}).status_code == 404
