"""Catch up with Stripe (events missed during an outage, payouts and their balance transactions) and book the
fees of every settled payout. Idempotent."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from committees.selectors import committee_by_fec_id
from compliance.books.sync import stripe_sync
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Catch up from Stripe's API: missed events, payouts, balance transactions; book payout fees."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", help="Book fees only for this committee (FEC id)")
        parser.add_argument("--since", help="YYYY-MM-DD (default: three days ago)")

    def handle(self, *args, **o) -> None:
        committee = None
        if o["committee"]:
            try:
                committee = committee_by_fec_id(fec_id=o["committee"].upper())
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
        since = None
        if o["since"]:
            try:
                day = dt.date.fromisoformat(o["since"])
            except ValueError:
                raise CommandError(f"--since: {o['since']!r} is not a date (YYYY-MM-DD)") from None
            since = dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
        try:
            result = stripe_sync(since=since, committee=committee)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(result.describe())
