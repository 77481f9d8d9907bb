"""Catch up with Stripe after an outage: store every event we missed, apply every stored event not yet
applied, re-read every payout since a day, and book the fees of every settled payout. Idempotent: run it as
often as you like (the ``stripe_sync`` command and the hourly beat job)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.utils import timezone

from committees.models import Committee
from compliance.books.fees import payouts_book_pending
from donations.models import StripeEvent
from donations.services.stripe_events import stripe_event_process, stripe_events_catch_up
from donations.services.stripe_money import payouts_sync_since

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SyncResult:
    events_stored: int
    events_applied: int
    payouts: int
    fee_disbursements: int

    def describe(self) -> str:
        return (
            f"events_stored={self.events_stored} events_applied={self.events_applied} "
            f"payouts={self.payouts} fee_disbursements={self.fee_disbursements}"
        )


def stripe_sync(*, since: dt.datetime | None = None, committee: Committee | None = None) -> SyncResult:
    """Bring the books up to date with Stripe from ``since`` (default: three days ago)."""
    since = since or timezone.now() - dt.timedelta(days=3)
    stored = stripe_events_catch_up(since=since)
    applied = 0
    pending = StripeEvent.objects.filter(processed_at__isnull=True, error="").order_by("received_at")
    for pk in pending.values_list("pk", flat=True):
        try:
            stripe_event_process(stripe_event_pk=pk)
        except Exception as exc:  # left unprocessed: the worker's retries and the next sync take it up again
            logger.warning("stripe sync could not apply event pk=%s yet: %s", pk, type(exc).__name__)
            continue
        applied += 1
    payouts = payouts_sync_since(since=since)
    booked = payouts_book_pending(committee=committee)
    return SyncResult(events_stored=stored, events_applied=applied, payouts=len(payouts), fee_disbursements=booked)
