"""The console's Money section (issue #13: staff see fees, net, payouts and the reconciliation in the console):
payouts with what each settled, each statement's reconciliation, and a treasurer confirming a doubtful bank
match through the same audited service as the API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import BankTransaction
from compliance.services.transactions import PayeeInput, disbursement_enter
from tests.books.test_fees_and_bank import ADDRESS, _settled_payout
from tests.compliance.helpers import house_committee
from tests.console.helpers import person, signed_in

pytestmark = pytest.mark.django_db


def test_money_page_shows_payouts_and_the_reconciliation_and_a_treasurer_confirms_a_match(tmp_path, capsys):
    committee = house_committee(cash="500.00", as_of=dt.date(2026, 1, 1))
    payout = _settled_payout(committee, day=dt.date(2026, 2, 3), fees=["1.75", "3.20"])
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
    txn = BankTransaction.objects.get()
    assert txn.match == "doubtful"

    c = committee.fec_id
    viewer = signed_in(person("vera", (committee, Role.VIEWER)))
    page = viewer.get(f"/staff/{c}/money/").content.decode()
    assert payout.stripe_payout_id in page and "$4.95" in page  # the payout's fees
    assert "not reconciled" in page and "CHECK 102" in page and "Matched, to be confirmed by staff" in page
    detail = viewer.get(f"/staff/{c}/money/payouts/{payout.stripe_payout_id}/").content.decode()
    assert "$1.75" in detail and "$48.25" in detail  # each charge's fee and net
    assert viewer.post(f"/staff/{c}/money/bank/{txn.pk}/match/", {"target": ""}).status_code == 403

    treasurer = signed_in(person("tara", (committee, Role.TREASURER)))
    response = treasurer.post(f"/staff/{c}/money/bank/{txn.pk}/match/", {"target": "", "note": "check 102"})
    assert response.status_code == 302
    txn.refresh_from_db()
    assert (txn.match, txn.disbursement_id) == ("confirmed", paid.pk)
    event = AuditEvent.objects.get(action="bank.match")
    assert event.after["match"] == "confirmed" and event.reason == "check 102"
    page = treasurer.get(f"/staff/{c}/money/").content.decode()
    assert "reconciled" in page and "not reconciled" not in page

    bad = treasurer.post(f"/staff/{c}/money/bank/{txn.pk}/match/", {"target": "disbursement", "target_id": "999999"})
    assert bad.status_code == 302
    assert "No disbursement 999999" in treasurer.get(f"/staff/{c}/money/").content.decode()

    other = house_committee("C00888888")
    assert treasurer.get(f"/staff/{other.fec_id}/money/").status_code in (403, 404)
