"""A storm of 10,000 signed webhook events, 30% of them duplicates, in shuffled order, sent concurrently:
every effect happens exactly once."""

import random
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
import requests
from django.conf import settings
from django.db.models import Count

from donations.models import Contribution, Donation, Donor, StripeEvent
from donations.services.matching import individual_match_key
from tests.conftest import wait_for
from tests.factories import ElectionFactory
from tests.stripe_signing import payment_intent_event, signed

pytestmark = [pytest.mark.services, pytest.mark.timeout(1200)]
UNIQUE, DUPLICATES = 7000, 3000


def _donations(election) -> list[Donation]:
    donors = Donor.objects.bulk_create(
        Donor(
            committee=election.committee,
            first_name="Storm",
            last_name=f"Donor{i}",
            street_1=f"{i} Main St",
            city="Springfield",
            state="VA",
            zip_code="22150",
            employer="Acme",
            occupation="Engineer",
            match_key=individual_match_key(
                first_name="Storm", last_name=f"Donor{i}", street_1=f"{i} Main St", zip_code="22150"
            ),
        )
        for i in range(UNIQUE)
    )
    return Donation.objects.bulk_create(
        Donation(
            committee=election.committee,
            donor=donor,
            election=election,
            amount=Decimal("10.00"),
            stripe_payment_intent_id=f"pi_storm{i:06d}",
            status=Donation.Status.PROCESSING,
        )
        for i, donor in enumerate(donors)
    )


def test_ten_thousand_events_thirty_percent_duplicated_apply_exactly_once(services):
    election = ElectionFactory()
    donations = _donations(election)
    events = [
        payment_intent_event(
            event_id=f"evt_storm{i:06d}",
            intent_id=d.stripe_payment_intent_id,
            donation_id=str(d.public_id),
            amount_cents=1000,
        )
        for i, d in enumerate(donations)
    ]
    deliveries = events + random.Random(7).choices(events, k=DUPLICATES)
    random.Random(11).shuffle(deliveries)
    url = f"{services.live_server.url}/webhooks/stripe/"
    session = requests.Session()

    def deliver(event: dict) -> int:
        body, header = signed(event, settings.STRIPE_WEBHOOK_SECRET)
        return session.post(
            url, data=body, headers={"Stripe-Signature": header, "Content-Type": "application/json"}, timeout=60
        ).status_code

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(deliver, deliveries))
    sent = time.monotonic() - started
    assert codes.count(200) == UNIQUE + DUPLICATES
    wait_for(lambda: Contribution.objects.count() >= UNIQUE, timeout=600, interval=1, what="every event applied")
    applied = time.monotonic() - started
    print(f"storm: {len(deliveries)} deliveries sent in {sent:.1f}s, all applied after {applied:.1f}s")
    assert StripeEvent.objects.count() == UNIQUE
    assert Contribution.objects.count() == UNIQUE
    doubled = Contribution.objects.values("donation").annotate(n=Count("id")).filter(n__gt=1)
    assert not doubled.exists()
    assert Donation.objects.filter(status=Donation.Status.SUCCEEDED).count() == UNIQUE
    wait_for(lambda: not StripeEvent.objects.filter(processed_at__isnull=True).exists(), timeout=120)
