"""stripe_sync catches up after a webhook outage: the missed gift, its payout and the payout's fee are recorded
from Stripe's API, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.management import call_command

from compliance.models import Disbursement
from donations.models import BalanceTransaction, Contribution, Payout
from tests.conftest import wait_for
from tests.donations.helpers import give
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services
DAY = 86400


def test_stripe_sync_catches_up_after_an_outage_and_is_idempotent(services, capsys):
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=dt.date(2028, 6, 20))
    services.emulator.clear_webhook()  # our endpoint is down: Stripe's events pile up unseen
    response = give(services.live_server.url, page.slug, "100.00")
    assert response.status_code == 201, response.text
    services.emulator.advance_clock(seconds=3 * DAY)
    services.emulator.advance_clock(seconds=DAY)
    assert not Contribution.objects.exists() and not Payout.objects.exists()

    since = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    call_command("stripe_sync", "--since", since)
    first = capsys.readouterr().out
    gift = Contribution.objects.get()
    payout = Payout.objects.get()
    assert (gift.amount, payout.amount, payout.status) == (D("100.00"), D("96.80"), "paid")
    assert BalanceTransaction.objects.get(contribution=gift).fee == D("3.20")
    fee = Disbursement.objects.get()
    assert (fee.amount, fee.purpose, fee.date_disbursed) == (
        D("3.20"),
        "Credit card processing fees",
        payout.arrival_date,
    )
    assert "events_stored=" in first and "events_stored=0" not in first

    call_command("stripe_sync", "--committee", page.committee.fec_id, "--since", since)
    assert "events_stored=0" in capsys.readouterr().out
    assert (Contribution.objects.count(), Payout.objects.count(), Disbursement.objects.count()) == (1, 1, 1)


def test_a_failed_payout_is_recorded_and_its_fees_still_booked(services):
    """Stripe kept its fee whether or not the bank took the payout: the fee is still an expenditure; the payout
    is recorded as failed (and never matched to a deposit)."""
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=dt.date(2028, 6, 20))
    response = give(services.live_server.url, page.slug, "50.00")
    assert response.status_code == 201, response.text
    [payout_id] = services.emulator.advance_clock(seconds=3 * DAY)["payouts"]
    services.emulator.fail_payout(payout_id)
    payout = wait_for(
        lambda: Payout.objects.filter(
            stripe_payout_id=payout_id, status="failed", fees_booked_at__isnull=False
        ).first(),
        timeout=60,
        what="the failed payout and its fee",
    )
    assert payout.failure_code == "account_closed"
    assert [(d.amount, d.purpose) for d in Disbursement.objects.all()] == [(D("1.75"), "Credit card processing fees")]
