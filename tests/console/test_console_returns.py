"""Issue #12 in the console (issue #14): a gift marked returned or bounced from its receipt's page, and a refund
check voided from the refund's page, through compliance.services.returns (the API's and the import's service).
Staff return gifts and treasurers void checks (viewers do neither); both ask for a fresh second factor as refunds
do, show what will happen before writing, are audited, and turn bad input into a form error naming the field."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from accounts.roles import Role
from accounts.sessions import OTP_VERIFIED_AT
from audit.models import AuditEvent
from compliance.services.transactions import refund_enter
from donations.models import Contribution, LimitTotal, Refund
from donations.services.refunds import contribution_refundable
from tests.compliance.helpers import house_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import D, donor, gift

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    committee = house_committee()
    check = gift(committee, donor(), "500.00", dt.date(2026, 2, 10))
    return committee, check


def _return_url(committee, gift_row) -> str:  # noqa: ANN001
    return f"/staff/{committee.fec_id}/ledger/receipt/{gift_row.transaction_id}/return/"


def _void_url(committee, refund) -> str:  # noqa: ANN001
    return f"/staff/{committee.fec_id}/ledger/refund/{refund.transaction_id}/void/"


def _limit_total(gift_row) -> D:  # noqa: ANN001
    return LimitTotal.objects.get(
        committee=gift_row.committee, donor=gift_row.donor, period_key=gift_row.limit_period_key
    ).received


def test_staff_mark_part_of_a_gift_bounced_after_a_confirmation_and_it_is_audited(books):
    committee, check = books
    staffer = person("sid", (committee, Role.STAFF))
    client = signed_in(staffer)
    page = client.get(f"/staff/{committee.fec_id}/ledger/receipt/{check.transaction_id}/").content.decode()
    assert _return_url(committee, check) in page, "the receipt's page offers the return"
    correct = client.get(f"/staff/{committee.fec_id}/ledger/receipt/{check.transaction_id}/correct/")
    assert _return_url(committee, check) in correct.content.decode(), "and so do its correcting entries"
    before = _limit_total(check)

    body = {"amount": "200.00", "date_returned": "2026-02-20", "reason": "Insufficient funds"}
    review = client.post(_return_url(committee, check), body)
    assert review.status_code == 200
    assert "Yes, mark $200.00 returned" in review.content.decode()
    assert not Contribution.objects.filter(returned_of=check).exists(), "nothing is written before the confirmation"

    done = client.post(_return_url(committee, check), {**body, "confirm": "yes"})
    assert done.status_code == 302
    returned = Contribution.objects.get(returned_of=check)
    assert (returned.amount, returned.date_received, returned.purpose) == (
        D("-200.00"),
        dt.date(2026, 2, 20),
        "Insufficient funds",
    )
    assert contribution_refundable(check) == D("300.00")
    assert _limit_total(check) == before - D("200.00"), "the donor's total for the limit drops"
    event = AuditEvent.objects.get(action="contribution.returned", object_id=str(returned.pk))
    assert event.actor == staffer and event.before["receipt"] == check.transaction_id
    page = client.get(done.headers["Location"]).content.decode()
    assert returned.transaction_id in page and "Returned or bounced" in page


def test_bad_input_is_a_form_error_naming_the_field_and_writes_nothing(books):
    committee, check = books
    client = signed_in(person("sid", (committee, Role.STAFF)))
    url = _return_url(committee, check)
    cases = [
        ({"amount": "abc", "date_returned": "2026-02-20"}, "Amount returned (USD): Enter a number."),
        ({"amount": "1.234", "date_returned": "2026-02-20"}, "Amount returned (USD):"),
        ({"amount": "-5", "date_returned": "2026-02-20"}, "Amount returned (USD):"),
        ({"amount": "900.00", "date_returned": "2026-02-20"}, "Amount returned (USD): Only $500.00"),
        ({"date_returned": "not a date"}, "Date it came back: Enter a valid date."),
        ({"date_returned": ""}, "Date it came back: This field is required."),
        ({"date_returned": "2026-01-02"}, "Date it came back: A gift cannot come back before it arrived."),
        ({"date_returned": "2026-02-20", "transaction_id": "bad id!"}, "Transaction id:"),
        ({"date_returned": "2026-02-20", "reason": "x" * 101}, "Reason:"),
        # reached only at the service: the id is another entry's
        ({"date_returned": "2026-02-20", "transaction_id": check.transaction_id, "confirm": "yes"}, "already used"),
    ]
    for body, message in cases:
        response = client.post(url, body)
        assert response.status_code == 400, (body, response.status_code)
        assert message in response.content.decode(), (body, message)
    assert not Contribution.objects.filter(returned_of=check).exists()
    assert not AuditEvent.objects.filter(action="contribution.returned").exists()


def test_viewers_cannot_return_and_other_committees_gifts_are_not_found(books):
    committee, check = books
    viewer = signed_in(person("vera", (committee, Role.VIEWER)))
    page = viewer.get(f"/staff/{committee.fec_id}/ledger/receipt/{check.transaction_id}/").content.decode()
    assert _return_url(committee, check) not in page
    assert viewer.get(_return_url(committee, check)).status_code == 403
    body = {"date_returned": "2026-02-20", "confirm": "yes"}
    assert viewer.post(_return_url(committee, check), body).status_code == 403
    other = house_committee("C00888888", name="Other for Congress")
    outsider = signed_in(person("otto", (other, Role.TREASURER)))
    assert outsider.post(_return_url(committee, check), body).status_code == 404
    assert (
        signed_in(person("tess", (committee, Role.STAFF)))
        .get(f"/staff/{committee.fec_id}/ledger/receipt/NOPE/return/")
        .status_code
        == 404
    )
    assert not Contribution.objects.filter(returned_of=check).exists()


def test_a_stale_second_factor_is_asked_for_again_before_anything_is_written(books):
    committee, check = books
    client = signed_in(person("sid", (committee, Role.STAFF)))
    session = client.session
    session[OTP_VERIFIED_AT] = time.time() - 24 * 3600
    session.save()
    response = client.post(_return_url(committee, check), {"date_returned": "2026-02-20", "confirm": "yes"})
    assert response.status_code == 403 and 'name="otp_code"' in response.content.decode()
    assert not Contribution.objects.filter(returned_of=check).exists()


def test_a_fully_returned_gift_or_a_memo_row_cannot_be_returned_again(books):
    committee, check = books
    client = signed_in(person("sid", (committee, Role.STAFF)))
    body = {"date_returned": "2026-02-20", "confirm": "yes"}
    assert client.post(_return_url(committee, check), body).status_code == 302, "blank amount: all of it"
    assert Contribution.objects.get(returned_of=check).amount == D("-500.00")
    page = client.get(f"/staff/{committee.fec_id}/ledger/receipt/{check.transaction_id}/").content.decode()
    assert _return_url(committee, check) not in page
    again = client.post(_return_url(committee, check), body)
    assert again.status_code == 400 and "$0.00 of this receipt can still be returned" in again.content.decode()
    returned = Contribution.objects.get(returned_of=check)
    refused = client.post(_return_url(committee, returned), body)
    assert refused.status_code == 400 and "Only a receipt itself can be returned" in refused.content.decode()
    assert Contribution.objects.filter(returned_of__isnull=False).count() == 1


@pytest.fixture
def refunded(books):
    committee, check = books
    refund = refund_enter(contribution=check, amount=D("100.00"), date_refunded=dt.date(2026, 3, 1), reason="Asked")
    return committee, check, refund


def test_treasurers_void_a_refund_check_and_the_money_counts_again(refunded):
    committee, check, refund = refunded
    tara = person("tara", (committee, Role.TREASURER))
    client = signed_in(tara)
    page = client.get(f"/staff/{committee.fec_id}/ledger/refund/{refund.transaction_id}/").content.decode()
    assert _void_url(committee, refund) in page
    before = _limit_total(check)
    body = {"date_voided": "2026-04-01", "reason": "Never cashed"}
    review = client.post(_void_url(committee, refund), body)
    assert review.status_code == 200 and "Yes, void the check" in review.content.decode()
    assert not Refund.objects.filter(voided_refund=refund).exists()
    done = client.post(_void_url(committee, refund), {**body, "confirm": "yes"})
    assert done.status_code == 302
    void = Refund.objects.get(voided_refund=refund)
    assert (void.amount, void.kind, void.date_refunded) == (D("-100.00"), Refund.Kind.VOID, dt.date(2026, 4, 1))
    assert contribution_refundable(check) == D("500.00")
    assert _limit_total(check) == before + D("100.00")
    event = AuditEvent.objects.get(action="refund.voided", object_id=str(void.pk))
    assert event.actor == tara and event.reason == "Never cashed"
    page = client.get(f"/staff/{committee.fec_id}/ledger/refund/{refund.transaction_id}/").content.decode()
    assert void.transaction_id in page and _void_url(committee, refund) not in page
    again = client.post(_void_url(committee, refund), {**body, "confirm": "yes"})
    assert again.status_code == 400 and "already voided" in again.content.decode()
    assert Refund.objects.filter(voided_refund=refund).count() == 1


def test_staff_and_viewers_cannot_void_and_bad_dates_name_the_field(refunded):
    committee, _, refund = refunded
    body = {"date_voided": "2026-04-01", "confirm": "yes"}
    for name, role in (("sid", Role.STAFF), ("vera", Role.VIEWER)):
        client = signed_in(person(name, (committee, role)))
        assert client.get(_void_url(committee, refund)).status_code == 403
        assert client.post(_void_url(committee, refund), body).status_code == 403
    client = signed_in(person("tara", (committee, Role.TREASURER)))
    for bad, message in (
        ({"date_voided": "2026-02-01"}, "Date voided: A refund check cannot be voided before it was written."),
        ({"date_voided": "31/12/2026"}, "Date voided: Enter a valid date."),
        ({"date_voided": "2026-04-01", "reason": "x" * 201}, "Reason:"),
    ):
        response = client.post(_void_url(committee, refund), bad)
        assert response.status_code == 400 and message in response.content.decode(), bad
    assert not Refund.objects.filter(voided_refund=refund).exists()


def test_a_card_refund_has_no_check_to_void(books):
    committee, check = books
    card = Refund.objects.create(
        committee=committee,
        contribution=check,
        donor=check.donor,
        amount=D("50.00"),
        refunded_at=check.received_at,
        date_refunded=dt.date(2026, 2, 11),
        stripe_refund_id="re_test_1",
    )
    client = signed_in(person("tara", (committee, Role.TREASURER)))
    page = client.get(_void_url(committee, card))
    assert page.status_code == 200 and "there is no check to void" in page.content.decode()
    assert '<form method="post" class="stack"' not in page.content.decode()
    correct = client.get(f"/staff/{committee.fec_id}/ledger/refund/{card.transaction_id}/correct/")
    assert correct.status_code == 200 and _void_url(committee, card) not in correct.content.decode()
    response = client.post(_void_url(committee, card), {"date_voided": "2026-04-01", "confirm": "yes"})
    assert response.status_code == 400
    assert not Refund.objects.filter(voided_refund=card).exists()
