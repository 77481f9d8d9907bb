"""Gifts designated to an election already held (issue #12 item 7).

11 CFR 110.1(b)(3)(i): a contribution designated to an election made after that election is accepted only to the
extent it does not exceed the net debts outstanding from that election; (b)(3)(ii): net debts are unpaid debts less
cash on hand and amounts owed to the committee on the day of the election. Otherwise it is designated to the next
election, or refunded (110.1(b)(5): within 60 days). Staff entry is refused with a clear message; an import (the
money has arrived) goes to the review queue; a redesignation cannot move money into a past election either."""

import datetime as dt

import pytest

from compliance.desk.remedies import remedy_redesignate
from compliance.models import Debt, ReviewItem
from compliance.services.transactions import receipt_enter
from fundraising.exceptions import ApplicationError
from tests.compliance.helpers import D, house_committee, import_rows, person, row
from tests.desk.helpers import donor, gift

pytestmark = pytest.mark.django_db
AFTER_PRIMARY = dt.date(2026, 7, 1)  # P2026 was June 16


def debt(committee, amount: str, incurred: dt.date) -> Debt:
    return Debt.objects.create(
        committee=committee,
        direction=Debt.Direction.OWED_BY,
        organization_name="Print Shop LLC",
        street_1="5 Shop St",
        city="Anytown",
        state="VA",
        zip_code="22000",
        purpose="Mailers",
        date_incurred=incurred,
        amount=D(amount),
    )


def test_staff_entry_for_a_past_primary_without_debts_is_refused_with_a_clear_message():
    committee = house_committee()
    with pytest.raises(ApplicationError) as err:
        gift(committee, donor(), "100.00", AFTER_PRIMARY, election="P2026")
    assert err.value.field == "election"
    assert "2026 primary election, Jun 16" in err.value.message
    assert "2026 general election, Nov 3" in err.value.message and "$0.00" in err.value.message
    assert not committee.contributions.exists()


def test_past_primary_takes_gifts_only_up_to_its_net_debts():
    committee = house_committee()
    debt(committee, "5000.00", dt.date(2026, 6, 1))
    first = gift(committee, donor("Ann", "Helper"), "1000.00", AFTER_PRIMARY, election="P2026")
    assert first.election.code == "P2026"
    with pytest.raises(ApplicationError) as err:
        gift(committee, donor("Bob", "Helper"), "4500.00", AFTER_PRIMARY, election="P2026")
    assert "$4,000.00" in err.value.message
    gift(committee, donor("Bob", "Helper"), "4000.00", AFTER_PRIMARY, election="P2026")


def test_imported_past_designation_is_recorded_and_goes_to_the_review_queue():
    committee = house_committee()
    jo = person("Jo", "Late", "5 Late Ln", employer="Acme", occupation="Clerk")
    import_rows(committee, [row("contribution", "I1", "2026-07-01", "250.00", election="P2026", **jo)])
    item = ReviewItem.objects.get(reason_code="past_election")
    assert item.kind == ReviewItem.Kind.EXCESSIVE and item.amount == D("250.00")
    assert item.deadline == dt.date(2026, 8, 30)
    # the treasurer moves it to the next election
    remedy_redesignate(item=item, election=committee.elections.get(code="G2026"), actor=None, on=dt.date(2026, 7, 5))


def test_redesignation_cannot_move_money_into_a_past_primary():
    committee = house_committee()
    original = receipt_enter(
        committee=committee,
        donor_data=donor("Gail", "General"),
        amount=D("3600.00"),
        date_received=dt.date(2026, 10, 1),
        election=committee.elections.get(code="G2026"),
    ).contribution
    item = ReviewItem.objects.get(contribution=original)
    with pytest.raises(ApplicationError) as err:
        remedy_redesignate(
            item=item, election=committee.elections.get(code="P2026"), actor=None, on=dt.date(2026, 10, 5)
        )
    assert "2026 primary election, Jun 16" in err.value.message
