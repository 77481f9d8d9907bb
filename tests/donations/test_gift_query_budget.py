"""Issue #17, the lean gift path: SQL statements one gift costs, counted (never timed). One checkout request through
the API (a new donor, a card, the PaymentIntent at the emulator) and one payment_intent.succeeded processed by the
worker's service. The budgets are today's counts: a change that adds a statement to every gift has to say why
here. BEGIN/COMMIT/SAVEPOINT are counted: each is a round trip to PostgreSQL."""

from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from donations.models import Contribution, Donation, LimitTotal, StripeEvent
from donations.services.stripe_events import stripe_event_process
from tests.donations.helpers import gift_body
from tests.factories import DonationPageFactory, ElectionFactory
from tests.stripe_signing import payment_intent_event, signed

# Before issue #17's first pass: 20 for the checkout, 16 for the webhook (and a no-op task for each of the other
# events Stripe sends per gift). Then 18 and 11; the nested savepoints of donor_get_or_create and
# contribution_record_payment (SAVEPOINT + RELEASE each) went in the second pass (16 and 9), and recording a gift now
# also reads the committee's elections (its aggregation window) and upserts the donor's kept aggregates
# (ReceiptAggregate, so a report never re-sorts the cycle): 9 + 2.
CHECKOUT_BUDGET = 16
WEBHOOK_PROCESS_BUDGET = 11
WEBHOOK_STORE_BUDGET = 3  # the endpoint: BEGIN, INSERT, COMMIT


@pytest.fixture
def page(transactional_db, stripe_emulator):
    page = DonationPageFactory(slug="lean")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def _statements(context: CaptureQueriesContext) -> str:
    return "\n".join(q["sql"][:160] for q in context.captured_queries)


def test_one_gift_costs_at_most_its_statement_budget(client, page):
    warm = gift_body(page.slug, "25.00", email="warm@example.com", first_name="Warm")  # first-request imports
    assert client.post("/api/v1/donations/", warm, content_type="application/json").status_code == 201

    body = gift_body(page.slug, "25.00", email="jo@example.com", first_name="Jo")
    with CaptureQueriesContext(connection) as checkout:
        response = client.post("/api/v1/donations/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert len(checkout.captured_queries) <= CHECKOUT_BUDGET, _statements(checkout)

    donation = Donation.objects.get(public_id=response.json()["donation_id"])
    event = payment_intent_event(
        event_id="evt_lean",
        intent_id=donation.stripe_payment_intent_id,
        donation_id=str(donation.public_id),
        amount_cents=2500,
    )
    payload, header = signed(event, settings.STRIPE_WEBHOOK_SECRET)
    with CaptureQueriesContext(connection) as store:
        stored = client.post(
            "/webhooks/stripe/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
        )
    assert stored.status_code == 200
    assert len(store.captured_queries) <= WEBHOOK_STORE_BUDGET, _statements(store)

    record = StripeEvent.objects.get(event_id="evt_lean")
    with CaptureQueriesContext(connection) as process:
        stripe_event_process(stripe_event_pk=record.pk)
    assert len(process.captured_queries) <= WEBHOOK_PROCESS_BUDGET, _statements(process)

    # ... and the gift is recorded in full: the contribution, the donation paid, the limit total moved.
    contribution = Contribution.objects.get(donation=donation)
    assert contribution.amount == donation.amount
    donation.refresh_from_db()
    assert (donation.status, donation.reservation_released) == (Donation.Status.SUCCEEDED, True)
    total = LimitTotal.objects.get(donor=donation.donor, period_key="P2028")
    assert (total.received, total.reserved) == (donation.amount, 0)
    record.refresh_from_db()
    assert record.processed_at is not None and record.attempts == 1
    with CaptureQueriesContext(connection) as again:
        stripe_event_process(stripe_event_pk=record.pk)  # a redelivery: claims nothing, changes nothing
    assert len(again.captured_queries) <= 3
    assert Contribution.objects.filter(donation=donation).count() == 1


def test_events_nothing_acts_on_are_kept_as_processed_and_queue_no_task(client, page, monkeypatch):
    queued = []
    monkeypatch.setattr("donations.receivers.stripe_event_process_task.delay", queued.append)
    event = {**payment_intent_event(event_id="evt_created", intent_id="pi_x", donation_id="x", amount_cents=100)}
    event["type"] = "payment_intent.created"
    payload, header = signed(event, settings.STRIPE_WEBHOOK_SECRET)
    response = client.post("/webhooks/stripe/", payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header)
    assert response.status_code == 200
    record = StripeEvent.objects.get(event_id="evt_created")
    assert record.processed_at is not None and record.queued_at is None
    assert queued == []
