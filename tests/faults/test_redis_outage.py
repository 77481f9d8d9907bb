"""Redis (the broker) stops while gifts are paid: every webhook is still stored (the StripeEvent row is the
outbox), nothing is processed while the broker is away, and the stored events drain exactly once when it is
back and the redelivery job runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from donations.models import Contribution, StripeEvent
from tests.conftest import REPO, wait_for
from tests.faults.conftest import fault_env
from tests.faults.gifts import fault_emulator, recorded_once, start_shop  # noqa: F401  (fixture)

pytestmark = pytest.mark.services
GIFTS = 12
QUEUES = "webhooks,email,default"


def test_gifts_paid_while_redis_is_down_are_stored_and_drain_once_it_is_back(
    transactional_db,
    private_redis,
    procs,
    fault_emulator,  # noqa: F811
):
    shop = start_shop(procs, private_redis, fault_emulator)
    before = shop.start_gift(0)
    shop.pay(before)
    wait_for(lambda: recorded_once([before]), timeout=60, what="a gift with Redis up")

    donations = [shop.start_gift(n) for n in range(1, GIFTS + 1)]  # donors fill in the form
    private_redis.shutdown()  # SHUTDOWN NOSAVE: the broker and the cache are gone
    for donation_id in donations:
        shop.pay(donation_id)  # Stripe takes the money and sends the webhooks
    fault_emulator.wait_webhooks_idle(timeout=60)

    stats = shop.deliveries()
    assert stats["gave_up"] == 0, stats  # every webhook was answered 2xx: stored, though not queued
    stored = StripeEvent.objects.filter(type="payment_intent.succeeded")
    assert stored.count() == GIFTS + 1
    assert stored.filter(processed_at__isnull=True).count() == GIFTS  # queued nowhere: the broker is down
    assert Contribution.objects.filter(donation__public_id__in=donations).count() == 0
    assert "stripe event enqueue failed" in procs.log("web")

    private_redis.start()  # same port
    worker_died = procs.started["worker"].poll() is not None
    if worker_died:
        # celery 5.7/kombu 5.7 may exit ("Unrecoverable error: AttributeError ... 'hostname'") when Redis goes
        # away under it; in production the supervisor restarts it (compose: restart: unless-stopped). Do the same.
        procs.started.pop("worker")
        procs.start_worker(
            "worker-restarted", fault_env(private_redis, "worker", STRIPE_API_BASE=fault_emulator.url), QUEUES
        )
        wait_for(lambda: " ready." in procs.log("worker-restarted"), timeout=60, what="the restarted worker")
    unprocessed = StripeEvent.objects.filter(processed_at__isnull=True).count()  # payments, charges...
    redeliver = [sys.executable, "manage.py", "stripe_events_redeliver", "--older-than", "0"]
    run = subprocess.run(redeliver, cwd=REPO, env=fault_env(private_redis, "redeliver"), capture_output=True)
    assert run.returncode == 0, run.stderr.decode()[-2000:]
    assert unprocessed >= GIFTS and f"queued {unprocessed} event(s)" in run.stdout.decode()

    wait_for(lambda: procs.check_alive() or recorded_once([before, *donations]), timeout=90, what="the queue to drain")
    assert Contribution.objects.count() == GIFTS + 1
    # Running the redelivery again (two beats, a retry) changes nothing.
    subprocess.run(redeliver, cwd=REPO, env=fault_env(private_redis, "redeliver"), check=True, capture_output=True)
    assert Contribution.objects.count() == GIFTS + 1
