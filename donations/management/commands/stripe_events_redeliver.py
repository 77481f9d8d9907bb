"""Queue again the stored Stripe events not yet processed (the beat task does this every minute)."""

from django.core.management.base import BaseCommand

from donations.services.stripe_events import stripe_events_redeliver


class Command(BaseCommand):
    help = "Queue again every stored Stripe event still unprocessed (e.g. after the broker was down)."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--older-than", type=int, default=60, help="seconds since the event was received")
        parser.add_argument(
            "--requeue-queued-after",
            type=int,
            default=None,
            help="also queue events handed to the broker at least this many seconds ago (default "
            "STRIPE_EVENT_REQUEUE_SECONDS; 0 after the broker lost its data, e.g. Redis restarted empty)",
        )

    def handle(self, *args, older_than: int, requeue_queued_after: int | None, **options) -> None:
        count = stripe_events_redeliver(older_than_seconds=older_than, requeue_queued_after=requeue_queued_after)
        self.stdout.write(f"queued {count} event(s) again")
