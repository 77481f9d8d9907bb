"""Screening flags on every path, and best-efforts requests: the $200.00 / $200.01 boundary, mail, answer."""

import datetime as dt
import re

import pytest
from django.core import mail

from compliance.desk.best_efforts import best_efforts_answer, best_efforts_send_due
from compliance.desk.review import contribution_review
from compliance.models import BestEffortsRequest, ReviewItem
from compliance.services.reports import report_mark_filed
from donations.models import Contribution, Donation
from tests.compliance.helpers import build, house_committee
from tests.desk.helpers import D, donor, gift
from tests.ledger import ledger_guard_off

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 2, 10)


def reasons(contribution) -> set[str]:
    return set(ReviewItem.objects.filter(contribution=contribution).values_list("reason_code", flat=True))


def test_screening_flags_each_kind_of_source_and_nothing_for_a_plain_gift():
    committee = house_committee()
    plain = gift(committee, donor(), "100.00", DAY)
    corp = gift(committee, donor(entity_type="ORG", organization_name="Acme Widgets, Inc."), "100.00", DAY)
    llc = gift(committee, donor("", "", entity_type="ORG", organization_name="Example Holdings LLC"), "50.00", DAY)
    union = gift(committee, donor("", "", entity_type="ORG", organization_name="Teamsters Local 123"), "50.00", DAY)
    foreign = gift(committee, donor("Ana", "Abroad", state="ZZ", country="CA"), "25.00", DAY)
    cash = gift(committee, donor("Cash", "Giver"), "100.01", DAY, payment_method="cash")
    anonymous = gift(committee, donor("", "Anonymous"), "50.01", DAY)
    anonymous_ok = gift(committee, donor("", "Anonymous", street="2 Main St"), "50.00", DAY)
    assert reasons(plain) == set() and reasons(anonymous_ok) == set()
    assert "corporate_name" in reasons(corp) and "corporate_name" in reasons(llc)
    assert reasons(union) == {"union"}
    assert reasons(foreign) == {"foreign_address"}
    assert reasons(cash) == {"cash_over_100"}
    assert reasons(anonymous) == {"anonymous_over_50"}
    item = ReviewItem.objects.get(contribution=union)
    assert item.kind == "prohibited" and item.deadline == DAY + dt.timedelta(days=30)


def test_web_gift_without_affirmations_is_flagged_once():
    committee = house_committee()
    entered = gift(committee, donor(), "25.00", DAY)
    donation = Donation.objects.create(
        committee=committee,
        donor=entered.donor,
        election=entered.election,
        amount=D("25.00"),
        affirmations={"own_funds": "x", "citizen": "x"},
    )
    with ledger_guard_off():  # a web gift, built from a staff entry
        Contribution.objects.filter(pk=entered.pk).update(source="web", donation=donation)
    entered.refresh_from_db()
    contribution_review(contribution=entered)
    contribution_review(contribution=entered)  # a redelivered task: still one item
    (item,) = ReviewItem.objects.filter(contribution=entered)
    assert item.reason_code == "affirmation" and "not_contractor" in item.reason


@pytest.mark.parametrize(("amounts", "expected"), [(["150.00", "50.00"], 0), (["150.00", "50.01"], 1)])
def test_best_efforts_boundary_200_00_vs_200_01(amounts, expected):
    committee = house_committee()
    who = donor(employer="N/A", occupation="Information Requested", email="pat@example.com")
    for amount in amounts:
        gift(committee, who, amount, DAY)
    assert best_efforts_send_due(today=DAY + dt.timedelta(days=1)) == expected
    assert BestEffortsRequest.objects.count() == expected
    assert len(mail.outbox) == expected
    assert best_efforts_send_due(today=DAY + dt.timedelta(days=2)) == 0  # recorded: never twice


def test_answer_updates_the_donor_and_flags_the_filed_report():
    committee = house_committee()
    who = donor(employer="Information Requested", occupation="Information Requested", email="pat@example.com")
    first = gift(committee, who, "250.00", DAY)
    q1 = build(committee, "Q1")
    report_mark_filed(report=q1, fec_filing_id="1234567", actor=None)
    best_efforts_send_due(today=DAY + dt.timedelta(days=1))
    (message,) = mail.outbox
    token = re.search(r"/desk/best-efforts/([^/\s]+)/", message.body).group(1)
    best_efforts_answer(token=token, employer="Acme", occupation="Engineer")
    first.donor.refresh_from_db()
    q1.refresh_from_db()
    assert (first.donor.employer, first.donor.occupation) == ("Acme", "Engineer")
    assert q1.needs_amendment is True
    assert BestEffortsRequest.objects.get().answered_at is not None
