"""Books that balance, end to end through the emulator, the worker and the live server: gifts, a refund, a lost
and a won dispute, two payouts, a bank statement whose deposits match them; the report lists the processing and
dispute fees as operating expenditures (Form 3 line 17, SB17) and its cash on hand equals the reconciled bank
balance to the cent; an ActBlue import's fees are expenditures to ActBlue and its deposit matches too.

11 CFR 104.3(a): receipts are reported gross; 11 CFR 104.3(b)(2)(i) and (b)(4)(i): operating expenditures
(processor fees) are disbursements reported on line 17 (Form 3); 11 CFR 104.14(d): the treasurer keeps the
records the report is built from and reconciles them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import requests
from django.core.management import call_command

from committees.models import Conduit
from compliance.models import BankTransaction, Disbursement
from donations.models import BalanceTransaction, Contribution, Payout, Refund
from tests.auth import token_auth
from tests.compliance.helpers import build, built_fec
from tests.conftest import wait_for
from tests.donations.helpers import give
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services
DAY = 86400


def _gift(services, page, amount: str, card: str = "pm_card_visa", n: int = 0) -> Contribution:
    response = give(services.live_server.url, page.slug, amount, payment_method=card, email=f"donor{n}@example.org")
    assert response.status_code == 201, response.text
    return wait_for(
        lambda: Contribution.objects.filter(donation__public_id=response.json()["donation_id"]).first(),
        timeout=60,
        what=f"the ${amount} gift",
    )


def _withdrawn(contribution: Contribution) -> Refund:
    return wait_for(
        lambda: Refund.objects.filter(contribution=contribution, kind=Refund.Kind.DISPUTE_LOST).first(),
        timeout=60,
        what="the chargeback withdrawal",
    )


def test_fees_payouts_disputes_and_the_bank_balance(services, tmp_path, capsys):
    page = DonationPageFactory()
    committee = page.committee
    ElectionFactory(committee=committee, code="P2028", date=dt.date(2028, 6, 20))
    start = dt.date.today() - dt.timedelta(days=1)
    committee.opening_cash_on_hand, committee.opening_cash_as_of = D("1000.00"), start
    committee.save(update_fields=["opening_cash_on_hand", "opening_cash_as_of"])

    a = _gift(services, page, "100.00", n=1)
    b = _gift(services, page, "250.00", n=2)
    lost = _gift(services, page, "50.00", "pm_card_createDispute", n=3)
    won = _gift(services, page, "40.00", "pm_card_createDispute", n=4)
    _withdrawn(lost), _withdrawn(won)
    disputes = {d.charge: d.id for d in services.dashboard.v1.disputes.list().data}
    services.emulator.close_dispute(disputes[lost.stripe_charge_id], "lost")
    services.emulator.close_dispute(disputes[won.stripe_charge_id], "won")
    reinstated = wait_for(
        lambda: Contribution.objects.filter(external_id__startswith="reinstated:").first(),
        timeout=60,
        what="the reinstatement",
    )
    assert reinstated.amount == D("40.00") and reinstated.donor_id == won.donor_id

    [first_id] = services.emulator.advance_clock(seconds=3 * DAY)["payouts"]
    e = _gift(services, page, "80.00", n=5)
    response = requests.post(
        f"{services.live_server.url}/api/v1/contributions/{e.transaction_id}/refunds/",
        json={"amount": "30.00", "reason": "Donor asked for part back"},
        auth=token_auth(committee),
        timeout=30,
    )
    assert response.status_code == 201, response.text
    [second_id] = services.emulator.advance_clock(seconds=3 * DAY)["payouts"]
    services.emulator.advance_clock(seconds=DAY)

    payouts = wait_for(
        lambda: (
            list(Payout.objects.filter(fees_booked_at__isnull=False).order_by("created_at_stripe"))
            if Payout.objects.filter(fees_booked_at__isnull=False).count() == 2
            else None
        ),
        timeout=120,
        what="both payouts paid and their fees booked",
    )
    first, second = payouts
    assert (first.stripe_payout_id, second.stripe_payout_id) == (first_id, second_id)
    # 2.9% + 30c per charge; $15 per dispute; a refund keeps its fee; a won dispute returns the money, not the fee
    assert first.amount == D("346.04")  # 96.80 + 242.45 + 48.25 + 38.54 - 65.00 - 55.00 + 40.00
    assert second.amount == D("47.38")  # 77.38 - 30.00
    assert BalanceTransaction.objects.get(contribution=a, kind="charge").fee == D("3.20")
    assert BalanceTransaction.objects.get(contribution=b, kind="charge").net == D("242.45")
    assert a.amount == D("100.00")  # gross kept as received

    fees = Disbursement.objects.filter(committee=committee, organization_name="Stripe, Inc.")
    fees = fees.order_by("date_disbursed", "purpose")
    assert [(d.organization_name, d.purpose, d.amount, d.date_disbursed) for d in fees] == [
        ("Stripe, Inc.", "Credit card dispute (chargeback) fees", D("30.00"), first.arrival_date),
        ("Stripe, Inc.", "Credit card processing fees", D("13.96"), first.arrival_date),
        ("Stripe, Inc.", "Credit card processing fees", D("2.62"), second.arrival_date),
    ]
    assert Refund.objects.get(contribution=lost).date_refunded == lost.date_received  # withdrawn, not closed

    # ActBlue: two earmarked gifts whose fees (3.95 and 1.98) ActBlue kept out of one disbursement.
    Conduit.objects.get_or_create(
        fec_id="C00401224",
        defaults={
            "name": "ActBlue",
            "fee_payee_name": "ActBlue Technical Services",
            "street_1": "PO Box 441146",
            "city": "Somerville",
            "state": "MA",
            "zip_code": "02144",
        },
    )
    actblue = tmp_path / "actblue.csv"
    header = "Lineitem ID,Date,Amount,Donor First Name,Donor Last Name,Donor Addr1,Donor City,Donor State,Donor ZIP,"
    header += "Recipient Gov ID,Recipient Election,Disbursement ID,Disbursement Date,Fee\n"
    paid_out, fec = f"{first.arrival_date} 00:00:00", committee.fec_id
    actblue.write_text(
        header
        + f"9001,{start} 10:00:00,100.00,Ann,Able,1 Oak St,Richmond,VA,23220,{fec},P2028,77,{paid_out},3.95\n"
        + f"9002,{start} 11:00:00,50.00,Ben,Baker,2 Elm St,Richmond,VA,23220,{fec},P2028,77,{paid_out},1.98\n",
        encoding="utf-8",
    )
    call_command("import_conduit", "--committee", committee.fec_id, "--conduit", "actblue", str(actblue))
    conduit_fee = Disbursement.objects.get(committee=committee, organization_name="ActBlue Technical Services")
    assert (conduit_fee.amount, conduit_fee.date_disbursed, conduit_fee.purpose) == (
        D("5.93"),
        first.arrival_date,
        "Credit card processing fees",
    )

    # The bank: the opening balance, the two Stripe deposits and ActBlue's.
    statement = tmp_path / "statement.csv"
    statement.write_text(
        "date,amount,description,id\n"
        f"{first.arrival_date},346.04,STRIPE TRANSFER,B1\n"
        f"{first.arrival_date},144.07,ACTBLUE 77,B3\n"
        f"{second.arrival_date},47.38,STRIPE TRANSFER,B2\n",
        encoding="utf-8",
    )
    args = ["import_bank_statement", "--committee", committee.fec_id, str(statement), "--opening-balance", "1000.00"]
    call_command(*args)
    out = capsys.readouterr().out
    assert out.strip().splitlines()[-1] == "unmatched=0 difference=0.00", out
    assert set(BankTransaction.objects.values_list("match", flat=True)) == {"matched"}
    call_command(*args)  # the same file again changes nothing
    assert "Already imported: 0 bank transaction(s), skipped 3." in capsys.readouterr().out
    assert BankTransaction.objects.count() == 3

    reconciliation = requests.get(
        f"{services.live_server.url}/api/v1/compliance/reconciliations/",
        params={"committee": committee.fec_id},
        auth=token_auth(committee),
        timeout=30,
    ).json()
    assert [(r["bank_closing_balance"], r["difference"], r["reconciled"]) for r in reconciliation] == [
        ("1537.49", "0.00", True)
    ]

    report = build(
        committee, "YE", coverage_from=start, coverage_through=second.arrival_date, signed=second.arrival_date
    )
    col_a = report.summary["col_a"]
    assert D(col_a["17"]) == D("52.51")  # operating expenditures: the Stripe fees (46.58) and ActBlue's (5.93)
    assert D(col_a["27"]) == D("1537.49") == D(reconciliation[0]["bank_closing_balance"])
    assert report.summary["warnings"] == []
    sb17 = [r for r in built_fec(report)["itemizations"]["Schedule B"] if r.get("form_type") == "SB17"]
    assert sorted((r["payee_organization_name"], D(str(r["expenditure_amount"]))) for r in sb17) == [
        ("ActBlue Technical Services", D("5.93")),
        ("Stripe, Inc.", D("2.62")),
        ("Stripe, Inc.", D("13.96")),
        ("Stripe, Inc.", D("30.00")),
    ]
