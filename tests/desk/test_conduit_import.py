"""ActBlue import: the example export (tests/reference/conduits), twice, gives the books of once; WinRed via aliases."""

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from audit.models import AuditEvent
from committees.models import Committee
from compliance.desk.conduits import conduit_import_csv
from compliance.services.imports import ImportInvalid
from donations.models import Contribution, Donor, LimitTotal, Refund
from tests.compliance.helpers import build, built_fec, house_committee
from tests.desk.helpers import D
from tests.fec_assertions import REFERENCE

pytestmark = pytest.mark.django_db


def example() -> Path:
    return REFERENCE / "conduits" / "actblue_example.csv"


def snapshot() -> dict:
    return {
        "contributions": sorted(
            Contribution.objects.values_list(
                "external_id",
                "amount",
                "date_received",
                "election__code",
                "conduit__fec_id",
                "conduit_received_date",
                "donor_id",
            )
        ),
        "refunds": sorted(Refund.objects.values_list("external_id", "amount", "kind", "date_refunded")),
        "donors": sorted(Donor.objects.values_list("pk", "zip_code", "employer")),
        "limits": sorted(LimitTotal.objects.values_list("donor_id", "period_key", "received", "reserved")),
        "audit": AuditEvent.objects.count(),
    }


def test_actblue_example_imported_twice_equals_once(capsys):
    committee = house_committee("C00999999")
    call_command("import_conduit", "--committee", "C00999999", "--conduit", "actblue", str(example()), "--dry-run")
    assert "Would import 7 contribution(s), 2 refund(s)." in capsys.readouterr().out
    assert Contribution.objects.count() == 0
    call_command("import_conduit", "--committee", "C00999999", "--conduit", "actblue", str(example()))
    once = snapshot()
    call_command("import_conduit", "--committee", "C00999999", "--conduit", "actblue", str(example()))
    assert "skipped 9 already imported" in capsys.readouterr().out
    assert snapshot() == once

    by_id = {c.external_id: c for c in Contribution.objects.select_related("donor", "election", "conduit")}
    assert len(by_id) == 7 and all(c.conduit.fec_id == "C00401224" for c in by_id.values())
    assert by_id["AB700000107"].donor.zip_code == "01001" and by_id["AB700000107"].election.code == "P2026"
    assert by_id["AB700000105"].election.code == "G2026"
    assert by_id["AB700000101"].election.code == "P2026"  # undesignated: the next election after the gift
    assert by_id["AB700000101"].conduit_received_date == dt.date(2026, 1, 11)  # Disbursement Date
    kinds = dict(Refund.objects.values_list("contribution__external_id", "kind"))
    assert kinds == {"AB700000104": "refund", "AB700000106": "dispute_lost"}
    parsed = built_fec(build(committee, "Q1"))
    earmarks = [r for r in parsed["itemizations"]["Schedule A"] if r.get("donor_committee_fec_id") == "C00401224"]
    assert earmarks and all(r["memo_code"] == "X" for r in earmarks)


def test_rows_for_another_committee_are_refused_with_line_numbers():
    house_committee("C00888888")
    with pytest.raises(ImportInvalid) as caught:
        conduit_import_csv(
            committee=house_committee("C00888888"),
            conduit="actblue",
            lines=io.StringIO(example().read_text()),
            actor=None,
        )
    problems = [str(p) for p in caught.value.problems]
    assert "line 2: recipient_fec_id: this line item is for committee C00999999, not C00888888" in problems
    assert Contribution.objects.count() == 0
    with pytest.raises(CommandError):
        call_command("import_conduit", "--committee", "C00888888", "--conduit", "actblue", str(example()))


def test_over_limit_actblue_gift_goes_to_the_excessive_queue():
    committee = house_committee("C00999999")
    text = example().read_text().replace(",500.00,,1,", ",3500.01,,1,")
    conduit_import_csv(committee=committee, conduit="actblue", lines=io.StringIO(text), actor=None)
    gift = Contribution.objects.get(external_id="AB700000105")
    item = gift.review_items.get(kind="excessive")
    assert item.amount == D("0.01") and item.deadline == gift.date_received + dt.timedelta(days=60)


def test_winred_default_aliases_and_a_settings_override(settings):
    committee = house_committee("C00999999")
    header = "id,Date,Gross Amount,First Name,Last Name,Address,City,State,Zip,Employer,Occupation,Email"
    line = "wr-1,2026-02-01 10:00:00,25.00,Wanda,Red,7 Oak St,Exampletown,OH,4520,Acme,Clerk,w@example.com"
    conduit_import_csv(committee=committee, conduit="winred", lines=io.StringIO(f"{header}\n{line}\n"), actor=None)
    gift = Contribution.objects.get()
    assert gift.conduit.fec_id == "C00694323" and gift.external_id == "WRwr-1" and gift.donor.zip_code == "04520"
    settings.WINRED_CSV_ALIASES = {"line_id": ["Donation Key"]}
    with pytest.raises(ImportInvalid) as caught:
        conduit_import_csv(committee=committee, conduit="winred", lines=io.StringIO(f"{header}\n{line}\n"), actor=None)
    assert "no column for: line_id (Donation Key)" in str(caught.value.problems[0])


def test_actblue_fees_become_operating_expenditures_to_actblue_per_disbursement():
    """ActBlue's `Fee` column: gifts stay gross (11 CFR 104.3(a)); the withheld fees are operating expenditures
    (11 CFR 104.3(b)(2)(i); SB17 on Form 3) to the conduit, one per ActBlue disbursement, dated the disbursement.
    Before: two rows with fees 3.95 and 1.98 imported two receipts and no disbursement."""
    from compliance.models import Disbursement

    committee = house_committee("C00999999")
    call_command("import_conduit", "--committee", "C00999999", "--conduit", "actblue", str(example()))
    fees = {d.date_disbursed: d for d in Disbursement.objects.filter(committee=committee)}
    # seven line items in seven weekly disbursements (the example's Fee column)
    assert {day: d.amount for day, d in fees.items()} == {
        dt.date(2026, 1, 11): D("1.98"),
        dt.date(2026, 1, 18): D("0.99"),
        dt.date(2026, 2, 15): D("0.99"),
        dt.date(2026, 2, 8): D("3.95"),
        dt.date(2026, 3, 8): D("19.75"),
        dt.date(2026, 3, 15): D("1.38"),
        dt.date(2026, 3, 22): D("9.88"),
    }
    assert {(d.organization_name, d.purpose, d.kind) for d in fees.values()} == {
        ("ActBlue Technical Services", "Credit card processing fees", "operating")
    }
    assert sum(c.amount for c in Contribution.objects.all()) == D("985.00")  # gross, never netted
    call_command("import_conduit", "--committee", "C00999999", "--conduit", "actblue", str(example()))
    assert Disbursement.objects.count() == 7  # re-import books nothing twice
    parsed = built_fec(build(committee, "Q1"))
    sb17 = [r for r in parsed["itemizations"]["Schedule B"] if r.get("form_type") == "SB17"]
    assert sorted(
        str(r["expenditure_amount"]) for r in sb17 if "ActBlue" in str(r.get("payee_organization_name"))
    ) == sorted(["1.98", "0.99", "0.99", "3.95", "19.75", "1.38", "9.88"])


def test_a_bad_fee_refuses_the_whole_file_naming_line_and_field(tmp_path):
    house_committee("C00999999")
    rows = list(csv.reader(io.StringIO(example().read_text(encoding="utf-8"))))
    rows[2][rows[0].index("Fee")] = "a lot"
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(ImportInvalid) as raised, bad.open(encoding="utf-8") as handle:
        conduit_import_csv(
            committee=Committee.objects.get(fec_id="C00999999"), conduit="actblue", lines=handle, actor=None
        )
    assert [(p.line, p.field) for p in raised.value.problems] == [(3, "fee")]
    assert Contribution.objects.count() == 0
