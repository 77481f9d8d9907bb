"""Conduit imports (ActBlue, WinRed) on the generic importer's parse + all-or-nothing apply machinery.

Columns are read by header name through an alias table (``field -> accepted headers``), so missing columns
(older exports), extra columns (custom fields) and ActBlue's seven duplicate ``Reserved`` headers do no harm.
Each line item becomes an earmarked receipt (Contribution.conduit set, memo date from the payout or check date
per Committee.conduit_memo_date); a refunded or recovered line item also becomes a refund (recovery = lost
dispute) of that receipt. The line item id is the idempotency key: re-importing a file imports nothing twice.

WinRed's export header is not documented (shared/conduits/NOTES.md section 4): WINRED_ALIASES are guesses from
scattered names, overridable with the WINRED_CSV_ALIASES setting. Confirm them against a real export."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from committees.models import Committee, Conduit
from compliance.books.conduit_fees import ConduitFeeRow, conduit_fees_record
from compliance.services import transactions as tx
from compliance.services.imports import ImportInvalid, ImportResult, ImportRow, Problem, RowProblems, run_import
from donations.models import Refund
from donations.services.donors import DonorInput
from fundraising.validators import US_STATES

CONDUIT_IDS = {"actblue": "C00401224", "winred": "C00694323"}
SOURCE_PREFIX = {"actblue": "AB", "winred": "WR"}
ACTBLUE_TIME_ZONE = "America/New_York"  # ActBlue timestamps are ET wall-clock time with no offset

ACTBLUE_ALIASES: dict[str, tuple[str, ...]] = {
    "line_id": ("Lineitem ID", "Line Item ID"),
    "order_id": ("Receipt ID",),
    "date": ("Date", "Paid At"),
    "amount": ("Amount",),
    "first_name": ("Donor First Name", "First Name"),
    "last_name": ("Donor Last Name", "Last Name"),
    "street_1": ("Donor Addr1", "Donor Address 1", "Addr1"),
    "street_2": ("Donor Addr2", "Donor Address 2", "Addr2"),
    "city": ("Donor City", "City"),
    "state": ("Donor State", "State"),
    "zip": ("Donor ZIP", "Donor Zip", "ZIP", "Zip"),
    "country": ("Donor Country", "Country"),
    "employer": ("Donor Employer", "Employer"),
    "occupation": ("Donor Occupation", "Occupation"),
    "email": ("Donor Email", "Email"),
    "phone": ("Donor Phone", "Phone"),
    "election": ("Recipient Election",),
    "recipient_fec_id": ("Recipient Gov ID",),
    "payout_date": ("Disbursement Date",),
    "check_date": ("Check Date",),
    "refund_id": ("Refund ID",),
    "refund_date": ("Refund Date",),
    "recovery_id": ("Recovery ID",),
    "recovery_date": ("Recovery Date",),
    "fee": ("Fee",),
    "payout_id": ("Disbursement ID",),
}
WINRED_ALIASES: dict[str, tuple[str, ...]] = {
    "line_id": ("id", "ID", "Transaction ID", "Donation ID"),
    "date": ("Date", "Donation Date", "Transaction Date", "Created At"),
    "amount": ("Gross Amount", "Amount", "Donation Amount", "Gross"),
    "first_name": ("First Name", "Donor First Name"),
    "last_name": ("Last Name", "Donor Last Name"),
    "street_1": ("Address", "Address 1", "Address Line 1", "Street Address", "Donor Address"),
    "street_2": ("Address 2", "Address Line 2"),
    "city": ("City", "Donor City"),
    "state": ("State", "Donor State"),
    "zip": ("Zip", "ZIP", "Zip Code", "Postal Code", "Donor Zip"),
    "country": ("Country", "Donor Country"),
    "employer": ("Employer", "Donor Employer"),
    "occupation": ("Occupation", "Donor Occupation"),
    "email": ("Email", "Donor Email"),
    "phone": ("Phone", "Donor Phone"),
    "election": ("Election", "Election Designation", "Designation"),
    "recipient_fec_id": ("Committee FEC ID", "Recipient FEC ID", "FEC ID"),
    "payout_date": ("Payout Date", "Payout Initiated Date", "Deposit Date"),
    "check_date": (),
    "refund_id": (),
    "refund_date": (),
    "recovery_id": (),
    "recovery_date": (),
    "fee": ("Fee", "Processing Fee"),
    "payout_id": ("Payout ID",),
}
REQUIRED = ("line_id", "date", "amount", "last_name", "first_name", "street_1", "city", "state", "zip")
_COUNTRIES = {"UNITED STATES": "US", "USA": "US", "US": "US", "CANADA": "CA", "MEXICO": "MX", "UNITED KINGDOM": "GB"}
_ELECTION = re.compile(r"^(?:(\d{4})\s*(primary|general|runoff|special|convention)|([PGRSC])(\d{4}))$", re.I)
_ZIP = re.compile(r"^\d{5}(\d{4})?$")
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%m/%d/%y %H:%M",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y-%m-%dT%H:%M:%S",
)


def aliases_for(conduit: str) -> dict[str, tuple[str, ...]]:
    if conduit == "actblue":
        return ACTBLUE_ALIASES
    return {**WINRED_ALIASES, **{k: tuple(v) for k, v in getattr(settings, "WINRED_CSV_ALIASES", {}).items()}}


def _time_zone(conduit: str) -> ZoneInfo:
    if conduit == "actblue":
        return ZoneInfo(ACTBLUE_TIME_ZONE)
    return ZoneInfo(getattr(settings, "WINRED_CSV_TIME_ZONE", "America/New_York"))


def normalized_rows(lines: Iterable[str], *, conduit: str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """(missing required fields, iterator of (line number, {field: value})) from the CSV text lines."""
    reader = csv.reader(lines)
    header = [h.strip() for h in next(reader, [])]
    first_at: dict[str, int] = {}
    for index, name in enumerate(header):
        first_at.setdefault(name.lower(), index)  # duplicates (ActBlue's "Reserved") keep the first
    columns = {
        field: next((first_at[a.lower()] for a in names if a.lower() in first_at), None)
        for field, names in aliases_for(conduit).items()
    }
    missing = [f for f in REQUIRED if columns.get(f) is None]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield (
                number,
                {f: (values[i].strip() if i is not None and i < len(values) else "") for f, i in columns.items()},
            )

    return missing, rows()


def _when(value: str, tz: ZoneInfo) -> dt.datetime | None:
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).replace(tzinfo=tz)
        except ValueError:
            continue
    return None


def _parse(conduit: str, part: str, committee: Committee, line: int, v: Mapping[str, str]) -> ImportRow:
    problems: list[tuple[str, str]] = []
    bad = lambda name, message: problems.append((name, message))  # noqa: E731
    tz, local = _time_zone(conduit), committee.tzinfo
    line_id = v.get("line_id", "")
    if not line_id:
        bad("line_id", "is required (the line item id is the import key)")
    gov_id = v.get("recipient_fec_id", "").upper()
    if gov_id and gov_id != committee.fec_id:
        bad("recipient_fec_id", f"this line item is for committee {gov_id}, not {committee.fec_id}")
    when = _when(v.get("date", ""), tz)
    if when is None:
        bad("date", f"{v.get('date', '')!r} is not a date and time")
    try:
        amount = Decimal(v.get("amount", "").replace(",", "").removeprefix("$"))
        if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
            raise InvalidOperation
    except InvalidOperation:
        bad("amount", f"{v.get('amount', '')!r} is not a positive amount (refunds come as Refund ID/Date)")
        amount = Decimal("0")
    country = _COUNTRIES.get(v.get("country", "").upper(), "ZZ" if v.get("country") else "US")
    state = v.get("state", "").upper() if country == "US" else "ZZ"
    if state not in US_STATES:
        bad("state", f"{v.get('state', '')!r} is not a U.S. state code")
    zip_code = v.get("zip", "").replace("-", "").replace(" ", "")
    if country == "US" and zip_code.isdigit() and len(zip_code) in (3, 4, 8):
        zip_code = zip_code.zfill(5 if len(zip_code) < 5 else 9)  # leading zeros lost in a spreadsheet
    if not _ZIP.match(zip_code):
        bad("zip", f"{v.get('zip', '')!r} is not a ZIP code")
    for name in ("first_name", "last_name", "street_1", "city"):
        if not v.get(name):
            bad(name, "is required")
    election = None
    if when is not None and part == "receipt":
        election = _election(committee, v.get("election", ""), when.astimezone(local).date(), bad)
    refund_date = None
    if part != "receipt":
        stamp = _when(v.get(f"{part}_date", ""), tz)
        if stamp is None:
            bad(f"{part}_date", f"{v.get(f'{part}_date', '')!r} is not a date")
        refund_date = stamp.astimezone(local).date() if stamp else None
    memo_value = (
        v.get("check_date" if committee.conduit_memo_date == "check" else "payout_date")
        or v.get("payout_date")
        or v.get("check_date", "")
    )
    memo_stamp = _when(memo_value, tz) if memo_value else None
    if problems:
        raise RowProblems(problems)
    identity = DonorInput(
        first_name=v["first_name"],
        last_name=v["last_name"],
        street_1=v["street_1"],
        street_2=v.get("street_2", ""),
        city=v["city"],
        state=state,
        zip_code=zip_code,
        country=country,
        employer=v.get("employer", "")[:38],
        occupation=v.get("occupation", "")[:38],
        email=v.get("email", ""),
        phone=v.get("phone", "")[:20],
    )
    source_id = f"{SOURCE_PREFIX[conduit]}{line_id}"
    if part == "receipt":
        return ImportRow(
            line=line,
            kind="contribution",
            source_id=source_id,
            date=when.astimezone(local).date(),  # type: ignore[union-attr]
            amount=amount,
            identity=identity,
            election=election,
            conduit=Conduit.objects.get(fec_id=CONDUIT_IDS[conduit]),
            conduit_received_date=memo_stamp.date() if memo_stamp else None,
        )
    return ImportRow(
        line=line,
        kind="refund",
        source_id=f"{source_id}{'R' if part == 'refund' else 'X'}{v.get(f'{part}_id', '')}"[:100],
        date=refund_date,  # type: ignore[arg-type]
        amount=amount,
        identity=identity,
        memo_text=f"{conduit.title()} {part} {v.get(f'{part}_id', '')}",
        refund_of=source_id,
        refund_kind=Refund.Kind.REFUND if part == "refund" else Refund.Kind.DISPUTE_LOST,
    )


def _election(committee: Committee, value: str, on: dt.date, bad) -> object:  # noqa: ANN001
    if not value:
        if not committee.is_candidate_committee:
            return None
        election = tx.next_election(committee=committee, on=on)
        if election is None:
            bad("election", "is blank and the committee has no election on or after this date")
        return election
    match = _ELECTION.match(value.strip())
    if match is None:
        bad("election", f"{value!r} is not an election designation such as '2026 General' or G2026")
        return None
    if match.group(1):
        code = f"{match.group(2)[0].upper()}{match.group(1)}"
    else:
        code = f"{match.group(3).upper()}{match.group(4)}"
    election = committee.elections.filter(code=code).first()
    if election is None:
        bad("election", f"{value!r} ({code}) is not one of the committee's elections")
    return election


def conduit_import_csv(
    *, committee: Committee, conduit: str, lines: Iterable[str], actor: AbstractBaseUser | None, dry_run: bool = False
) -> ImportResult:
    """Import an ActBlue or WinRed contributions CSV, all or nothing. Raises ImportInvalid."""
    if conduit not in CONDUIT_IDS:
        raise ImportInvalid([Problem(1, "conduit", f"{conduit!r} is not actblue or winred")])
    lines = list(lines)
    missing, rows = normalized_rows(lines, conduit=conduit)
    if missing:
        names = aliases_for(conduit)
        wanted = "; ".join(f"{f} ({' / '.join(names[f]) or 'no alias'})" for f in missing)
        raise ImportInvalid([Problem(1, "header", f"no column for: {wanted}")])

    def expanded() -> Iterator[tuple[int, dict[str, str]]]:
        for number, row in rows:
            yield number, {**row, "_part": "receipt"}
            for part in ("refund", "recovery"):
                if row.get(f"{part}_id") or row.get(f"{part}_date"):
                    yield number, {**row, "_part": part}

    fees = conduit_fee_rows(lines, conduit=conduit, committee=committee)
    with transaction.atomic():
        result = run_import(
            committee=committee,
            rows=expanded(),
            parse=lambda c, line, raw: _parse(conduit, raw["_part"], c, line, raw),
            actor=actor,
            dry_run=dry_run,
        )
        if not dry_run:
            written = conduit_fees_record(
                committee=committee, conduit=Conduit.objects.get(fec_id=CONDUIT_IDS[conduit]), rows=fees, actor=actor
            )
            result.imported["expenditure"] = result.imported.get("expenditure", 0) + len(written)
    return result


def conduit_fee_rows(lines: list[str], *, conduit: str, committee: Committee) -> list[ConduitFeeRow]:
    """Each line item's fee and the disbursement that carried it. A bad fee refuses the file (line, field)."""
    _, rows = normalized_rows(lines, conduit=conduit)
    tz, found, problems = _time_zone(conduit), [], []
    for number, v in rows:
        text = v.get("fee", "").replace(",", "").removeprefix("$")
        if not text:
            continue
        try:
            fee = Decimal(text)
            if not fee.is_finite() or fee < 0 or fee != fee.quantize(Decimal("0.01")):
                raise InvalidOperation
        except InvalidOperation:
            problems.append(Problem(number, "fee", f"{v.get('fee')!r} is not an amount of dollars and cents"))
            continue
        stamp = _when(v.get("payout_date", ""), tz) if v.get("payout_date") else None
        if v.get("payout_id") and stamp is None:
            problems.append(Problem(number, "payout_date", f"{v.get('payout_date', '')!r} is not a date"))
            continue
        try:
            amount = Decimal(v.get("amount", "").replace(",", "").removeprefix("$") or "0")
        except InvalidOperation:
            amount = Decimal("0")  # the receipt's own check names the amount
        found.append(
            ConduitFeeRow(
                line=number,
                source_id=f"{SOURCE_PREFIX[conduit]}{v.get('line_id', '')}",
                amount=amount,
                fee=fee,
                payout_id=v.get("payout_id", ""),
                payout_date=stamp.date() if stamp else None,  # the conduit's own calendar day
            )
        )
    if problems:
        raise ImportInvalid(problems)
    return found
