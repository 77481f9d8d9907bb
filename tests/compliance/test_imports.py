"""The generic CSV import: all or nothing, idempotent, limits updated, refunds matched."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from compliance.models import Disbursement
from compliance.services.imports import ImportInvalid
from donations.models import Contribution, LimitTotal, Refund
from tests.compliance.helpers import house_committee, import_rows, person, row

pytestmark = pytest.mark.django_db

JO = person("Jo", "Edge", "5 Edge Ln", employer="Acme", occupation="Clerk")


def test_bad_rows_abort_the_whole_import_with_every_line_and_field():
    committee = house_committee()
    rows = [
        row("contribution", "OK1", "2026-01-05", "50.00", **JO),
        row("contribution", "BAD1", "2026-13-01", "-5", **JO),
        row("gift", "BAD2", "2026-01-05", "10.00", entity_type="XYZ"),
        row("contribution", "OK1", "2026-01-06", "10.00", **JO),
    ]
    with pytest.raises(ImportInvalid) as caught:
        import_rows(committee, rows)
    text = [str(p) for p in caught.value.problems]
    assert "line 3: date: '2026-13-01' is not a date (YYYY-MM-DD)" in text
    assert any(t.startswith("line 3: amount:") for t in text)
    assert any(t.startswith("line 4: kind:") for t in text)
    assert any(t.startswith("line 4: entity_type:") for t in text)
    assert "line 5: transaction_id: 'OK1' is also on line 2" in text
    assert Contribution.objects.count() == 0


def test_refund_that_matches_nothing_aborts_everything():
    committee = house_committee()
    with pytest.raises(ImportInvalid) as caught:
        import_rows(
            committee,
            [row("contribution", "A", "2026-01-05", "50.00", **JO), row("refund", "B", "2026-01-06", "60.00", **JO)],
        )
    assert [str(p) for p in caught.value.problems] == [
        "line 3: Jo Edge has no gift on or before 2026-01-06 with $60.00 left to refund."
    ]
    assert Contribution.objects.count() == 0 and Refund.objects.count() == 0


def test_reimport_is_a_noop_and_limits_and_audit_are_updated():
    committee = house_committee()
    rows = [
        row("contribution", "L1", "2026-01-05", "3000.00", election="P2026", **JO),
        row("refund", "L2", "2026-01-09", "500.00", **JO),
        row("expenditure", "L3", "2026-01-07", "99.00", entity_type="ORG", organization_name="Vendor", purpose="Food"),
    ]
    first = import_rows(committee, rows)
    assert first.describe() == "Imported 1 contribution(s), 1 refund(s), 1 expenditure(s)."
    again = import_rows(committee, rows)
    assert again.skipped == 3 and sum(again.imported.values()) == 0
    assert Contribution.objects.count() == Refund.objects.count() == Disbursement.objects.count() == 1
    total = LimitTotal.objects.get(period_key="P2026")
    assert total.received == Decimal("2500.00")
    assert AuditEvent.objects.filter(action="contribution.imported").count() == 1
    assert AuditEvent.objects.filter(action="disbursement.imported").count() == 1


def test_dry_run_writes_nothing():
    committee = house_committee()
    result = import_rows(committee, [row("contribution", "D1", "2026-01-05", "50.00", **JO)], dry_run=True)
    assert result.describe() == "Would import 1 contribution(s)."
    assert Contribution.objects.count() == 0


def test_import_command(tmp_path, capsys):
    house_committee()
    good = tmp_path / "good.csv"
    header = "kind,transaction_id,date,amount,election,entity_type,first_name,middle_name,last_name,prefix,suffix,"
    header += "organization_name,fec_id,street_1,street_2,city,state,zip,employer,occupation,purpose,category,"
    header += "conduit_name,conduit_fec_id,memo_text\n"
    good.write_text(
        header + "contribution,X1,2026-01-05,25.00,,IND,Zoë,,Müller,,,,,1 Main St,,Anytown,VA,22000,,,,,,,\n"
    )
    call_command("import_transactions", "--committee", "C00999999", str(good))
    assert "Imported 1 contribution(s)." in capsys.readouterr().out
    assert Contribution.objects.get().election.code == "P2026"  # blank: the committee's next election
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "contribution,X2,2026-01-05,25.00,Q2026,IND,,,,,,,,1 Main St,,Anytown,VA,2200,,,,,,,\n")
    with pytest.raises(CommandError):
        call_command("import_transactions", "--committee", "C00999999", str(bad))
    err = capsys.readouterr().err
    assert "line 2: first_name: is required for an individual (IND)" in err
    assert "line 2: zip:" in err and "line 2: election:" in err
