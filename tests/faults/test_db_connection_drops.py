"""PostgreSQL connections of the web process and the worker are cut again and again (pg_terminate_backend, found
by application_name in pg_stat_activity) while Stripe delivers the webhooks of paid gifts: failed deliveries
are retried by Stripe, failed tasks by Celery, and every gift is recorded exactly once."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from django.db import connection

from donations.models import Contribution, StripeEvent
from tests.conftest import wait_for
from tests.faults.gifts import fault_emulator, recorded_once, start_shop  # noqa: F401  (fixture)

pytestmark = pytest.mark.services
GIFTS = 15
VICTIMS = ("faults-web", "faults-worker")


class ConnectionCutter(threading.Thread):
    """Terminates every backend of the victims, every few milliseconds, until stopped."""

    def __init__(self, dsn: dict) -> None:
        super().__init__(daemon=True)
        self.dsn = dsn
        self.terminated = 0
        self.stopping = threading.Event()

    def run(self) -> None:
        with psycopg.connect(**self.dsn, application_name="faults-cutter", autocommit=True) as conn:
            while not self.stopping.is_set():
                rows = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND application_name = ANY(%s) AND state <> 'idle'",
                    [list(VICTIMS)],
                ).fetchall()
                self.terminated += sum(1 for (ok,) in rows if ok)
                time.sleep(0.005)


def test_cut_database_connections_during_webhooks_are_retried_and_nothing_is_doubled(
    transactional_db,
    private_redis,
    procs,
    fault_emulator,  # noqa: F811
):
    shop = start_shop(procs, private_redis, fault_emulator, web_workers=2)
    donations = [shop.start_gift(n) for n in range(GIFTS)]  # forms filled in before the trouble starts
    params = connection.get_connection_params()
    cutter = ConnectionCutter({k: params[k] for k in ("dbname", "user", "host", "port") if params.get(k)})
    cutter.start()
    try:
        for donation_id in donations:
            shop.pay(donation_id)
            time.sleep(0.05)
        wait_for(lambda: shop.deliveries()["failed_attempts"] > 0, timeout=30, what="a failed webhook delivery")
        fault_emulator.wait_webhooks_idle(timeout=90)
    finally:
        cutter.stopping.set()
        cutter.join(timeout=10)

    stats = shop.deliveries()
    assert cutter.terminated > 0
    assert stats["failed_attempts"] > 0 and stats["gave_up"] == 0, stats  # Stripe's retries got through
    wait_for(lambda: procs.check_alive() or recorded_once(donations), timeout=120, what="every gift recorded")
    assert Contribution.objects.count() == GIFTS
    assert StripeEvent.objects.filter(type="payment_intent.succeeded").count() == GIFTS
