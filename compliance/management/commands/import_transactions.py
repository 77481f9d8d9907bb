"""Import transactions from the generic CSV: all or nothing, idempotent per source transaction id."""

import csv
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser

from committees.selectors import committee_by_fec_id
from compliance.services.imports import ImportInvalid, transactions_import_csv
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Import contributions, refunds, expenditures and other receipts from a CSV file (UTF-8, header row)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="Committee FEC id")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and show what would be imported")

    def handle(self, *args, **o) -> None:
        try:
            committee = committee_by_fec_id(fec_id=o["committee"].upper())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        try:
            handle = sys.stdin if o["file"] == "-" else open(o["file"], encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"{o['file']}: {exc.strerror}") from None
        try:
            reader = csv.DictReader(handle)
            result = transactions_import_csv(
                committee=committee, header=reader.fieldnames, rows=reader, actor=None, dry_run=o["dry_run"]
            )
        except ImportInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) in {o['file']}; nothing was imported.") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{o['file']} is not UTF-8 ({exc.reason} at byte {exc.start}).") from None
        finally:
            if handle is not sys.stdin:
                handle.close()
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(result.describe())
