"""The webhook endpoint: signatures checked on the raw body; each event stored and applied once."""

import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction

from donations.models import Contribution, Donation, StripeEvent
from donations.services.stripe_events import stripe_event_process
from tests.factories import DonorFactory, ElectionFactory
from tests.stripe_signing import payment_intent_event, signed

pytestmark = pytest.mark.django_db
URL = "/webhooks/stripe/"


@pytest.fixture
def donation():
    election = ElectionFactory()
    donor = DonorFactory(committee=election.committee)
    return Donation.objects.create(
        committee=election.committee,
        donor=donor,
        election=election,
        amount=Decimal("25.00"),
        stripe_payment_intent_id="pi_test1",
    )


def _event(donation, event_id="evt_1"):
    return payment_intent_event(
        event_id=event_id, intent_id="pi_test1", donation_id=str(donation.public_id), amount_cents=2500
    )


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "t=1,v1=deadbeef",
        "garbage",
    ],
)
def test_missing_or_bad_signature_is_400_and_writes_nothing(client, donation, header):
    body, _ = signed(_event(donation), settings.STRIPE_WEBHOOK_SECRET)
    headers = {} if header is None else {"Stripe-Signature": header}
    response = client.post(URL, body, content_type="application/json", headers=headers)
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_signature_with_the_wrong_secret_is_400(client, donation):
    body, header = signed(_event(donation), "whsec_someone_else")
    assert (
        client.post(URL, body, content_type="application/json", headers={"Stripe-Signature": header}).status_code == 400
    )
    assert StripeEvent.objects.count() == 0


def test_stale_signature_is_400(client, donation):
    body, header = signed(_event(donation), settings.STRIPE_WEBHOOK_SECRET, timestamp=1_000_000_000)
    assert (
        client.post(URL, body, content_type="application/json", headers={"Stripe-Signature": header}).status_code == 400
    )
    assert StripeEvent.objects.count() == 0


def test_tampered_body_is_400(client, donation):
    body, header = signed(_event(donation), settings.STRIPE_WEBHOOK_SECRET)
    tampered = body.replace(b"2500", b"9900")
    assert (
        client.post(URL, tampered, content_type="application/json", headers={"Stripe-Signature": header}).status_code
        == 400
    )
    assert StripeEvent.objects.count() == 0


def test_same_event_twice_is_stored_once_and_applied_once(client, donation, django_capture_on_commit_callbacks):
    body, header = signed(_event(donation), settings.STRIPE_WEBHOOK_SECRET)
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(2):
            assert (
                client.post(
                    URL, body, content_type="application/json", headers={"Stripe-Signature": header}
                ).status_code
                == 200
            )
    assert len(callbacks) == 1  # one processing task enqueued
    record = StripeEvent.objects.get()
    stripe_event_process(stripe_event_pk=record.pk)
    stripe_event_process(stripe_event_pk=record.pk)  # the worker redelivers
    contribution = Contribution.objects.get()
    assert contribution.amount == Decimal("25.00")
    donation.refresh_from_db()
    assert donation.status == Donation.Status.SUCCEEDED


def test_two_distinct_events_for_one_payment_record_one_contribution(donation):
    from donations.payments import GatewayEvent
    from donations.services.stripe_events import stripe_event_record

    for event_id in ("evt_a", "evt_b"):
        payload = _event(donation, event_id)
        record = stripe_event_record(
            event=GatewayEvent(id=event_id, type=payload["type"], created=payload["created"], payload=payload)
        )
        stripe_event_process(stripe_event_pk=record.pk)
    assert Contribution.objects.count() == 1


def test_amount_mismatch_is_refused(donation):
    from django.utils import timezone

    from donations.services.payments import PaymentMismatch, contribution_record_payment

    with pytest.raises(PaymentMismatch), transaction.atomic():  # as the webhook's transaction: rolled back with it
        contribution_record_payment(
            donation_public_id=str(donation.public_id),
            payment_intent_id="pi_test1",
            amount_cents=9900,
            charge_id="ch_x",
            paid_at=timezone.now(),
        )
    assert Contribution.objects.count() == 0


def test_unknown_event_types_are_acknowledged_and_ignored(client):
    payload = {
        "id": f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": "customer.created",
        "created": 1,
        "data": {"object": {"id": "cus_1", "object": "customer"}},
    }
    body, header = signed(payload, settings.STRIPE_WEBHOOK_SECRET)
    assert (
        client.post(URL, body, content_type="application/json", headers={"Stripe-Signature": header}).status_code == 200
    )
    stripe_event_process(stripe_event_pk=StripeEvent.objects.get().pk)
    assert StripeEvent.objects.get().processed_at is not None
