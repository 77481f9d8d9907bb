"""Import an ActBlue or WinRed contributions CSV: all or nothing, idempotent per line item."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from committees.selectors import committee_by_fec_id
from compliance.desk.conduits import conduit_import_csv
from compliance.services.imports import ImportInvalid
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Import a conduit's contributions CSV (ActBlue export, or WinRed with the configured header aliases)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="Committee FEC id")
        parser.add_argument("--conduit", required=True, choices=["actblue", "winred"])
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Check and show what would be imported")

    def handle(self, *args, **o) -> None:
        try:
            committee = committee_by_fec_id(fec_id=o["committee"].upper())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        try:
            with open(o["file"], encoding="utf-8-sig", newline="") as handle:
                result = conduit_import_csv(
                    committee=committee, conduit=o["conduit"], lines=handle, actor=None, dry_run=o["dry_run"]
                )
        except OSError as exc:
            raise CommandError(f"{o['file']}: {exc.strerror}") from None
        except ImportInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) in {o['file']}; nothing was imported.") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{o['file']} is not UTF-8 ({exc.reason} at byte {exc.start}).") from None
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(result.describe())
