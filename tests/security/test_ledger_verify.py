"""Every financial record and audit event is a link in a hash chain kept by PostgreSQL; `manage.py
ledger_verify` recomputes it and names the first broken link, so a row changed or deleted directly in the database
(triggers switched off, as a superuser can) is found (issue #15). The chain head is written daily to the object
store, once, and on every filed report."""

import json
from datetime import date
from decimal import Decimal

import boto3
import pytest
from django.core.management import CommandError, call_command
from moto import mock_aws

from audit.ledger import ledger_head, ledger_verify, link_hash
from audit.models import LedgerLink
from compliance.services.reports import report_mark_filed
from donations.models import Contribution, Refund
from operations.services.ledger import ledger_head_name, ledger_head_publish
from tests.compliance.helpers import build
from tests.ledger import as_superuser_without_triggers
from tests.security.ledger_helpers import books

pytestmark = pytest.mark.django_db


def _verify(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("ledger_verify", *args, stdout=out)
    return out.getvalue()


def test_an_untouched_ledger_verifies():
    books()
    result = ledger_verify()
    assert result.ok, result.problems
    assert result.links >= 5 and result.rows >= 5
    assert "ledger: intact" in _verify()


def test_every_financial_record_and_audit_event_is_chained_as_it_is_written():
    books()
    before = LedgerLink.objects.count()
    gift = Contribution.objects.get(transaction_id="G1")
    Contribution.objects.filter(pk=gift.pk).update(receipt_status=Contribution.ReceiptStatus.SENT)
    links = list(LedgerLink.objects.order_by("id"))
    assert len(links) == before + 1
    assert links[-1].table_name == "donations_contribution" and links[-1].row_id == gift.pk and links[-1].op == "U"
    assert all(link.prev_hash == previous.hash for previous, link in zip(links, links[1:], strict=False))
    assert {link.table_name for link in links} >= {
        "donations_contribution",
        "donations_refund",
        "compliance_disbursement",
        "compliance_auditevent",
    }


def test_a_row_changed_behind_the_triggers_is_named():
    books()
    gift = Contribution.objects.get(transaction_id="G2")
    as_superuser_without_triggers("UPDATE donations_contribution SET amount = 25.00 WHERE id = %s", [gift.pk])
    result = ledger_verify()
    first = result.first
    assert (first.kind, first.table, first.row_id) == ("changed", "donations_contribution", gift.pk)
    assert "amount: 250.00 -> 25.00" in first.detail, first.detail
    with pytest.raises(CommandError) as failed:
        _verify()
    assert f"donations_contribution id {gift.pk}" in str(failed.value) and "amount" in str(failed.value)


def test_a_row_deleted_behind_the_triggers_is_named():
    books()
    refund = Refund.objects.get(transaction_id="R1")
    as_superuser_without_triggers("DELETE FROM donations_refund WHERE id = %s", [refund.pk])
    first = ledger_verify().first
    assert (first.kind, first.table, first.row_id) == ("deleted", "donations_refund", refund.pk)
    with pytest.raises(CommandError, match=f"deleted: donations_refund id {refund.pk}"):
        _verify()


def test_a_row_slipped_in_behind_the_triggers_is_named():
    books()
    gift = Contribution.objects.get(transaction_id="G1")
    as_superuser_without_triggers(
        "INSERT INTO compliance_auditevent (occurred_at, actor_label, action, object_type, object_id, before, after,"
        " reason) VALUES (now(), 'someone', 'contribution.received', 'Contribution', %s, '{}', '{}', '')",
        [str(gift.pk)],
    )
    problems = ledger_verify().problems
    assert [p.kind for p in problems] == ["unchained"] and problems[0].table == "compliance_auditevent"


def test_a_rewritten_link_breaks_the_chain_there():
    books()
    victim = LedgerLink.objects.order_by("id")[2]
    as_superuser_without_triggers("UPDATE audit_ledgerlink SET row_digest = %s WHERE id = %s", ["f" * 64, victim.pk])
    first = ledger_verify().first
    assert first.kind == "chain" and first.link_id == victim.pk


def test_verify_one_committee_sees_only_its_books():
    books("C00123456")
    other = books("C00654321")
    gift = Contribution.objects.get(committee=other, transaction_id="G1")
    as_superuser_without_triggers("UPDATE donations_contribution SET amount = 1.00 WHERE id = %s", [gift.pk])
    assert "intact" in _verify("--committee", "C00123456")
    with pytest.raises(CommandError, match=f"donations_contribution id {gift.pk}"):
        _verify("--committee", "C00654321")


def test_a_filed_report_carries_the_chain_head_and_a_rewritten_chain_misses_it():
    committee = books()
    report = build(committee, "Q1")
    head = ledger_head()
    report = report_mark_filed(report=report, fec_filing_id="1600001", actor=None)
    report.refresh_from_db()
    assert report.ledger_head == str(head)
    assert "intact" in _verify("--expect-head", report.ledger_head)
    # Someone with the superuser changes a gift filed on that report, then rewrites its link and every link after
    # it so the chain is consistent again: only the head published on the filed report gives it away.
    gift = Contribution.objects.get(transaction_id="G1")
    as_superuser_without_triggers("UPDATE donations_contribution SET amount = 5.00 WHERE id = %s", [gift.pk])
    _rewrite_chain_from(LedgerLink.objects.filter(table_name="donations_contribution", row_id=gift.pk).latest("id"))
    assert ledger_verify().ok
    problems = ledger_verify(expected_head=report.ledger_head).problems
    assert [p.kind for p in problems] == ["head"]
    with pytest.raises(CommandError, match="published head"):
        _verify("--expect-head", report.ledger_head)


def _rewrite_chain_from(link: LedgerLink) -> None:
    as_superuser_without_triggers(
        "UPDATE audit_ledgerlink l SET row_data = to_jsonb(t), "
        "row_digest = encode(sha256(convert_to(to_jsonb(t)::text, 'UTF8')), 'hex') "
        "FROM donations_contribution t WHERE l.id = %s AND t.id = l.row_id",
        [link.pk],
    )
    prev = LedgerLink.objects.filter(id__lt=link.pk).order_by("-id").values_list("hash", flat=True).first()
    for later in LedgerLink.objects.filter(id__gte=link.pk).order_by("id"):
        new = link_hash(
            prev_hash=prev, table=later.table_name, row_id=later.row_id, op=later.op, row_digest=later.row_digest
        )
        as_superuser_without_triggers(
            "UPDATE audit_ledgerlink SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new, later.pk]
        )
        prev = new


def test_the_chain_head_is_published_once_a_day_to_the_object_store(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    books()
    published = ledger_head_publish(day=date(2026, 11, 30))
    assert published.written and published.name == ledger_head_name(date(2026, 11, 30))
    stored = json.loads((tmp_path / published.name).read_text())
    assert stored["head"] == str(ledger_head())
    Contribution.objects.filter(transaction_id="G1").update(receipt_status=Contribution.ReceiptStatus.SENT)
    again = ledger_head_publish(day=date(2026, 11, 30))
    assert not again.written  # a day's head is never replaced
    assert json.loads((tmp_path / published.name).read_text()) == stored


@mock_aws
def test_on_s3_with_object_lock_the_head_is_written_in_compliance_mode(settings):
    client = boto3.client("s3", region_name="us-east-1")
    client.create_bucket(Bucket="ledger-test", ObjectLockEnabledForBucket=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": "ledger-test", "region_name": "us-east-1", "location": "files"},
        },
    }
    books()
    published = ledger_head_publish(day=date(2026, 11, 30))
    assert published.locked_until is not None
    head = client.head_object(Bucket="ledger-test", Key=f"files/{published.name}")
    assert head["ObjectLockMode"] == "COMPLIANCE"
    version = client.list_object_versions(Bucket="ledger-test")["Versions"][0]["VersionId"]
    with pytest.raises(client.exceptions.ClientError):
        client.delete_object(Bucket="ledger-test", Key=f"files/{published.name}", VersionId=version)


def test_beat_publishes_the_head_daily(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["ledger-head-publish"]
    assert schedule["task"] == "operations.tasks.ledger_head_publish_task"
    from operations.tasks import ledger_head_publish_task

    assert ledger_head_publish_task.name == schedule["task"]


def test_money_amount_in_the_link_is_the_rows(settings):
    books()
    gift = Contribution.objects.get(transaction_id="G1")
    link = LedgerLink.objects.filter(table_name="donations_contribution", row_id=gift.pk).latest("id")
    assert Decimal(str(link.row_data["amount"])) == gift.amount
