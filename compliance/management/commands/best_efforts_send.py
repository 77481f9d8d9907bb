"""Send the best-efforts requests that are due for one committee (the beat job does the same for every one)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from committees.selectors import committee_by_fec_id
from compliance.desk.best_efforts import best_efforts_send_due
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Record and email every best-efforts request due (11 CFR 104.7(b)) for one committee."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="Committee FEC id")
        parser.add_argument("--as-of", default="", help="YYYY-MM-DD (default: today in the committee's time zone)")

    def handle(self, *args, **o) -> None:
        try:
            committee = committee_by_fec_id(fec_id=o["committee"].upper())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        try:
            today = dt.date.fromisoformat(o["as_of"]) if o["as_of"] else timezone.localdate(timezone=committee.tzinfo)
        except ValueError:
            raise CommandError(f"--as-of {o['as_of']!r}: use YYYY-MM-DD") from None
        try:
            sent = best_efforts_send_due(today=today, committee=committee)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{committee.fec_id}: {sent} best-efforts request(s) recorded as of {today:%Y-%m-%d}")
