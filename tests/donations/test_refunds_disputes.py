"""Refunds and disputes through the emulator: each a linked record that lowers the donor's total."""

from datetime import date
from decimal import Decimal

import pytest
import requests

from donations.models import Contribution, LimitTotal, Refund
from tests.auth import token_auth
from tests.conftest import wait_for
from tests.donations.helpers import give
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services


@pytest.fixture
def page(services):
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def _paid_gift(services, page, amount: str, payment_method: str = "pm_card_visa") -> Contribution:
    response = give(services.live_server.url, page.slug, amount, payment_method=payment_method)
    assert response.status_code == 201, response.text
    return wait_for(
        lambda: Contribution.objects.filter(donation__public_id=response.json()["donation_id"]).first(),
        timeout=60,
        what="the contribution",
    )


def test_partial_refund_by_staff_is_a_linked_record_and_lowers_the_total(services, page):
    contribution = _paid_gift(services, page, "300.00")
    response = requests.post(
        f"{services.live_server.url}/api/v1/contributions/{contribution.transaction_id}/refunds/",
        json={"amount": "120.00", "reason": "Donor asked for part back"},
        auth=token_auth(page.committee),
        timeout=30,
    )
    assert response.status_code == 201, response.text
    refund = Refund.objects.get()
    assert refund.contribution_id == contribution.pk
    assert refund.amount == Decimal("120.00")
    assert refund.stripe_refund_id.startswith("re_")
    # Stripe's charge.refunded webhook for the same refund arrives and records nothing twice.
    wait_for(lambda: _processed("charge.refunded"), timeout=60, what="charge.refunded processed")
    assert Refund.objects.count() == 1
    total = LimitTotal.objects.get(donor=contribution.donor, period_key="P2028")
    assert total.received == Decimal("180.00")
    contribution.refresh_from_db()
    assert contribution.amount == Decimal("300.00")  # the original record is never edited


def test_refund_started_in_stripe_is_recorded_from_the_webhook(services, page):
    contribution = _paid_gift(services, page, "80.00")
    services.dashboard.v1.refunds.create({"payment_intent": contribution.stripe_payment_intent_id, "amount": 3000})
    refund = wait_for(
        lambda: Refund.objects.filter(contribution=contribution).first(),
        timeout=60,
        what="the refund from charge.refunded",
    )
    assert refund.amount == Decimal("30.00")
    assert refund.source == Refund.Source.STRIPE


def test_lost_dispute_is_a_refund_record(services, page):
    contribution = _paid_gift(services, page, "50.00", payment_method="pm_card_createDispute")
    wait_for(
        lambda: Contribution.objects.get(pk=contribution.pk).status == Contribution.Status.DISPUTED,
        timeout=60,
        what="charge.dispute.created",
    )
    dispute_id = services.dashboard.v1.disputes.list().data[0].id
    # Stripe withdraws the money when the dispute opens: it leaves the books that day, not the day it closes.
    withdrawn_on = wait_for(
        lambda: Refund.objects.filter(contribution=contribution).values_list("date_refunded", flat=True).first(),
        timeout=60,
        what="the withdrawal",
    )
    services.emulator.advance_clock(seconds=5 * 86400)
    services.emulator.close_dispute(dispute_id, "lost")
    wait_for(
        lambda: Contribution.objects.get(pk=contribution.pk).status == Contribution.Status.DISPUTE_LOST,
        timeout=60,
        what="the lost dispute",
    )
    refund = Refund.objects.get(contribution=contribution)  # the loss adds nothing to the withdrawal
    assert refund.kind == Refund.Kind.DISPUTE_LOST
    assert refund.amount == Decimal("50.00")
    assert refund.date_refunded == withdrawn_on == contribution.date_received
    assert LimitTotal.objects.get(donor=contribution.donor, period_key="P2028").received == Decimal("0.00")


def _processed(event_type: str) -> bool:
    from donations.models import StripeEvent

    return StripeEvent.objects.filter(type=event_type, processed_at__isnull=False).exists()
