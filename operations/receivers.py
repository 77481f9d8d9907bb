"""Gift and webhook metrics from model signals: the donations app records state, these receivers count it once
the transaction commits (a rolled-back gift counts nothing). ``update()`` calls send no signals: the states
counted here are all written with ``create()`` or ``save()`` in donations/services."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save

from donations.models import Contribution, Donation
from donations.services.stripe_events import HANDLERS
from donations.signals import stripe_event_processed
from fundraising.metrics import GIFTS_DECLINED, GIFTS_PAID, GIFTS_STARTED, WEBHOOK_LAG


def _donation_saved(sender: type, instance: Donation, created: bool, update_fields: Any = None, **_: Any) -> None:
    if created:
        frequency = "monthly" if instance.recurring_gift_id else "once"
        transaction.on_commit(GIFTS_STARTED.labels(frequency=frequency).inc)
    elif update_fields and "status" in update_fields and instance.status == Donation.Status.FAILED:
        transaction.on_commit(GIFTS_DECLINED.inc)


def _contribution_saved(sender: type, instance: Contribution, created: bool, **_: Any) -> None:
    # Money paid through Stripe (one-time gifts, monthly installments); memo rows, staff entries and imports are
    # bookkeeping, not gifts paid tonight.
    if created and instance.stripe_payment_intent_id:
        transaction.on_commit(GIFTS_PAID.labels(source=instance.source).inc)


def _stripe_event_processed(sender: type, event_type: str, lag_seconds: float, **_: Any) -> None:
    WEBHOOK_LAG.labels(event_type=event_type if event_type in HANDLERS else "other").observe(lag_seconds)


def connect() -> None:
    post_save.connect(_donation_saved, sender=Donation, dispatch_uid="operations-gift-metrics")
    post_save.connect(_contribution_saved, sender=Contribution, dispatch_uid="operations-paid-metrics")
    stripe_event_processed.connect(_stripe_event_processed, dispatch_uid="operations-webhook-lag")
