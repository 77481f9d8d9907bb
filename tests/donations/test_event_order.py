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


def test_a_dispute_that_overtakes_its_payment_is_kept_for_later_not_dropped():
    """charge.dispute.created can be applied before payment_intent.succeeded (a fraudulent card is disputed within
    milliseconds): the event stays unprocessed and the task retries it once the contribution exists."""
    from donations.models import Donation, StripeEvent
    from donations.services.stripe_events import GiftNotRecordedYet, stripe_event_process
    from tests.factories import DonationPageFactory

    page = DonationPageFactory()
    donation = Donation.objects.create(
        committee=page.committee,
        page=page,
        donor=DonorFactory(committee=page.committee),
        election=ElectionFactory(committee=page.committee),
        amount=Decimal("50.00"),
        status=Donation.Status.PROCESSING,
        stripe_payment_intent_id="pi_early",
    )
    dispute = {
        "id": "dp_early",
        "object": "dispute",
        "charge": "ch_early",
        "payment_intent": "pi_early",
        "status": "needs_response",
        "amount": 5000,
    }
    payload = {
        "id": "evt_early",
        "object": "event",
        "type": "charge.dispute.created",
        "created": 1,
        "data": {"object": dispute},
    }
    record = StripeEvent.objects.create(event_id="evt_early", type="charge.dispute.created", payload=payload)
    with pytest.raises(GiftNotRecordedYet):
        stripe_event_process(stripe_event_pk=record.pk)
    record.refresh_from_db()
    assert record.processed_at is None
    donation.refresh_from_db()
    assert donation.status == Donation.Status.PROCESSING and not Contribution.objects.exists()
