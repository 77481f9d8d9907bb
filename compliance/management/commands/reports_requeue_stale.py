"""Queue again the reports whose build stopped beating (the beat task does this every minute)."""

from django.core.management.base import BaseCommand

from compliance.services.report_claims import reports_requeue_stale


class Command(BaseCommand):
    help = "Queue again every running report whose heartbeat is older than REPORT_HEARTBEAT_STALE_SECONDS."

    def handle(self, *args, **options) -> None:
        requeued = reports_requeue_stale()
        self.stdout.write(f"requeued {len(requeued)} report(s): {requeued}")
