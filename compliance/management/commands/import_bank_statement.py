"""Import a bank statement (CSV or OFX/QFX), match its lines to the books, and print the reconciliation."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from committees.selectors import committee_by_fec_id
from compliance.books.bank import bank_statement_import
from compliance.books.bank_files import BankFileInvalid, parse_csv, parse_ofx
from compliance.books.reconciliation import reconciliation_for
from fundraising.exceptions import ApplicationError


def _money(value: str | None, name: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise CommandError(f"{name}: {value!r} is not an amount") from None


class Command(BaseCommand):
    help = "Import a bank statement, match deposits and debits to the books, print the reconciliation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="Committee FEC id")
        parser.add_argument("file")
        parser.add_argument("--format", choices=["csv", "ofx"], help="Default: by extension (.ofx/.qfx), else csv")
        parser.add_argument("--columns", default="", help="CSV column names, e.g. date=Posted,amount=Amount,id=Ref")
        parser.add_argument("--closing-balance", help="The statement's closing balance (CSV files carry none)")
        parser.add_argument("--opening-balance", help="Or its opening balance: closing = opening + the lines")

    def handle(self, *args, **o) -> None:
        try:
            committee = committee_by_fec_id(fec_id=o["committee"].upper())
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        path = Path(o["file"])
        kind = o["format"] or ("ofx" if path.suffix.lower() in (".ofx", ".qfx") else "csv")
        columns = dict(part.split("=", 1) for part in o["columns"].split(",") if "=" in part)
        try:
            raw = path.read_bytes()
            bank_file = parse_ofx(raw) if kind == "ofx" else parse_csv(raw.decode("utf-8-sig"), columns=columns)
            result = bank_statement_import(
                committee=committee,
                bank_file=bank_file,
                raw=raw,
                file_name=path.name,
                actor=None,
                closing_balance=_money(o["closing_balance"], "--closing-balance"),
                opening_balance=_money(o["opening_balance"], "--opening-balance"),
            )
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 ({exc.reason} at byte {exc.start}).") from None
        except BankFileInvalid as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(exc.problems)} problem(s) in {path}; nothing was imported.") from None
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        rec = reconciliation_for(result.statement)
        verb = "Imported" if result.created else "Already imported:"
        self.stdout.write(f"{verb} {result.imported} bank transaction(s), skipped {result.skipped}.")
        self.stdout.write(
            f"bank closing {rec.bank_closing_balance:.2f} book cash {rec.book_cash:.2f} "
            f"in transit {rec.in_transit:.2f} through {rec.end_date}"
        )
        for item in rec.unmatched:
            self.stdout.write(
                f"unmatched {item.side} {item.kind} {item.id} {item.date} {item.amount:.2f} {item.description}"
            )
        self.stdout.write(f"unmatched={len(rec.unmatched)} difference={rec.difference:.2f}")
