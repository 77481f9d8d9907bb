"""Excessive contributions: the queue, its 60-day deadline, and each remedy's report rows and letter."""

import datetime as dt

import pytest
from celery.app.task import Task
from django.core import mail
from kombu.exceptions import OperationalError

from compliance.desk.mail import remedy_letter_send, review_reminders_send
from compliance.desk.remedies import (
    election_record_result,
    remedy_letters_send_pending,
    remedy_reattribute,
    remedy_redesignate,
    remedy_refund,
)
from compliance.models import ReviewItem, ReviewReminder
from compliance.services.reports import report_mark_filed
from donations.models import Contribution, LimitTotal
from donations.services.limits import limit_totals_recompute
from tests.compliance.helpers import build, built_fec, house_committee, import_rows, person, records, row
from tests.desk.helpers import D, donor, gift

pytestmark = pytest.mark.django_db
FEB10 = dt.date(2026, 2, 10)


def test_limit_boundary_staff_entry_3500_00_vs_3500_01():
    committee = house_committee()
    at_limit = gift(committee, donor("Ann", "Exact"), "3500.00", FEB10)
    over = gift(committee, donor("Bob", "Over"), "3500.01", FEB10)
    assert not ReviewItem.objects.filter(contribution=at_limit).exists()
    item = ReviewItem.objects.get(contribution=over)
    assert (item.kind, item.amount, item.deadline) == ("excessive", D("0.01"), FEB10 + dt.timedelta(days=60))


def test_imported_gift_that_passes_the_limit_lands_in_the_queue_with_its_deadline():
    committee = house_committee()
    jo = person("Jo", "Edge", "5 Edge Ln", employer="Acme", occupation="Clerk")
    import_rows(
        committee,
        [
            row("contribution", "I1", "2026-01-05", "3000.00", election="P2026", **jo),
            row("contribution", "I2", "2026-03-01", "500.01", election="P2026", **jo),
        ],
    )
    item = ReviewItem.objects.get()
    assert item.contribution.external_id == "I2"
    assert item.amount == D("0.01") and item.deadline == dt.date(2026, 4, 30)


def test_redesignation_writes_to_and_from_memo_rows_that_validate(django_capture_on_commit_callbacks, monkeypatch):
    committee = house_committee()
    original = gift(committee, donor(email="jane@example.com"), "3600.00", FEB10)
    item = ReviewItem.objects.get(contribution=original)
    with django_capture_on_commit_callbacks() as callbacks:
        remedy_redesignate(
            item=item, election=committee.elections.get(code="G2026"), actor=None, on=dt.date(2026, 3, 1)
        )
    queued = []
    monkeypatch.setattr(Task, "apply_async", lambda task, args=None, *rest, **options: queued.append((task.name, args)))
    for callback in callbacks:  # after commit (other apps may add hooks of their own, e.g. metrics)
        callback()
    monkeypatch.undo()
    assert queued == [("compliance.desk_tasks.remedy_letter_email_task", (item.pk,))]  # the letter, once
    totals = dict(LimitTotal.objects.filter(donor=original.donor).values_list("period_key", "received"))
    assert totals == {"P2026": D("3500.00"), "G2026": D("100.00")}
    limit_totals_recompute(committee=committee, donor=original.donor)  # the books agree with the running totals
    assert dict(LimitTotal.objects.filter(donor=original.donor).values_list("period_key", "received")) == totals

    report = build(committee, "Q1")
    parsed = built_fec(report)
    sa = {r["transaction_id"]: r for r in parsed["itemizations"]["Schedule A"]}
    to_row = Contribution.objects.get(memo_role="to")
    from_row = Contribution.objects.get(memo_role="from")
    assert sa[original.transaction_id]["contribution_amount"] == 3600.0
    assert sa[to_row.transaction_id]["memo_code"] == "X" and sa[to_row.transaction_id]["contribution_amount"] == 100.0
    assert sa[to_row.transaction_id]["election_code"] == "G2026"
    assert sa[to_row.transaction_id]["back_reference_tran_id_number"] == original.transaction_id
    assert sa[from_row.transaction_id]["contribution_amount"] == -100.0
    assert sa[from_row.transaction_id]["election_code"] == "P2026"
    assert sa[from_row.transaction_id]["back_reference_tran_id_number"] == original.transaction_id
    assert any(t["back_reference_tran_id_number"] == to_row.transaction_id for t in parsed["text"])
    assert report.summary["col_a"]["11ai"] == "3600.00"  # memo rows never count in the totals

    assert remedy_letter_send(item_pk=item.pk) is True
    assert remedy_letter_send(item_pk=item.pk) is False  # once
    (letter,) = mail.outbox
    assert "redesignated to the G2026 election" in letter.body and "ask for a refund" in letter.body


def test_a_letter_whose_enqueue_failed_is_sent_by_the_sweep_once(monkeypatch, django_capture_on_commit_callbacks):
    committee = house_committee()
    original = gift(committee, donor(email="jane@example.com"), "3600.00", FEB10)
    item = ReviewItem.objects.get(contribution=original)

    def broker_down(*args, **kwargs):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(Task, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        remedy_redesignate(
            item=item, election=committee.elections.get(code="G2026"), actor=None, on=dt.date(2026, 3, 1)
        )
    monkeypatch.undo()
    assert mail.outbox == []  # the enqueue failed; the item still owes its letter
    assert remedy_letters_send_pending() == 1
    assert remedy_letters_send_pending() == 0 and remedy_letter_send(item_pk=item.pk) is False
    (letter,) = mail.outbox
    assert "redesignated to the G2026 election" in letter.body


def test_reattribution_after_the_original_was_filed_writes_a_copy_and_the_pair():
    committee = house_committee()
    original = gift(committee, donor(), "4000.00", dt.date(2026, 3, 20))
    q1 = build(committee, "Q1")
    report_mark_filed(report=q1, fec_filing_id="1234567", actor=None)
    item = ReviewItem.objects.get(contribution=original)
    remedy_reattribute(item=item, to=donor("John", "Doe"), actor=None, on=dt.date(2026, 4, 20))
    records_by_role = {c.memo_role: c for c in Contribution.objects.filter(is_memo=True)}
    assert set(records_by_role) == {"copy", "to", "from"}
    q2 = build(committee, "Q2", signed=dt.date(2026, 7, 10))
    parsed = built_fec(q2)
    sa = {r["transaction_id"]: r for r in parsed["itemizations"]["Schedule A"]}
    copy, to_row, from_row = (records_by_role[k] for k in ("copy", "to", "from"))
    assert sa[copy.transaction_id]["contribution_date"].date() == dt.date(2026, 3, 20)
    assert "Originally disclosed on Q1 2026" in sa[copy.transaction_id]["contribution_purpose_descrip"]
    assert sa[to_row.transaction_id]["contributor_first_name"] == "John"
    assert sa[to_row.transaction_id]["contribution_amount"] == 500.0
    assert sa[from_row.transaction_id]["contributor_first_name"] == "Jane"
    assert sa[from_row.transaction_id]["contribution_amount"] == -500.0
    for memo in (to_row, from_row):
        assert sa[memo.transaction_id]["back_reference_tran_id_number"] == copy.transaction_id
    assert q2.summary["col_a"].get("11ai", "0.00") == "0.00"
    assert [r[0] for r in records(q2)][:2] == ["HDR", "F3N"]


def test_refund_remedy_writes_sb20a_and_resolves():
    committee = house_committee()
    original = gift(committee, donor(), "3600.00", FEB10)
    item = ReviewItem.objects.get(contribution=original)
    remedy_refund(item=item, actor=None)
    item.refresh_from_db()
    assert (item.status, item.remedy) == ("remedied", "refund")
    refund = original.refunds.get()  # dated today (a staff refund happens now)
    new_cycle = dt.date(2026, 11, 4)  # a report past the general election starts the next cycle
    start = new_cycle if refund.date_refunded >= new_cycle else FEB10
    parsed = built_fec(build(committee, "YE", coverage_from=start, coverage_through=refund.date_refunded))
    (sb,) = parsed["itemizations"]["Schedule B"]
    assert sb["form_type"] == "SB20A" and sb["expenditure_amount"] == 100.0


def test_reminders_on_day_45_and_55_are_sent_once(settings):
    settings.COMPLIANCE_DESK_EMAILS = ["treasurer@example.org"]
    committee = house_committee()
    gift(committee, donor(), "3600.00", FEB10)
    assert review_reminders_send(today=FEB10 + dt.timedelta(days=44)) == 0
    assert review_reminders_send(today=FEB10 + dt.timedelta(days=45)) == 1
    assert review_reminders_send(today=FEB10 + dt.timedelta(days=45)) == 0
    assert review_reminders_send(today=FEB10 + dt.timedelta(days=54)) == 0
    assert review_reminders_send(today=FEB10 + dt.timedelta(days=55)) == 1
    assert review_reminders_send(today=FEB10 + dt.timedelta(days=56)) == 0
    assert sorted(ReviewReminder.objects.values_list("day", flat=True)) == [45, 55]
    assert len(mail.outbox) == 2 and "day 55 of 60" in mail.outbox[1].body


def test_primary_loss_flags_general_money_received_before_the_primary():
    committee = house_committee()
    early = gift(committee, donor(), "1000.00", dt.date(2026, 5, 1), election="G2026")
    late = gift(committee, donor("Late", "Giver"), "1000.00", dt.date(2026, 6, 20), election="G2026")
    primary = gift(committee, donor("Prim", "Giver"), "1000.00", dt.date(2026, 5, 1), election="P2026")
    flagged = election_record_result(election=committee.elections.get(code="P2026"), advanced=False, actor=None)
    assert [i.contribution for i in flagged] == [early]
    assert flagged[0].deadline == dt.date(2026, 6, 16) + dt.timedelta(days=60)
    assert not ReviewItem.objects.filter(contribution__in=[late, primary]).exists()
    assert election_record_result(election=committee.elections.get(code="P2026"), advanced=False, actor=None) == []
