"""A refund of a contribution from an earlier aggregation window does not lower the current aggregate (issue #12
item 5).

11 CFR 104.3(a)(4), 104.8: a contributor's aggregate runs over the calendar year (Form 3X) or the election cycle
(Forms 3, 3P). FEC guidance on contribution refunds by PACs and parties: a refund of a prior year's contribution is
disclosed as a refund but is not counted in the current year's aggregate; the same holds for a candidate committee's
refund of a prior cycle's contribution (the aggregate restarts the day after the general election, 11 CFR
100.3(b))."""

import datetime as dt

import pytest

from compliance.services.transactions import receipt_enter, refund_enter
from tests.compliance.helpers import D, build, built_fec, house_committee, pac_committee, records
from tests.desk.helpers import donor

pytestmark = pytest.mark.django_db


def give(committee, who, amount, day, election=None):
    return receipt_enter(
        committee=committee, donor_data=who, amount=D(amount), date_received=day, election=election
    ).contribution


def itemized(report, transaction_id: str) -> bool:
    return any(row[0].startswith("SA11A") and transaction_id in row for row in records(report))


def test_pac_refund_of_last_years_gift_does_not_lower_this_years_aggregate():
    committee = pac_committee(as_of=dt.date(2025, 1, 1))
    pat = donor("Pat", "Member")
    first = give(committee, pat, "400.00", dt.date(2025, 11, 1))
    refund_enter(contribution=first, amount=D("150.00"), date_refunded=dt.date(2026, 2, 1))
    later = give(committee, pat, "250.00", dt.date(2026, 3, 1))
    report = build(committee, "Q1")
    built_fec(report)
    assert itemized(report, later.transaction_id)  # 2026 aggregate: $250, not $100


def test_house_refund_of_last_cycles_gift_does_not_lower_this_cycles_aggregate():
    committee = house_committee(as_of=dt.date(2024, 1, 1))
    lee = donor("Lee", "Giver")
    first = give(committee, lee, "400.00", dt.date(2024, 10, 1))
    refund_enter(contribution=first, amount=D("150.00"), date_refunded=dt.date(2024, 12, 1))  # the new cycle
    later = give(committee, lee, "250.00", dt.date(2025, 2, 1), committee.elections.get(code="P2026"))
    report = build(committee, "Q1", year=2025, signed=dt.date(2025, 4, 10))
    built_fec(report)
    assert itemized(report, later.transaction_id)  # 2025-26 cycle aggregate: $250, not $100


def test_refund_in_the_same_year_still_lowers_the_aggregate():
    committee = pac_committee()
    pat = donor("Pat", "Member")
    first = give(committee, pat, "100.00", dt.date(2026, 1, 10))
    refund_enter(contribution=first, amount=D("50.00"), date_refunded=dt.date(2026, 2, 1))
    later = give(committee, pat, "150.00", dt.date(2026, 3, 1))
    assert not itemized(build(committee, "Q1"), later.transaction_id)  # $200.00 is not over $200
