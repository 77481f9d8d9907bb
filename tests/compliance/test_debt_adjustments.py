"""A debt's amount changes other than by a payment (issue #12, Schedule D): the invoice grows, the creditor forgives
part of it, or an estimate is corrected. Each change is a new row pointing at the debt; the balance, Schedule D and
summary lines 9 and 10 (Form 3P 11 and 12) count it from its date.

Where a change goes on Schedule D. The FEC's electronic format for Schedule D (SchD.json, tests/reference/fec/
schemas) defines BALANCE AT CLOSE as "Beginning Balance + (Incurred amount - Payment amount)", all amounts from the
current report period, and PAYMENT AMOUNT as "auto-calculated from debt repayments"; INCURRED AMOUNT may be negative
(minimum -99999999.99). FEC guidance: a debt is reported "continuously ... until extinguished" with payments
disclosed as "payment this period" (fec.gov, "Debt payments"; "Debts", party committees); an estimated debt is
corrected "in a later report" once the figure is known (fec.gov, "Estimating debts"; 11 CFR 104.11(b)); and balance
reductions that are not payments, such as forgiven debt, are shown "as a negative in the Amount Incurred This Period
field" with an explanation (ISPolitical FEC filing help, "How does the FEC report new debts under $500?", which
says the FEC confirmed it). So: beginning balance = amount + changes before the period - payments before it;
incurred this period = (the amount, if incurred in the period) + the changes in it, a decrease negative; payments
this period = payments only; balance at close = the sum.

A forgiven debt: a creditor forgiving or settling for less makes a contribution unless 11 CFR part 116 is met
(a commercial vendor only under 116.3-116.4; settlement for less only by a terminating committee with a debt
settlement plan, FEC Form 8, 116.7; fec.gov "Settling debts for less than the amount owed"): the change is recorded
with its reason and waits for the treasurer's review."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from committees.models import Committee
from compliance.models import Debt, DebtAdjustment, Report
from compliance.selectors import election_net_debts
from compliance.services.debt_adjustments import debt_adjust, debt_adjustment_review
from compliance.services.debts import debt_balance, debt_enter, debt_pay
from compliance.services.entries import Counterparty
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError
from tests.compliance.helpers import build, built_fec, house_committee, pac_committee, records

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}


def presidential_committee() -> Committee:
    committee = house_committee("C00000002", cash="100000.00")
    Committee.objects.filter(pk=committee.pk).update(
        committee_type="presidential", election_state="", election_district=""
    )
    committee.refresh_from_db()
    return committee


def vendor(name: str = "Print Shop Inc") -> Counterparty:
    return Counterparty(code="ORG", identity=DonorInput(organization_name=name, **ADDRESS))


def _by_type(report: Report) -> dict[str, list[list[str]]]:
    built_fec(report)
    out: dict[str, list[list[str]]] = {}
    for fields in records(report):
        out.setdefault(fields[0], []).append(fields)
    return out


def _columns(row: list[str]) -> tuple[str, str, str, str]:
    """Schedule D's beginning balance, incurred this period, payment this period, balance at close."""
    return row[16], row[17], row[18], row[19]


def _debt(committee: Committee, direction: str = Debt.Direction.OWED_BY, amount: str = "1000.00") -> Debt:
    return debt_enter(
        committee=committee,
        direction=direction,
        who=vendor(),
        amount=D(amount),
        date_incurred=dt.date(2026, 2, 1),
        purpose="Printing",
    )


@pytest.mark.parametrize(
    ("make", "by_form", "to_form", "by_line", "to_line"),
    [
        (lambda: house_committee(cash="100000.00"), "SD10", "SD9", "10", "9"),
        (lambda: pac_committee(cash="100000.00"), "SD10", "SD9", "10", "9"),
        (presidential_committee, "SD12", "SD11", "12", "11"),
    ],
)
def test_a_debt_grows_is_paid_and_partly_forgiven_across_two_reports(make, by_form, to_form, by_line, to_line):
    """$1,000 incurred in Q1; in Q2 $500 more billed, $300 paid, $200 forgiven. Q2's Schedule D: beginning $1,000,
    incurred $300 (+500 - 200), paid $300, close $1,000; line 10 = $1,000. A debt owed to the committee whose
    estimate is corrected down by $100 shows -100 incurred and line 9 follows."""
    committee = make()
    debt = _debt(committee)
    owed_to = _debt(committee, Debt.Direction.OWED_TO, "600.00")
    debt_adjust(debt=debt, kind="increase", amount=D("500.00"), date_adjusted=dt.date(2026, 4, 15), reason="Second run")
    debt_pay(debt=debt, amount=D("300.00"), date_paid=dt.date(2026, 5, 1))
    forgiven = debt_adjust(
        debt=debt, kind="forgiven", amount=D("200.00"), date_adjusted=dt.date(2026, 6, 1), reason="Vendor discount"
    )
    debt_adjust(
        debt=owed_to,
        kind="correction",
        amount=D("-100.00"),
        date_adjusted=dt.date(2026, 5, 20),
        reason="Estimate corrected: deposit was $500",
    )
    assert forgiven.amount == D("-200.00") and forgiven.review == DebtAdjustment.Review.OPEN
    assert debt_balance(debt) == D("1000.00") and debt_balance(debt, on=dt.date(2026, 3, 31)) == D("1000.00")

    q1 = build(committee, "Q1")
    rows = _by_type(q1)
    assert [_columns(r) for r in rows[by_form]] == [("0.00", "1000.00", "0.00", "1000.00")], "Q2 changes stay out"
    assert q1.summary["col_a"][by_line] == "1000.00"

    q2 = build(committee, "Q2", signed=dt.date(2026, 7, 10))
    rows = _by_type(q2)
    (by,) = rows[by_form]
    assert by[2] == debt.transaction_id
    assert _columns(by) == ("1000.00", "300.00", "300.00", "1000.00")
    (to,) = rows[to_form]
    assert _columns(to) == ("600.00", "-100.00", "0.00", "500.00")
    assert (q2.summary["col_a"][by_line], q2.summary["col_a"][to_line]) == ("1000.00", "500.00")


def test_a_debt_paid_off_then_billed_again_returns_to_schedule_d():
    committee = house_committee(cash="100000.00")
    debt = _debt(committee)
    debt_pay(debt=debt, amount=D("1000.00"), date_paid=dt.date(2026, 3, 1))
    debt_adjust(debt=debt, kind="increase", amount=D("250.00"), date_adjusted=dt.date(2026, 5, 5), reason="Reprint")
    (by,) = _by_type(build(committee, "Q2", signed=dt.date(2026, 7, 10)))["SD10"]
    assert _columns(by) == ("0.00", "250.00", "0.00", "250.00")


def test_forgiveness_by_a_vendor_waits_for_the_treasurers_review_with_11_cfr_116_and_is_audited():
    committee = house_committee(cash="100000.00")
    debt = _debt(committee)
    adjustment = debt_adjust(
        debt=debt, kind="forgiven", amount=D("400.00"), date_adjusted=dt.date(2026, 3, 1), reason="Settled"
    )
    assert adjustment.review == DebtAdjustment.Review.OPEN
    assert "116.4" in adjustment.review_reason and "Form 8" in adjustment.review_reason
    event = AuditEvent.objects.get(action="debt.adjusted", object_id=str(debt.pk))
    assert event.after["amount"] == "-400.00" and event.after["balance"] == "600.00" and event.reason == "Settled"
    with pytest.raises(ApplicationError) as no_note:
        debt_adjustment_review(adjustment=adjustment, note=" ")
    assert no_note.value.field == "note"
    reviewed = debt_adjustment_review(adjustment=adjustment, note="Vendor's collection letters on file (116.4)")
    assert reviewed.review == DebtAdjustment.Review.CLEARED and reviewed.reviewed_at is not None
    assert AuditEvent.objects.filter(action="debt.adjustment_reviewed").count() == 1
    with pytest.raises(ApplicationError):
        debt_adjustment_review(adjustment=reviewed, note="again")
    increase = debt_adjust(debt=debt, kind="increase", amount=D("1.00"), date_adjusted=dt.date(2026, 3, 2), reason="x")
    assert increase.review == DebtAdjustment.Review.NONE


@pytest.mark.parametrize(
    ("kind", "amount", "day", "reason", "field"),
    [
        ("rename", "10.00", dt.date(2026, 3, 1), "r", "kind"),
        ("increase", "0", dt.date(2026, 3, 1), "r", "amount"),
        ("forgiven", "-5.00", dt.date(2026, 3, 1), "r", "amount"),
        ("forgiven", "1000.01", dt.date(2026, 3, 1), "r", "amount"),
        ("correction", "-1000.01", dt.date(2026, 3, 1), "r", "amount"),
        ("forgiven", "950.00", dt.date(2026, 3, 1), "r", "amount"),  # $100 of it is paid later: only $900 left then
        ("increase", "10.00", dt.date(2026, 1, 31), "r", "date"),
        ("increase", "10.00", dt.date(2026, 3, 1), "  ", "reason"),
    ],
)
def test_bad_changes_name_the_field_and_write_nothing(kind, amount, day, reason, field):
    committee = house_committee(cash="100000.00")
    debt = _debt(committee)
    debt_pay(debt=debt, amount=D("100.00"), date_paid=dt.date(2026, 4, 1))
    with pytest.raises(ApplicationError) as refused:
        debt_adjust(debt=debt, kind=kind, amount=D(amount), date_adjusted=day, reason=reason)
    assert refused.value.field == field
    assert not DebtAdjustment.objects.exists() and not AuditEvent.objects.filter(action="debt.adjusted").exists()
    assert debt_balance(debt) == D("900.00")


def test_a_payment_cannot_exceed_the_balance_a_forgiveness_left():
    committee = house_committee(cash="100000.00")
    debt = _debt(committee)
    debt_adjust(debt=debt, kind="forgiven", amount=D("300.00"), date_adjusted=dt.date(2026, 3, 1), reason="Settled")
    with pytest.raises(ApplicationError, match=r"\$700.00 of this debt is unpaid"):
        debt_pay(debt=debt, amount=D("800.00"), date_paid=dt.date(2026, 3, 5))
    debt_adjust(debt=debt, kind="increase", amount=D("500.00"), date_adjusted=dt.date(2026, 5, 1), reason="More")
    with pytest.raises(ApplicationError, match=r"\$700.00 of this debt is unpaid"):
        debt_pay(debt=debt, amount=D("800.00"), date_paid=dt.date(2026, 4, 1)), "the increase came later"
    debt_pay(debt=debt, amount=D("1200.00"), date_paid=dt.date(2026, 5, 2))
    assert debt_balance(debt) == D("0.00")


def test_a_change_dated_in_a_filed_report_flags_it_and_later_ones_for_amendment():
    committee = house_committee(cash="100000.00")
    debt = _debt(committee)
    q1 = build(committee, "Q1")
    Report.objects.filter(pk=q1.pk).update(filed_at=dt.datetime(2026, 4, 14, tzinfo=dt.UTC))
    debt_adjust(debt=debt, kind="correction", amount=D("75.00"), date_adjusted=dt.date(2026, 3, 10), reason="Fix")
    assert Report.objects.get(pk=q1.pk).needs_amendment


def test_net_debts_outstanding_after_an_election_count_the_changes():
    """11 CFR 110.1(b)(3)(ii): unpaid debts on election day; a forgiven part is no longer owed."""
    committee = house_committee(cash="0.00")
    debt = debt_enter(
        committee=committee,
        direction=Debt.Direction.OWED_BY,
        who=vendor(),
        amount=D("5000.00"),
        date_incurred=dt.date(2026, 6, 1),
        purpose="Ads",
    )
    election = committee.elections.get(code="P2026")
    assert election_net_debts(committee=committee, election=election) == D("5000.00")
    debt_adjust(debt=debt, kind="forgiven", amount=D("1500.00"), date_adjusted=dt.date(2026, 7, 1), reason="Settled")
    assert election_net_debts(committee=committee, election=election) == D("3500.00")
