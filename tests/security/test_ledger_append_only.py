"""The ledger is append-only in PostgreSQL itself (issue #15, "a ledger that cannot be rewritten quietly"):
triggers refuse DELETE of financial records and of the audit log, and UPDATE of their money and identity fields,
whoever connects (the app, a shell, the admin). The status and bookkeeping columns the app updates stay writable.
Records are kept: 11 CFR 102.9(c) (three years after the report they are on is filed)."""

from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from audit.services import audit_record
from compliance.models import Disbursement, Report
from compliance.services.reports import report_mark_filed
from donations.models import Contribution, Donation, Refund
from tests.compliance.helpers import build
from tests.factories import DonationPageFactory, ElectionFactory
from tests.security.ledger_helpers import books

pytestmark = pytest.mark.django_db


def _sql(statement: str, *params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, list(params))


def _refused(action) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        action()
    return str(caught.value)


def test_contributions_are_never_deleted_and_their_money_never_changes():
    books()
    gift = Contribution.objects.get(transaction_id="G1")
    assert "never deleted" in _refused(lambda: _sql("DELETE FROM donations_contribution WHERE id = %s", gift.pk))
    for field, value in (
        ("amount", Decimal("5.00")),
        ("date_received", gift.date_received.replace(day=9)),
        ("transaction_id", "G9"),
        ("committee_id", gift.committee_id + 1000),
    ):
        message = _refused(lambda f=field, v=value: Contribution.objects.filter(pk=gift.pk).update(**{f: v}))
        assert f"donations_contribution.{field}" in message
    # What the app legitimately changes still changes: the receipt's progress, a dispute's status.
    Contribution.objects.filter(pk=gift.pk).update(receipt_status=Contribution.ReceiptStatus.SENT)
    Contribution.objects.filter(pk=gift.pk).update(status=Contribution.Status.DISPUTED)


def test_refunds_disbursements_and_the_audit_log_are_append_only():
    committee = books()
    refund = Refund.objects.get(transaction_id="R1")
    spent = Disbursement.objects.get(transaction_id="E1")
    event = audit_record(actor=None, action="test.event", obj=committee, after={"x": 1})
    assert "never deleted" in _refused(refund.delete)
    assert "never deleted" in _refused(spent.delete)
    assert "never deleted" in _refused(event.delete)
    assert "amount" in _refused(lambda: Refund.objects.filter(pk=refund.pk).update(amount=Decimal("1.00")))
    assert "amount" in _refused(lambda: Disbursement.objects.filter(pk=spent.pk).update(amount=Decimal("1.00")))
    assert "after" in _refused(lambda: type(event).objects.filter(pk=event.pk).update(after={"x": 2}))


def test_a_checkouts_money_is_frozen_but_its_status_moves():
    page = DonationPageFactory()
    election = ElectionFactory(committee=page.committee)
    donation = Donation.objects.create(
        committee=page.committee, page=page, donor=_donor(page.committee), election=election, amount=Decimal("20.00")
    )
    assert "amount" in _refused(lambda: Donation.objects.filter(pk=donation.pk).update(amount=Decimal("2.00")))
    Donation.objects.filter(pk=donation.pk).update(status=Donation.Status.FAILED)


def _donor(committee):
    from tests.factories import DonorFactory

    return DonorFactory(committee=committee)


def test_a_filed_report_never_changes_except_its_amendment_flag():
    committee = books()
    report = build(committee, "Q1")
    Report.objects.filter(pk=report.pk).update(progress=report.progress)  # not filed: the builder may write
    report_mark_filed(report=report, fec_filing_id="1600001", actor=None)
    assert "filed" in _refused(lambda: Report.objects.filter(pk=report.pk).update(fec_sha256="0" * 64))
    assert "never deleted" in _refused(Report.objects.filter(pk=report.pk).delete)
    Report.objects.filter(pk=report.pk).update(needs_amendment=True)


def test_the_guards_are_in_postgresql_not_in_the_app():
    books()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE donations_contribution SET amount = amount + 1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM compliance_auditevent")
