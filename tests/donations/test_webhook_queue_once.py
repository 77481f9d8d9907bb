"""A stored Stripe event is queued once while it waits: a redelivered webhook and the redelivery sweep leave an
event already with the broker alone, and queue it again only when its hand-over failed or is old enough to have
been lost with the broker's data. Processed once whatever happens (the deadline-night drill's finding)."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from donations.models import Contribution, Donation, StripeEvent
from donations.services.stripe_events import stripe_event_process, stripe_events_redeliver
from tests.factories import DonorFactory, ElectionFactory
from tests.stripe_signing import payment_intent_event, signed

pytestmark = pytest.mark.django_db
URL = "/webhooks/stripe/"


@pytest.fixture
def delay():
    """The processing task's hand-over to the broker, counted (the broker itself is real in other tests)."""
    with mock.patch("donations.receivers.stripe_event_process_task.delay") as patched:
        yield patched


@pytest.fixture
def webhook(client, django_capture_on_commit_callbacks):
    election = ElectionFactory()
    donation = Donation.objects.create(
        committee=election.committee,
        donor=DonorFactory(committee=election.committee),
        election=election,
        amount=Decimal("25.00"),
        stripe_payment_intent_id="pi_q1",
    )
    event = payment_intent_event(
        event_id="evt_q1", intent_id="pi_q1", donation_id=str(donation.public_id), amount_cents=2500
    )
    body, header = signed(event, settings.STRIPE_WEBHOOK_SECRET)

    def deliver() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(URL, body, content_type="application/json", headers={"Stripe-Signature": header})
        assert response.status_code == 200

    return deliver


def test_redelivered_webhook_and_sweeps_do_not_queue_an_event_still_waiting(webhook, delay):
    webhook()
    assert delay.call_count == 1
    webhook()  # Stripe delivers it again (our 2xx was lost)
    webhook()
    assert stripe_events_redeliver(older_than_seconds=0) == 0  # the beat, every minute
    assert stripe_events_redeliver(older_than_seconds=0) == 0
    assert delay.call_count == 1  # queued once while it waits

    record = StripeEvent.objects.get()
    stripe_event_process(stripe_event_pk=record.pk)
    stripe_event_process(stripe_event_pk=record.pk)
    assert Contribution.objects.count() == 1
    webhook()
    assert stripe_events_redeliver(older_than_seconds=0, requeue_queued_after=0) == 0  # processed: never again
    assert delay.call_count == 1


def test_a_failed_hand_over_is_queued_by_the_next_redelivery_or_sweep(webhook, delay):
    delay.side_effect = ConnectionError("broker down")
    webhook()
    assert StripeEvent.objects.get().queued_at is None  # the claim was released: nothing waits in a queue
    delay.side_effect = None
    webhook()  # the redelivered webhook queues it at once
    assert delay.call_count == 2
    assert StripeEvent.objects.get().queued_at is not None
    assert stripe_events_redeliver(older_than_seconds=0) == 0
    assert delay.call_count == 2


def test_an_event_queued_long_ago_is_queued_again(webhook, delay, settings):
    webhook()
    StripeEvent.objects.update(queued_at=timezone.now() - timedelta(seconds=settings.STRIPE_EVENT_REQUEUE_SECONDS + 1))
    assert stripe_events_redeliver(older_than_seconds=0) == 1  # lost with the broker's data: queued again
    assert stripe_events_redeliver(older_than_seconds=0) == 0  # ... once
    assert delay.call_count == 2
    # After Redis restarted empty, the operator queues everything unprocessed at once.
    assert stripe_events_redeliver(older_than_seconds=0, requeue_queued_after=0) == 1
