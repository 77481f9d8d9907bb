"""Senate election cycles come from the seat, not from a hard-coded 2024/2030 (issue #12 item 4).

11 CFR 100.3(b): an election cycle begins the day after the previous general election for the office and ends on
the day of the next one. A Senate seat's six-year cycle ends in its class's general election year (Class II: 2026,
2032, ...); after the 2026 general, a Class II seat's aggregates restart on 2026-11-04."""

import datetime as dt

import pytest

from committees.models import Committee
from compliance.models import Report
from compliance.reports.covers import report_window
from compliance.services.committees import CommitteeInput, committee_create_or_update
from fundraising.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def senate_committee(*, senate_class: int | None = None, elections=()) -> Committee:
    committee, _ = committee_create_or_update(
        data=CommitteeInput(
            fec_id="C00888888",
            name="Example for Senate",
            committee_type="senate",
            street_1="PO Box 2",
            city="Richmond",
            state="VA",
            zip_code="23219",
            treasurer_last_name="Treasurer",
            treasurer_first_name="Terry",
            elections=list(elections),
            senate_class=senate_class,
        ),
        actor=None,
    )
    return committee


def year_end_2026(committee: Committee) -> Report:
    return Report(
        committee=committee,
        form=Report.Form.F3,
        report_code="YE",
        coverage_from=dt.date(2026, 10, 1),
        coverage_through=dt.date(2026, 12, 31),
    )


def test_class_ii_seat_year_end_2026_aggregates_from_the_day_after_the_2026_general():
    committee = senate_committee(senate_class=2)
    window = report_window(year_end_2026(committee))
    # the period spans the 2026 general: the new cycle starts inside it, the old one began after the 2020 general
    assert window.cycle_break == dt.date(2026, 11, 4)
    assert window.aggregation_from == dt.date(2020, 11, 4)


def test_seat_cycle_from_a_past_general_election_when_no_future_one_is_configured():
    committee = senate_committee(elections=[("P2026", dt.date(2026, 6, 16)), ("G2026", dt.date(2026, 11, 3))])
    window = report_window(year_end_2026(committee))
    assert window.cycle_break == dt.date(2026, 11, 4)
    q1_2027 = Report(
        committee=committee,
        form=Report.Form.F3,
        report_code="Q1",
        coverage_from=dt.date(2027, 1, 1),
        coverage_through=dt.date(2027, 3, 31),
    )
    assert report_window(q1_2027).aggregation_from == dt.date(2026, 11, 4)


def test_class_i_seat_keeps_its_2030_cycle():
    committee = senate_committee(senate_class=1)
    window = report_window(year_end_2026(committee))
    assert window.cycle_break is None
    assert window.aggregation_from == dt.date(2024, 11, 6)


def test_a_senate_committee_without_class_or_elections_is_asked_for_its_class():
    committee = senate_committee()
    with pytest.raises(ApplicationError) as err:
        report_window(year_end_2026(committee))
    assert err.value.field == "senate_class"
