"""Write every 48-hour notice (Form 6) due and not yet marked filed, one .fec file each."""

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from committees.selectors import committee_by_fec_id
from compliance.desk.notices import notice_count, notice_fec_bytes, notice_total, notices_unfiled
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Write each 48-hour notice due as of a moment (default: now) and not marked filed to its own .fec file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="Committee FEC id")
        parser.add_argument("--as-of", default="", help="YYYY-MM-DDTHH:MM in the committee's time zone")
        parser.add_argument("--out-dir", required=True)

    def handle(self, *args, **o) -> None:
        try:
            committee = committee_by_fec_id(fec_id=o["committee"].upper())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        if o["as_of"]:
            try:
                as_of = dt.datetime.fromisoformat(o["as_of"])
            except ValueError:
                raise CommandError(f"--as-of {o['as_of']!r}: use YYYY-MM-DDTHH:MM") from None
            as_of = as_of if as_of.tzinfo else as_of.replace(tzinfo=committee.tzinfo)
        else:
            as_of = timezone.now()
        out_dir = Path(o["out_dir"])
        out_dir.mkdir(parents=True, exist_ok=True)
        signed = as_of.astimezone(committee.tzinfo).date()
        notices = notices_unfiled(committee=committee, as_of=as_of)
        for notice in notices:
            try:
                data = notice_fec_bytes(notice, date_signed=signed)
            except ApplicationError as exc:
                raise CommandError(f"notice {notice.pk}: {exc.message}") from None
            path = (
                out_dir / f"{committee.fec_id}_F6N_{notice.election.code}_{notice.date_received:%Y%m%d}_{notice.pk}.fec"
            )
            path.write_bytes(data)
            deadline = notice.deadline.astimezone(committee.tzinfo)
            overdue = " OVERDUE" if deadline < as_of else ""
            self.stdout.write(
                f"notice {notice.pk} {notice.election.code} received {notice.date_received:%Y-%m-%d}: "
                f"{notice_count(notice)} contribution(s) ${notice_total(notice):,.2f}, "
                f"due {deadline:%Y-%m-%d %H:%M %Z}{overdue} -> {path}"
            )
        if not notices:
            self.stdout.write(f"No 48-hour notices due for {committee.fec_id} as of {as_of:%Y-%m-%d %H:%M %Z}.")
