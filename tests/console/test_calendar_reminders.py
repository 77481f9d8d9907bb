"""The filing calendar (quarterly and monthly filers, pre- and post-election reports, 48-hour windows) and the
reminders to the committee's own people, sent once per report and day."""

import datetime as dt

import pytest
from django.core import mail

from accounts.roles import Role
from compliance.desk.deadlines import filing_reminders_send
from compliance.filing_calendar import filing_calendar
from compliance.models.reports import FilingReminder
from tests.compliance.helpers import house_committee, pac_committee
from tests.console.helpers import person

pytestmark = pytest.mark.django_db


def _reports(committee, year):  # noqa: ANN001, ANN202
    return [
        (d.code, d.coverage_from.isoformat(), d.coverage_through.isoformat(), d.due.isoformat())
        for d in filing_calendar(committee=committee, start=dt.date(year, 2, 1), end=dt.date(year + 1, 1, 31))
        if d.kind == "report"
    ]


def test_house_committee_in_its_election_year_and_the_year_after():
    committee = house_committee()  # P2026 on June 16, G2026 on November 3
    assert _reports(committee, 2026) == [
        ("Q1", "2026-01-01", "2026-03-31", "2026-04-15"),
        ("12P", "2026-04-01", "2026-05-27", "2026-06-04"),
        ("Q2", "2026-05-28", "2026-06-30", "2026-07-15"),
        ("Q3", "2026-07-01", "2026-09-30", "2026-10-15"),
        ("12G", "2026-10-01", "2026-10-14", "2026-10-22"),
        ("30G", "2026-10-15", "2026-11-23", "2026-12-03"),
        ("YE", "2026-11-24", "2026-12-31", "2027-01-31"),
    ]
    assert [code for code, *_ in _reports(committee, 2027)] == ["MY", "YE"]  # no election in 2027: semiannual
    windows = [
        d
        for d in filing_calendar(committee=committee, start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 3))
        if d.kind == "notice48"
    ]
    assert [(w.election, w.coverage_from, w.coverage_through) for w in windows] == [
        ("G2026", dt.date(2026, 10, 15), dt.date(2026, 10, 31))
    ]


def test_monthly_pac_files_each_month_and_the_general_replaces_november_and_december():
    committee = pac_committee()
    committee.filing_frequency = "monthly"
    committee.save()
    codes = [code for code, *_ in _reports(committee, 2026)]
    assert codes == ["M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "12G", "30G", "YE"]
    assert _reports(committee, 2026)[0] == ("M2", "2026-01-01", "2026-01-31", "2026-02-20")


def test_reminders_go_to_the_committees_people_once(settings):
    settings.COMPLIANCE_DESK_EMAILS = []
    mine = house_committee()
    other = house_committee("C00888888", name="Other")
    person("tara", (mine, Role.TREASURER))
    person("olive", (other, Role.TREASURER))
    week_before = dt.datetime(2026, 10, 8, 15, 0, tzinfo=dt.UTC)  # Q3 is due October 15
    assert filing_reminders_send(now=week_before) == 2  # one email per committee, each to its own people
    to = sorted(tuple(m.to) for m in mail.outbox)
    assert to == [("olive@example.org",), ("tara@example.org",)]
    assert "Q3" in mail.outbox[0].subject and "2026-10-15" in mail.outbox[0].subject
    assert filing_reminders_send(now=week_before) == 0  # recorded: never twice
    assert FilingReminder.objects.count() == 2
