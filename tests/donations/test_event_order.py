"""Events may arrive twice and in any order: state only moves forward and nothing happens twice."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from donations.models import Contribution, RecurringGift, Refund
from donations.services.recurring import recurring_record_ended, recurring_record_failed_renewal
from donations.services.refunds import dispute_record
from tests.factories import ContributionFactory, DonorFactory, ElectionFactory

pytestmark = pytest.mark.django_db
CLOSED = datetime(2026, 3, 5, 12, tzinfo=UTC)


@pytest.fixture
def contribution():
    return ContributionFactory(amount=Decimal("75.00"), stripe_charge_id="ch_1", limit_period_key="P2026")


def test_dispute_closed_before_created_stays_lost_and_refunds_once(contribution):
    dispute_record(charge_id="ch_1", dispute_id="dp_1", status="lost", amount=Decimal("75.00"), closed_at=CLOSED)
    dispute_record(
        charge_id="ch_1", dispute_id="dp_1", status="needs_response", amount=Decimal("75.00"), closed_at=None
    )
    dispute_record(charge_id="ch_1", dispute_id="dp_1", status="lost", amount=Decimal("75.00"), closed_at=CLOSED)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.DISPUTE_LOST
    assert Refund.objects.get().amount == Decimal("75.00")


def test_won_dispute_writes_no_refund(contribution):
    dispute_record(
        charge_id="ch_1", dispute_id="dp_2", status="needs_response", amount=Decimal("75.00"), closed_at=None
    )
    dispute_record(charge_id="ch_1", dispute_id="dp_2", status="won", amount=Decimal("75.00"), closed_at=CLOSED)
    contribution.refresh_from_db()
    assert contribution.status == Contribution.Status.DISPUTE_WON
    assert not Refund.objects.exists()


def test_subscription_end_is_final_even_if_a_failure_arrives_after_it():
    election = ElectionFactory()
    gift = RecurringGift.objects.create(
        committee=election.committee,
        donor=DonorFactory(committee=election.committee),
        election=election,
        amount=Decimal("10.00"),
        stripe_subscription_id="sub_1",
        status=RecurringGift.Status.ACTIVE,
    )
    recurring_record_ended(subscription_id="sub_1", ended_at=CLOSED)
    recurring_record_failed_renewal(subscription_id="sub_1", invoice_id="in_1")
    recurring_record_ended(subscription_id="sub_1", ended_at=CLOSED)
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELED
    assert gift.failed_renewals == 1
