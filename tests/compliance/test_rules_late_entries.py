"""A late transaction flags every filed report whose cash chain it affects (issue #12 item 9).

11 CFR 104.3(a)(1): each report's cash on hand at the start of the period is the previous report's closing cash,
and column B runs from the start of the cycle (or year): money dated in Q1 changes Q1, and every later report's
opening cash and column B."""

import datetime as dt

import pytest

from compliance.models import Report
from compliance.services.reports import report_mark_filed
from compliance.services.transactions import receipt_enter
from tests.compliance.helpers import D, build, house_committee
from tests.desk.helpers import donor, gift

pytestmark = pytest.mark.django_db


def test_late_receipt_flags_its_report_and_every_later_filed_report():
    committee = house_committee()
    gift(committee, donor("Ann", "Early"), "100.00", dt.date(2026, 2, 1))
    q1 = build(committee, "Q1", signed=dt.date(2026, 4, 10))
    report_mark_filed(report=q1, fec_filing_id="FEC-1600001", actor=None)
    gift(committee, donor("Bob", "Spring"), "100.00", dt.date(2026, 5, 1))
    q2 = build(committee, "Q2", signed=dt.date(2026, 7, 10))
    report_mark_filed(report=q2, fec_filing_id="FEC-1600002", actor=None)

    receipt_enter(
        committee=committee,
        donor_data=donor("Cy", "Late"),
        amount=D("250.00"),
        date_received=dt.date(2026, 3, 15),
        election=committee.elections.get(code="P2026"),
    )
    flagged = dict(Report.objects.filter(committee=committee).values_list("report_code", "needs_amendment"))
    assert flagged == {"Q1": True, "Q2": True}


def test_a_change_that_moves_no_cash_flags_only_the_report_holding_it():
    """A donor's new employer (best efforts) changes only the reports itemizing the gift, not the cash chain."""
    from compliance.services.reports import reports_flag_for_amendment

    committee = house_committee()
    gift(committee, donor("Ann", "Early"), "100.00", dt.date(2026, 2, 1))
    q1 = build(committee, "Q1", signed=dt.date(2026, 4, 10))
    report_mark_filed(report=q1, fec_filing_id="FEC-1600001", actor=None)
    q2 = build(committee, "Q2", signed=dt.date(2026, 7, 10))
    report_mark_filed(report=q2, fec_filing_id="FEC-1600002", actor=None)
    assert reports_flag_for_amendment(committee=committee, dates={dt.date(2026, 2, 1)}, cash_chain=False) == 1
    assert Report.objects.filter(needs_amendment=True).get().report_code == "Q1"
