"""Bank statement files: CSV (columns ``date,amount,description,id`` by default, names configurable with the
BANK_CSV_COLUMNS setting or the command's ``--columns``) and OFX/QFX (read with ofxtools). Credits are
positive, debits negative. A bad row refuses the whole file with every line and field named."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings

from fundraising.exceptions import ApplicationError

DEFAULT_COLUMNS = {"date": "date", "amount": "amount", "description": "description", "id": "id"}
_DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class BankLine:
    line: int
    bank_id: str
    date: dt.date
    amount: Decimal
    description: str


@dataclass(frozen=True)
class BankFile:
    lines: list[BankLine]
    start: dt.date
    end: dt.date
    closing_balance: Decimal | None = None
    opening_balance: Decimal | None = None
    account: str = ""


@dataclass(frozen=True)
class FileProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}"


class BankFileInvalid(ApplicationError):
    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:20]), field="file")


def columns_for(overrides: dict[str, str] | None = None) -> dict[str, str]:
    return {**DEFAULT_COLUMNS, **getattr(settings, "BANK_CSV_COLUMNS", {}), **(overrides or {})}


def _date(value: str) -> dt.date | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt).date()  # noqa: DTZ007 - a calendar day, no time
        except ValueError:
            continue
    return None


def _amount(value: str) -> Decimal | None:
    text = value.strip().replace(",", "").replace("$", "")
    if text.startswith("(") and text.endswith(")"):
        text = "-" + text[1:-1]
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount != amount.quantize(CENT) or amount == 0:
        return None
    return amount


def parse_csv(text: str, *, columns: dict[str, str] | None = None) -> BankFile:
    names = columns_for(columns)
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower() for h in next(reader, [])]
    index = {field: header.index(name.lower()) if name.lower() in header else None for field, name in names.items()}
    missing = [f"{f} ({names[f]!r})" for f in ("date", "amount", "id") if index[f] is None]
    if missing:
        raise BankFileInvalid([FileProblem(1, "header", f"no column for: {', '.join(missing)}")])
    problems: list[FileProblem] = []
    lines: list[BankLine] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue

        def cell(field: str, values: list[str] = values) -> str:
            at = index[field]
            return values[at].strip() if at is not None and at < len(values) else ""

        day, amount, bank_id = _date(cell("date")), _amount(cell("amount")), cell("id")
        if day is None:
            problems.append(FileProblem(number, "date", f"{cell('date')!r} is not a date (YYYY-MM-DD or MM/DD/YYYY)"))
        if amount is None:
            problems.append(FileProblem(number, "amount", f"{cell('amount')!r} is not a non-zero dollar amount"))
        if not bank_id:
            problems.append(FileProblem(number, "id", "is required (the bank's transaction id)"))
        elif bank_id in seen:
            problems.append(FileProblem(number, "id", f"{bank_id!r} is also on line {seen[bank_id]}"))
        if any("\x00" <= ch < " " for v in values for ch in v):
            problems.append(FileProblem(number, "description", "holds control characters"))
        if day is None or amount is None or not bank_id or bank_id in seen:
            continue
        seen[bank_id] = number
        lines.append(BankLine(number, bank_id, day, amount, cell("description")[:255]))
    if problems:
        raise BankFileInvalid(problems)
    if not lines:
        raise BankFileInvalid([FileProblem(1, "file", "holds no transactions")])
    return BankFile(lines=lines, start=min(x.date for x in lines), end=max(x.date for x in lines))


def parse_ofx(data: bytes) -> BankFile:
    from ofxtools.Parser import OFXTree

    tree = OFXTree()
    try:
        tree.parse(io.BytesIO(data))
        ofx = tree.convert()
        statement = ofx.statements[0]
    except Exception as exc:  # ofxtools raises many kinds of parse errors
        raise BankFileInvalid([FileProblem(1, "file", f"is not a readable OFX/QFX statement ({exc})"[:300])]) from None
    problems: list[FileProblem] = []
    lines: list[BankLine] = []
    seen: set[str] = set()
    for number, txn in enumerate(statement.banktranlist, start=1):
        fitid = str(txn.fitid or "").strip()
        if not fitid or fitid in seen:
            problems.append(FileProblem(number, "FITID", f"{fitid!r} is missing or repeated (transaction {number})"))
            continue
        seen.add(fitid)
        amount = Decimal(txn.trnamt).quantize(CENT)
        if amount == 0:
            problems.append(FileProblem(number, "TRNAMT", "is zero (transaction {number})"))
            continue
        description = " ".join(str(p) for p in (txn.name, txn.memo) if p)[:255]
        lines.append(BankLine(number, fitid, txn.dtposted.date(), amount, description))
    if problems:
        raise BankFileInvalid(problems)
    banklist = statement.banktranlist
    ledger = getattr(statement, "ledgerbal", None)
    return BankFile(
        lines=lines,
        start=banklist.dtstart.date() if banklist.dtstart else min(x.date for x in lines),
        end=banklist.dtend.date() if banklist.dtend else max(x.date for x in lines),
        closing_balance=Decimal(ledger.balamt).quantize(CENT) if ledger is not None else None,
        account=str(getattr(statement.account, "acctid", "") or "")[-4:],
    )
