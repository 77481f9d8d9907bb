"""The books without processes: a payout's fees on each form's operating-expenditure line, bank files refused
whole with line and field, doubtful matches confirmed by staff (audited), and the report's reconciliation
warning.

11 CFR 104.3(b)(2)(i) (authorized committees: operating expenditures, Form 3 line 17; Form 3P line 23) and
11 CFR 104.3(b)(1)(i) (other committees: Form 3X line 21(b)); 11 CFR 104.14(d) (the treasurer's records)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEvent
from committees.models import Committee
from compliance.books.bank import bank_transaction_confirm
from compliance.books.bank_files import BankFileInvalid, parse_csv, parse_ofx
from compliance.books.fees import payout_fees_book
from compliance.models import BankTransaction, Disbursement
from compliance.services.transactions import PayeeInput, disbursement_enter
from donations.models import BalanceTransaction, Payout
from tests.compliance.helpers import build, built_fec, house_committee, pac_committee

pytestmark = pytest.mark.django_db
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}


def _settled_payout(committee: Committee, *, day: dt.date, fees: list[str], dispute_fee: str = "") -> Payout:
    arrival = timezone.make_aware(dt.datetime.combine(day, dt.time(12)), committee.tzinfo)
    payout = Payout.objects.create(
        stripe_payout_id=f"po_{committee.fec_id}_{day}",
        committee=committee,
        amount=D("100.00"),
        status=Payout.Status.PAID,
        created_at_stripe=arrival,
        arrival_at=arrival,
        arrival_date=day,
    )
    for n, fee in enumerate(fees):
        BalanceTransaction.objects.create(
            stripe_id=f"txn_{payout.pk}_{n}",
            committee=committee,
            kind="charge",
            stripe_type="charge",
            amount=D("50.00"),
            fee=D(fee),
            net=D("50.00") - D(fee),
            created_at_stripe=arrival,
            payout=payout,
        )
    if dispute_fee:
        BalanceTransaction.objects.create(
            stripe_id=f"txn_{payout.pk}_dp",
            committee=committee,
            kind="dispute",
            stripe_type="adjustment",
            amount=D("-20.00"),
            fee=D(dispute_fee),
            net=D("-20.00") - D(dispute_fee),
            created_at_stripe=arrival,
            payout=payout,
        )
    return payout


@pytest.mark.parametrize(
    ("kind", "code", "line", "form_type"),
    [("house", "Q1", "17", "SB17"), ("pac", "Q1", "21b", "SB21B"), ("presidential", "Q1", "23", "SB23")],
)
def test_payout_fees_land_on_the_forms_operating_expenditure_line(kind, code, line, form_type):
    committee = pac_committee(cash="1000.00") if kind == "pac" else house_committee(cash="1000.00")
    if kind == "presidential":
        Committee.objects.filter(pk=committee.pk).update(
            committee_type="presidential", election_state="", election_district=""
        )
        committee.refresh_from_db()
    payout = _settled_payout(committee, day=dt.date(2026, 2, 3), fees=["1.75", "3.20"], dispute_fee="15.00")
    written = payout_fees_book(payout_pk=payout.pk)
    assert sorted((d.purpose, d.amount, d.date_disbursed) for d in written) == [
        ("Credit card dispute (chargeback) fees", D("15.00"), dt.date(2026, 2, 3)),
        ("Credit card processing fees", D("4.95"), dt.date(2026, 2, 3)),
    ]
    assert payout_fees_book(payout_pk=payout.pk) == []  # once per payout
    report = build(committee, code)
    assert report.status == "done", report.errors
    assert D(report.summary["col_a"][line]) == D("19.95")
    rows = [r for r in built_fec(report)["itemizations"]["Schedule B"] if r.get("form_type") == form_type]
    assert {r["payee_organization_name"] for r in rows} == {"Stripe, Inc."}
    # no bank statement imported: a warning, not a block
    assert any("not reconciled" in w for w in report.summary["warnings"])


def test_a_bad_bank_row_refuses_the_file_naming_line_and_field(tmp_path):
    text = "date,amount,description,id\n2026-02-03,100.00,ok,1\n2026-02-31,12.00,bad date,2\n2026-02-04,ten,x,3\n"
    with pytest.raises(BankFileInvalid) as raised:
        parse_csv(text)
    assert [(p.line, p.field) for p in raised.value.problems] == [(3, "date"), (4, "amount")]
    house_committee()
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_bank_statement", "--committee", "C00999999", str(path), "--opening-balance", "0")
    assert BankTransaction.objects.count() == 0


def test_configurable_columns_and_ofx():
    parsed = parse_csv(
        "Posted,Amt,Memo,Ref\n02/03/2026,(12.50),check 101,A\n",
        columns={"date": "Posted", "amount": "Amt", "description": "Memo", "id": "Ref"},
    )
    assert [(x.date, x.amount, x.bank_id) for x in parsed.lines] == [(dt.date(2026, 2, 3), D("-12.50"), "A")]
    ofx = (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
        "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260228120000"
        "<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0"
        "<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000248<ACCTID>123456789"
        "<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><DTSTART>20260201<DTEND>20260228"
        "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260203<TRNAMT>96.80<FITID>F1<NAME>STRIPE</STMTTRN>"
        "<STMTTRN><TRNTYPE>CHECK<DTPOSTED>20260210<TRNAMT>-40.00<FITID>F2<NAME>CHECK 102</STMTTRN>"
        "</BANKTRANLIST><LEDGERBAL><BALAMT>1056.80<DTASOF>20260228</LEDGERBAL></STMTRS></STMTTRNRS>"
        "</BANKMSGSRSV1></OFX>\n"
    )
    statement = parse_ofx(ofx.encode("ascii"))
    assert [(x.bank_id, x.amount) for x in statement.lines] == [("F1", D("96.80")), ("F2", D("-40.00"))]
    assert (statement.start, statement.end, statement.closing_balance) == (
        dt.date(2026, 2, 1),
        dt.date(2026, 2, 28),
        D("1056.80"),
    )
    with pytest.raises(BankFileInvalid):
        parse_ofx(b"not an ofx file")


def test_a_check_that_clears_late_is_doubtful_until_staff_confirm_it(tmp_path, django_user_model, capsys):
    committee = house_committee(cash="500.00", as_of=dt.date(2026, 1, 1))
    paid = disbursement_enter(
        committee=committee,
        payee=PayeeInput(entity_type="ORG", organization_name="Print Shop", **ADDRESS),
        amount=D("40.00"),
        date_disbursed=dt.date(2026, 2, 5),
        purpose="Printing",
    )
    path = tmp_path / "feb.csv"
    path.write_text("date,amount,description,id\n2026-02-10,-40.00,CHECK 102,C102\n", encoding="utf-8")
    call_command("import_bank_statement", "--committee", committee.fec_id, str(path), "--closing-balance", "460.00")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "unmatched=1 difference=0.00"
    txn = BankTransaction.objects.get()
    assert (txn.match, txn.disbursement_id) == ("doubtful", paid.pk)
    treasurer = django_user_model.objects.create_user("treasurer")
    bank_transaction_confirm(txn=txn, actor=treasurer, note="check 102 to the print shop")
    event = AuditEvent.objects.get(action="bank.match")
    assert (event.actor_id, event.before["match"], event.after["match"]) == (treasurer.pk, "doubtful", "confirmed")
    assert Disbursement.objects.count() == 1


def test_an_actblue_deposit_matches_its_conduit_disbursement(tmp_path, capsys):
    """ActBlue's disbursement 5260111 carried a $50.00 gift less its $1.98 fee: the bank's $48.02 deposit that
    day is that disbursement, and the books (gross receipt less the fee expenditure) equal the bank."""
    from tests.fec_assertions import REFERENCE

    committee = house_committee()
    call_command(
        "import_conduit",
        "--committee",
        "C00999999",
        "--conduit",
        "actblue",
        str(REFERENCE / "conduits" / "actblue_example.csv"),
    )
    path = tmp_path / "jan.csv"
    path.write_text("date,amount,description,id\n2026-01-11,48.02,ACTBLUE 5260111,J1\n", encoding="utf-8")
    call_command("import_bank_statement", "--committee", committee.fec_id, str(path), "--opening-balance", "0.00")
    assert capsys.readouterr().out.strip().splitlines()[-1] == "unmatched=0 difference=0.00"
    txn = BankTransaction.objects.select_related("conduit_payout").get()
    assert (txn.match, txn.conduit_payout.payout_id, txn.conduit_payout.fees) == ("matched", "5260111", D("1.98"))


def test_reconciliations_api_is_role_checked_per_committee(tmp_path):
    from django.test import Client

    from accounts.roles import Role
    from tests.auth import api_key

    campaign, pac = house_committee(cash="10.00"), pac_committee()
    path = tmp_path / "s.csv"
    path.write_text("date,amount,description,id\n2026-02-10,-4.00,BANK FEE,X1\n", encoding="utf-8")
    call_command("import_bank_statement", "--committee", campaign.fec_id, str(path), "--closing-balance", "6.00")
    url = "/api/v1/compliance/reconciliations/"
    viewer = Client(HTTP_AUTHORIZATION=f"Token {api_key(campaign, Role.VIEWER)}")
    [rec] = viewer.get(url, {"committee": campaign.fec_id}).json()
    # the bank fee is not in the books: the difference shows it, and the bank line stays visible as unmatched
    assert (rec["book_cash"], rec["difference"], rec["unmatched_count"], rec["reconciled"]) == (
        "10.00",
        "-4.00",
        1,
        False,
    )
    assert rec["unmatched"][0]["id"] == "X1"
    other = Client(HTTP_AUTHORIZATION=f"Token {api_key(pac, Role.TREASURER)}")
    assert other.get(url, {"committee": campaign.fec_id}).status_code == 404
    txn = BankTransaction.objects.get()
    match = f"/api/v1/compliance/bank-transactions/{txn.pk}/match/"
    assert viewer.post(match, {"target": "none"}, content_type="application/json").status_code == 403
    assert other.post(match, {"target": "none"}, content_type="application/json").status_code == 404
