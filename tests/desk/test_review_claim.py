"""Compliance takes up new gifts itself, and receipts go through an outbox: a gift recorded while the broker is
unreachable is still reviewed and receipted by the beat sweeps, and nothing is ever reviewed or mailed twice."""

import datetime as dt
import threading
import uuid
from decimal import Decimal

import pytest
from celery.app.task import Task
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from kombu.exceptions import OperationalError

from audit.models import AuditEvent
from compliance.desk.remedies import remedy_redesignate
from compliance.desk.review import contributions_review_pending
from compliance.desk_tasks import contribution_review_task
from compliance.models import ContributionReview, ReviewItem
from donations.models import Contribution, Donation, RecurringGift
from donations.services.payments import contribution_record_payment
from donations.services.receipts import receipt_send, receipts_send_pending
from donations.services.recurring import recurring_record_installment
from donations.signals import contribution_recorded
from tests.compliance.helpers import house_committee
from tests.desk.helpers import donor, gift
from tests.factories import DonorFactory, ElectionFactory

FEB10 = dt.date(2026, 2, 10)


def _broker_down(*args, **kwargs):
    raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def _web_donation(*, email: str = "jane@example.com", affirmations: dict | None = None) -> Donation:
    election = ElectionFactory()
    return Donation.objects.create(
        committee=election.committee,
        donor=DonorFactory(committee=election.committee, email=email),
        election=election,
        amount=Decimal("25.00"),
        stripe_payment_intent_id=f"pi_{uuid.uuid4().hex[:12]}",
        affirmations=affirmations or {},  # an API client that sent none: the desk flags it
    )


def _pay(donation: Donation) -> Contribution:
    return contribution_record_payment(
        donation_public_id=str(donation.public_id),
        payment_intent_id=donation.stripe_payment_intent_id,
        amount_cents=2500,
        charge_id="ch_1",
        paid_at=timezone.now(),
    )


@pytest.mark.django_db
def test_gift_recorded_while_the_broker_is_down_is_reviewed_and_receipted_by_the_sweeps(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    monkeypatch.setattr(Task, "apply_async", _broker_down)  # every enqueue fails, as with Redis stopped
    with django_capture_on_commit_callbacks(execute=True):
        contribution = _pay(_web_donation())
    # Recording succeeded; the after-commit enqueues failed quietly and nothing was reviewed or sent.
    assert "review enqueue failed" in caplog.text and "receipt enqueue failed" in caplog.text
    contribution.refresh_from_db()
    assert contribution.receipt_status == Contribution.ReceiptStatus.PENDING
    assert not ContributionReview.objects.filter(contribution=contribution).exists()
    assert mail.outbox == []

    # Beat's sweeps (the broker does not matter to them: they read the rows).
    assert contributions_review_pending() == 1
    assert receipts_send_pending() == 1
    (item,) = ReviewItem.objects.filter(contribution=contribution)
    assert item.reason_code == "affirmation"
    assert ContributionReview.objects.get(contribution=contribution).via == ContributionReview.Via.WORKER
    (receipt,) = mail.outbox
    assert receipt.to == ["jane@example.com"] and "$25.00" in receipt.body
    contribution.refresh_from_db()
    assert contribution.receipt_status == Contribution.ReceiptStatus.SENT and contribution.receipt_sent_at

    # Never twice: more sweeps, and the fast-path tasks arriving late once the broker is back, do nothing.
    monkeypatch.undo()
    assert contributions_review_pending() == 0 and receipts_send_pending() == 0
    assert contribution_review_task.run(contribution.pk) == 0
    assert receipt_send(contribution_pk=contribution.pk) is False
    assert ReviewItem.objects.filter(contribution=contribution).count() == 1
    assert len(mail.outbox) == 1
    assert AuditEvent.objects.filter(action="contribution.reviewed").count() == 1


@pytest.fixture
def queued(monkeypatch) -> list[tuple[str, tuple]]:
    """What the receivers hand to the broker (recorded here instead of sent)."""
    calls: list[tuple[str, tuple]] = []

    def record(task, args=None, kwargs=None, **options):
        calls.append((task.name, tuple(args or ())))

    monkeypatch.setattr(Task, "apply_async", record)
    return calls


@pytest.mark.django_db
def test_recording_announces_the_gift_on_commit_and_the_fast_path_does_the_work(
    django_capture_on_commit_callbacks, queued
):
    with django_capture_on_commit_callbacks() as callbacks:
        contribution = _pay(_web_donation())
    assert queued == []  # nothing before commit
    with django_capture_on_commit_callbacks():
        quiet = _pay(_web_donation(email=""))  # its commit hook is dropped here, as if it were lost
    for callback in callbacks:
        callback()
    assert sorted(queued) == [
        ("compliance.desk_tasks.contribution_review_task", (contribution.pk,)),
        ("donations.tasks.receipt_send_task", (contribution.pk,)),
    ]
    assert quiet.receipt_status == Contribution.ReceiptStatus.NONE  # no address: no receipt owed
    # What the queued tasks do in the worker:
    assert contribution_review_task.run(contribution.pk) == 1
    assert receipt_send(contribution_pk=contribution.pk) is True
    assert len(mail.outbox) == 1
    assert receipts_send_pending() == 0  # the sweep finds nothing left
    assert contributions_review_pending() == 1  # only the gift whose signal was not delivered here
    assert ContributionReview.objects.filter(contribution=quiet).exists()


@pytest.mark.django_db
def test_monthly_installment_goes_through_the_same_outbox_and_claim(django_capture_on_commit_callbacks, queued):
    election = ElectionFactory()
    gift_donor = DonorFactory(committee=election.committee, email="monthly@example.com")
    RecurringGift.objects.create(
        committee=election.committee,
        donor=gift_donor,
        election=election,
        amount=Decimal("10.00"),
        stripe_subscription_id="sub_claim",
    )
    sent = []
    contribution_recorded.connect(lambda sender, **kwargs: sent.append(kwargs), dispatch_uid="test-spy", weak=False)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            installment = recurring_record_installment(
                subscription_id="sub_claim",
                invoice_id="in_1",
                amount_cents=1000,
                payment_intent_id="pi_inst",
                paid_at=timezone.now(),
            )
    finally:
        contribution_recorded.disconnect(dispatch_uid="test-spy")
    assert [(s["contribution_pk"], s["receipt_due"]) for s in sent] == [(installment.pk, True)]
    assert contributions_review_pending() == 1 and receipts_send_pending() == 1
    assert contributions_review_pending() == 0 and receipts_send_pending() == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_staff_entry_is_reviewed_in_its_transaction_and_memo_rows_are_never_taken_up():
    committee = house_committee()
    original = gift(committee, donor(email="jane@example.com"), "3600.00", FEB10)
    review = ContributionReview.objects.get(contribution=original)
    assert review.via == ContributionReview.Via.ENTRY
    remedy_redesignate(
        item=ReviewItem.objects.get(contribution=original),
        election=committee.elections.get(code="G2026"),
        actor=None,
        on=dt.date(2026, 3, 1),
    )
    assert Contribution.objects.filter(is_memo=True).count() == 2  # the TO and FROM rows
    assert contributions_review_pending() == 0
    assert original.receipt_status == Contribution.ReceiptStatus.NONE  # staff entries send no receipt
    assert receipts_send_pending() == 0


@pytest.mark.django_db
def test_the_sweeps_claim_with_skip_locked_on_postgresql():
    assert connection.vendor == "postgresql"  # the suite runs on PostgreSQL, as production does
    _pay(_web_donation())
    with CaptureQueriesContext(connection) as queries:
        contributions_review_pending()
        receipts_send_pending()
    claims = [q["sql"] for q in queries.captured_queries if "FOR NO KEY UPDATE" in q["sql"]]
    assert len(claims) == 2  # the review claim, the receipt claim
    assert all("SKIP LOCKED" in sql for sql in claims)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_review_and_mail_each_gift_once(queued):
    gifts = [_pay(_web_donation(email=f"donor{n}@example.com")) for n in range(12)]
    barrier = threading.Barrier(3)
    errors = []

    def sweep() -> None:
        try:
            barrier.wait(timeout=30)
            contributions_review_pending()
            receipts_send_pending()
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert ContributionReview.objects.filter(contribution__in=gifts).count() == len(gifts)
    assert AuditEvent.objects.filter(action="contribution.reviewed").count() == len(gifts)
    assert ReviewItem.objects.filter(reason_code="affirmation").count() == len(gifts)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"donor{n}@example.com" for n in range(12))
    assert not Contribution.objects.filter(receipt_status=Contribution.ReceiptStatus.PENDING).exists()
