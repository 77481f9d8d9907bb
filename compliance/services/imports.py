"""All-or-nothing transaction imports.

Two steps, reusable by any importer (the generic CSV below; an ActBlue or WinRed importer later):

1. **Parse** every row into a typed :class:`ImportRow` (``parse`` functions return the row or raise
   :class:`RowProblems` listing every bad field). All rows are parsed before anything is written.
2. **Apply** them in one database transaction (contributions, other receipts and expenditures in file order,
   then refunds, so a refund can name a gift earlier in the same file). Rows already imported (same source id)
   are skipped, so re-importing a file is a no-op. Any problem, in parsing or applying, aborts the whole import
   with every bad line number and field listed; nothing is written. ``dry_run`` applies and then rolls back.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from committees.models import Committee, Conduit, Election
from compliance.models import Debt, Disbursement, IndependentExpenditure
from compliance.services import import_kinds as ik
from compliance.services import transactions as tx
from compliance.services.debts import debt_enter
from compliance.services.entries import (
    BeneficiaryCandidate,
    Counterparty,
    LoanTermsInput,
    money_pay,
    money_receive,
    stored_entity,
)
from compliance.services.import_ie import IE_COLUMNS, IE_KIND, parse_ie_row
from compliance.services.independent import IndependentExpenditureInput, ie_enter
from compliance.services.returns import contribution_return
from donations.models import Contribution, Refund
from donations.services.aggregates import receipt_aggregates_deferred
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError
from fundraising.validators import US_STATES

CSV_COLUMNS = (
    "kind",
    "transaction_id",
    "date",
    "amount",
    "election",
    "entity_type",
    "first_name",
    "middle_name",
    "last_name",
    "prefix",
    "suffix",
    "organization_name",
    "fec_id",
    "street_1",
    "street_2",
    "city",
    "state",
    "zip",
    "employer",
    "occupation",
    "purpose",
    "category",
    "conduit_name",
    "conduit_fec_id",
    "memo_text",
)
OPTIONAL_COLUMNS = ("conduit_received_date", *ik.KIND_COLUMNS, *IE_COLUMNS)
KINDS = ("contribution", "refund", "expenditure", "other_receipt", *ik.NEW_KINDS, IE_KIND)
_LENGTHS = {
    "first_name": 20,
    "middle_name": 20,
    "last_name": 30,
    "prefix": 10,
    "suffix": 10,
    "organization_name": 200,
    "street_1": 34,
    "street_2": 34,
    "city": 30,
    "employer": 38,
    "occupation": 38,
    "purpose": 100,
    "memo_text": 100,
    "transaction_id": 100,
}
_ZIP = re.compile(r"^\d{5}(-?\d{4})?$")
_FEC_ID = re.compile(r"^C\d{8}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CATEGORY = re.compile(r"^(0(0[1-9]|1[0-2])|10[1-7])$")


@dataclass(frozen=True)
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.message}" if self.field else f"line {self.line}: {self.message}"


class RowProblems(Exception):
    def __init__(self, problems: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{f}: {m}" for f, m in problems))
        self.problems = problems


class ImportInvalid(ApplicationError):
    """The import was refused; ``problems`` lists every bad line and field. Nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            f"{len(problems)} problem(s); nothing was imported.", extra={"problems": [str(p) for p in problems]}
        )
        self.problems = problems


@dataclass(frozen=True)
class ImportRow:
    """One validated transaction, whatever file it came from."""

    line: int
    kind: str
    source_id: str
    date: dt.date
    amount: Decimal
    identity: DonorInput
    election: Election | None = None
    purpose: str = ""
    category: str = ""
    memo_text: str = ""
    conduit: Conduit | None = None
    conduit_received_date: dt.date | None = None
    refund_of: str = ""  # a refund of the receipt imported with this source id (else matched by donor and amount)
    refund_kind: str = Refund.Kind.REFUND
    entity_code: str = ""
    """The FEC entity code of the row (IND, ORG, COM, PAC, PTY, CAN, CCM); empty: ``identity.entity_type``."""
    multicandidate: bool | None = None
    candidate: BeneficiaryCandidate | None = None
    loan_terms: LoanTermsInput | None = None
    debt_owed: str = ""
    ie: IndependentExpenditureInput | None = None
    """An ``independent_expenditure`` row's fields (compliance.services.import_ie)."""


@dataclass
class ImportResult:
    imported: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS[:4], 0))
    """Rows imported per kind: the four first kinds always, the others once a row of them is imported."""
    skipped: int = 0
    warnings: list[str] = field(default_factory=list)
    transaction_ids: list[str] = field(default_factory=list)
    dry_run: bool = False

    def describe(self) -> str:
        parts = [f"{count} {kind.replace('_', ' ')}(s)" for kind, count in self.imported.items() if count]
        verb = "Would import" if self.dry_run else "Imported"
        text = f"{verb} {', '.join(parts) or 'nothing'}"
        if self.skipped:
            text += f"; skipped {self.skipped} already imported"
        return text + "."


class _Rollback(Exception):
    pass


def run_import(
    *,
    committee: Committee,
    rows: Iterable[tuple[int, Mapping[str, str]]],
    parse: Callable[[Committee, int, Mapping[str, str]], ImportRow],
    actor: AbstractBaseUser | None,
    dry_run: bool = False,
) -> ImportResult:
    """Parse every row, then apply all of them or none. Raises :class:`ImportInvalid`."""
    problems: list[Problem] = []
    parsed: list[ImportRow] = []
    first_seen: dict[tuple[str, str], int] = {}
    for line, raw in rows:
        controls = control_character_problems(line, raw)
        if controls:  # never reaches a query: PostgreSQL refuses NUL in text, and no name or address holds one
            problems.extend(controls)
            continue
        try:
            row = parse(committee, line, raw)
        except RowProblems as exc:
            problems.extend(Problem(line, f, m) for f, m in exc.problems)
            continue
        key = (ik.ledger(row.kind), row.source_id)
        if key in first_seen:
            problems.append(Problem(line, "transaction_id", f"{row.source_id!r} is also on line {first_seen[key]}"))
            continue
        first_seen[key] = line
        parsed.append(row)
    if problems:
        raise ImportInvalid(problems)
    result = ImportResult(dry_run=dry_run)
    try:
        with transaction.atomic(), receipt_aggregates_deferred(committee=committee):
            later = ("refund", "returned", "loan_repayment")  # they name a receipt earlier in the file
            ordered = [r for r in parsed if r.kind not in later] + [r for r in parsed if r.kind in later]
            for row in ordered:
                try:
                    with transaction.atomic():
                        _apply(committee, row, result, actor)
                except ApplicationError as exc:
                    problems.append(Problem(row.line, exc.field or "", exc.message))
                except ValidationError as exc:
                    problems.append(Problem(row.line, "", "; ".join(exc.messages)))
            if problems:
                raise ImportInvalid(sorted(problems, key=lambda p: p.line))
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def control_character_problems(line: int, raw: Mapping[str, object]) -> list[Problem]:
    """A problem for each field holding a control character (NUL, escape...; tabs and line breaks are allowed)."""
    return [
        Problem(line, str(name), "contains a control character (such as NUL); remove it")
        for name, value in raw.items()
        if isinstance(value, str) and _CONTROL.search(value)
    ]


def _already_imported(committee: Committee, row: ImportRow) -> bool:
    if ik.ledger(row.kind) == "debt":
        query = Debt.objects.filter(source=Debt.Source.IMPORT)
    elif row.kind == IE_KIND:
        query = IndependentExpenditure.objects.filter(source=IndependentExpenditure.Source.IMPORT)
    elif ik.ledger(row.kind) == "expenditure":
        query = Disbursement.objects.filter(source=Disbursement.Source.IMPORT)
    elif row.kind == "refund":
        query = Refund.objects.filter(source=Refund.Source.IMPORT)
    else:
        query = Contribution.objects.filter(source=Contribution.Source.IMPORT)
    return query.filter(committee=committee, external_id=row.source_id).exists()


def _apply(committee: Committee, row: ImportRow, result: ImportResult, actor: AbstractBaseUser | None) -> None:
    if _already_imported(committee, row):
        result.skipped += 1
        return
    tid = tx.fec_transaction_id_for(committee=committee, source_id=row.source_id)
    if row.kind != "refund" and (row.entity_code or row.kind in ik.NEW_KINDS or row.kind == IE_KIND):
        result.transaction_ids.append(_apply_kind(committee, row, tid, result, actor))
    elif row.kind in ("contribution", "other_receipt"):
        receipt_type = _receipt_type(row)
        entered = tx.receipt_enter(
            committee=committee,
            donor_data=row.identity,
            amount=row.amount,
            date_received=row.date,
            receipt_type=receipt_type,
            election=row.election,
            purpose=row.purpose,
            memo_text=row.memo_text,
            conduit=row.conduit,
            conduit_received_date=row.conduit_received_date,
            transaction_id=tid,
            source=Contribution.Source.IMPORT,
            external_id=row.source_id,
            actor=actor,
        )
        result.transaction_ids.append(entered.contribution.transaction_id)
        if entered.warning:
            result.warnings.append(f"line {row.line}: {entered.warning}")
    elif row.kind == "expenditure":
        ident = row.identity
        payee = tx.PayeeInput(
            entity_type=ident.entity_type,
            organization_name=ident.organization_name,
            committee_fec_id=ident.committee_fec_id,
            first_name=ident.first_name,
            last_name=ident.last_name,
            middle_name=ident.middle_name,
            prefix=ident.prefix,
            suffix=ident.suffix,
            street_1=ident.street_1,
            street_2=ident.street_2,
            city=ident.city,
            state=ident.state,
            zip_code=ident.zip_code,
        )
        disbursement = tx.disbursement_enter(
            committee=committee,
            payee=payee,
            amount=row.amount,
            date_disbursed=row.date,
            kind=Disbursement.Kind.OPERATING,
            purpose=row.purpose,
            category_code=row.category,
            election=row.election,
            memo_text=row.memo_text,
            transaction_id=tid,
            source=Disbursement.Source.IMPORT,
            external_id=row.source_id,
            actor=actor,
        )
        result.transaction_ids.append(disbursement.transaction_id)
    else:
        if row.refund_of:
            gift = Contribution.objects.filter(
                committee=committee, source=Contribution.Source.IMPORT, external_id=row.refund_of
            ).first()
            if gift is None:
                raise ApplicationError(f"No imported receipt {row.refund_of} to refund.")
        else:
            gift = tx.refund_match(committee=committee, donor_data=row.identity, amount=row.amount, on=row.date)
        refund = tx.refund_enter(
            contribution=gift,
            amount=row.amount,
            date_refunded=row.date,
            kind=row.refund_kind,
            reason=row.memo_text or row.purpose,
            transaction_id=tid,
            source=Refund.Source.IMPORT,
            external_id=row.source_id,
            actor=actor,
        )
        result.transaction_ids.append(refund.transaction_id)
    result.imported[row.kind] = result.imported.get(row.kind, 0) + 1


def _who(row: ImportRow) -> Counterparty:
    return Counterparty(
        code=row.entity_code or row.identity.entity_type, identity=row.identity, multicandidate=row.multicandidate
    )


def _apply_kind(
    committee: Committee, row: ImportRow, tid: str, result: ImportResult, actor: AbstractBaseUser | None
) -> str:
    """A row of the generic CSV through the service of its kind (compliance.services.entries); its transaction id."""
    if row.kind == IE_KIND:
        return ie_enter(
            committee=committee,
            data=row.ie,  # type: ignore[arg-type]
            actor=actor,
            transaction_id=tid,
            source=IndependentExpenditure.Source.IMPORT,
            external_id=row.source_id,
        ).transaction_id
    if row.kind == "debt":
        return debt_enter(
            committee=committee,
            direction=row.debt_owed or Debt.Direction.OWED_BY,
            who=_who(row),
            amount=row.amount,
            date_incurred=row.date,
            purpose=row.purpose,
            transaction_id=tid,
            source=Debt.Source.IMPORT,
            external_id=row.source_id,
            actor=actor,
        ).transaction_id
    if row.kind == "returned":
        gift = tx.refund_match(committee=committee, donor_data=row.identity, amount=row.amount, on=row.date)
        return contribution_return(
            contribution=gift,
            date_returned=row.date,
            amount=row.amount,
            reason=row.purpose or row.memo_text,
            transaction_id=tid,
            source=Contribution.Source.IMPORT,
            external_id=row.source_id,
            actor=actor,
        ).transaction_id
    if row.kind in ik.PAYMENT_KINDS:
        return money_pay(
            committee=committee,
            kind=row.kind,
            payee=_who(row),
            amount=row.amount,
            date_paid=row.date,
            purpose=row.purpose,
            category_code=row.category,
            election=row.election,
            memo_text=row.memo_text,
            candidate=row.candidate,
            transaction_id=tid,
            source=Disbursement.Source.IMPORT,
            external_id=row.source_id,
            actor=actor,
        ).transaction_id
    entered = money_receive(
        committee=committee,
        kind=row.kind,
        who=_who(row),
        amount=row.amount,
        date_received=row.date,
        election=row.election,
        purpose=row.purpose,
        memo_text=row.memo_text,
        conduit=row.conduit,
        conduit_received_date=row.conduit_received_date,
        loan_terms=row.loan_terms,
        transaction_id=tid,
        source=Contribution.Source.IMPORT,
        external_id=row.source_id,
        actor=actor,
    )
    if entered.warning:
        result.warnings.append(f"line {row.line}: {entered.warning}")
    return entered.contribution.transaction_id


def _receipt_type(row: ImportRow) -> str:
    if row.kind == "other_receipt":
        return Contribution.ReceiptType.OTHER
    if row.identity.entity_type == "COM":
        return Contribution.ReceiptType.PAC
    return Contribution.ReceiptType.INDIVIDUAL


# --- the generic CSV format -------------------------------------------------------------------------------


def csv_header_problems(header: Iterable[str] | None) -> list[Problem]:
    columns = [c.strip() for c in header or []]
    missing = [c for c in CSV_COLUMNS if c not in columns]
    unknown = [c for c in columns if c not in CSV_COLUMNS and c not in OPTIONAL_COLUMNS]
    out = []
    if missing:
        out.append(Problem(1, "header", f"missing column(s): {', '.join(missing)}"))
    if unknown:
        out.append(Problem(1, "header", f"unknown column(s): {', '.join(unknown)}"))
    return out


def parse_csv_row(committee: Committee, line: int, raw: Mapping[str, str]) -> ImportRow:
    """Validate one row of the generic CSV (see README); raises :class:`RowProblems` with every bad field."""
    v = {key.strip(): (value or "").strip() for key, value in raw.items() if key is not None}
    problems: list[tuple[str, str]] = []

    def bad(name: str, message: str) -> None:
        problems.append((name, message))

    kind = v.get("kind", "").lower()
    if kind == IE_KIND:
        return parse_ie_row(committee, line, v)
    if kind not in KINDS:
        bad("kind", f"{v.get('kind', '')!r} is not one of {', '.join(KINDS)}")
    source_id = v.get("transaction_id", "")
    if not source_id:
        bad("transaction_id", "is required (the source's id for this transaction)")
    day = _date(v.get("date", ""), "date", bad, required=True)
    amount = _amount(v.get("amount", ""), bad)
    code = ik.entity_problems(committee, kind, v, bad)
    entity = stored_entity(code)
    person = entity in ("IND", "CAN")
    for name, size in _LENGTHS.items():
        if len(v.get(name, "")) > size:
            bad(name, f"is longer than {size} characters")
    for name in ("street_1", "city"):
        if not v.get(name):
            bad(name, "is required")
    state = v.get("state", "").upper()
    if state not in US_STATES:
        bad("state", f"{v.get('state', '')!r} is not a two-letter U.S. state code (ZZ for foreign)")
    if not _ZIP.match(v.get("zip", "")):
        bad("zip", f"{v.get('zip', '')!r} is not a 5-digit ZIP or ZIP+4")
    if kind in ("expenditure", "transfer_out", "in_kind") and not v.get("purpose"):
        bad("purpose", f"is required for {'an' if kind[0] in 'aeiou' else 'a'} {kind.replace('_', ' ')}")
    candidate = ik.candidate_of(kind, code, v, bad)
    loan_terms = ik.loan_terms_of(kind, code, v, bad)
    debt_owed = ik.debt_owed_of(kind, v, bad)
    if v.get("email") and not person:
        bad("email", "is for an individual's best-efforts requests (IND or CAN rows)")
    elif v.get("email") and not ik.is_email(v["email"]):
        bad("email", f"{v['email']!r} is not an email address")
    category = v.get("category", "")
    if category and not _CATEGORY.match(category.zfill(3)):
        bad("category", f"{category!r} is not an FEC category code (001-012)")
    no_designation = kind in ("debt", "returned") and not v.get("election")  # a returned gift keeps the gift's
    election = None if no_designation else _election(committee, v.get("election", "").upper(), day, kind, bad)
    conduit = None
    if v.get("conduit_name") or v.get("conduit_fec_id"):
        if kind != "contribution":
            bad("conduit_name", "only a contribution can be earmarked through a conduit")
        conduit = _conduit(v.get("conduit_name", ""), v.get("conduit_fec_id", "").upper(), bad)
    conduit_date = _date(v.get("conduit_received_date", ""), "conduit_received_date", bad, required=False)
    if problems:
        raise RowProblems(problems)
    identity = DonorInput(
        entity_type=entity,
        first_name=v.get("first_name", "") if person else "",
        last_name=v.get("last_name", "") if person else "",
        middle_name=v.get("middle_name", "") if person else "",
        prefix=v.get("prefix", "") if person else "",
        suffix=v.get("suffix", "") if person else "",
        organization_name=v.get("organization_name", "") if not person else "",
        committee_fec_id=v.get("fec_id", "").upper() if entity in ("COM", "CAN") else "",
        email=v.get("email", "") if person else "",
        street_1=v["street_1"],
        street_2=v.get("street_2", ""),
        city=v["city"],
        state=state,
        zip_code=v["zip"],
        employer=v.get("employer", ""),
        occupation=v.get("occupation", ""),
    )
    return ImportRow(
        line=line,
        kind=kind,
        source_id=source_id,
        date=day,  # type: ignore[arg-type]
        amount=amount,  # type: ignore[arg-type]
        identity=identity,
        election=election,
        purpose=v.get("purpose", ""),
        category=category.zfill(3) if category else "",
        memo_text=v.get("memo_text", ""),
        conduit=conduit,
        conduit_received_date=conduit_date,
        entity_code=code,
        multicandidate=ik.multicandidate_of(v),
        candidate=candidate,
        loan_terms=loan_terms,
        debt_owed=debt_owed,
    )


def _date(value: str, name: str, bad: Callable[[str, str], None], *, required: bool) -> dt.date | None:
    if not value:
        if required:
            bad(name, "is required (YYYY-MM-DD)")
        return None
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else _raise()
    except ValueError:
        bad(name, f"{value!r} is not a date (YYYY-MM-DD)")
        return None


def _raise() -> dt.date:
    raise ValueError


def _amount(value: str, bad: Callable[[str, str], None]) -> Decimal | None:
    try:
        amount = Decimal(value.replace(",", "").removeprefix("$"))
    except InvalidOperation:
        bad("amount", f"{value!r} is not an amount in dollars, e.g. 250.00")
        return None
    if not amount.is_finite() or amount <= 0:
        bad("amount", f"{value!r} must be a positive amount")
        return None
    if amount != amount.quantize(Decimal("0.01")):
        bad("amount", f"{value!r} has fractions of a cent")
        return None
    return amount.quantize(Decimal("0.01"))


def _election(
    committee: Committee, code: str, day: dt.date | None, kind: str, bad: Callable[[str, str], None]
) -> Election | None:
    if code:
        election = committee.elections.filter(code=code).first()
        if election is None:
            known = ", ".join(committee.elections.values_list("code", flat=True)) or "none"
            bad("election", f"{code!r} is not one of the committee's elections ({known})")
        return election
    if kind == "refund" or not committee.is_candidate_committee or day is None:
        return None
    election = tx.next_election(committee=committee, on=day)
    if election is None:
        bad("election", "is blank and the committee has no election on or after this date")
    return election


def _conduit(name: str, fec_id: str, bad: Callable[[str, str], None]) -> Conduit | None:
    conduit = Conduit.objects.filter(fec_id=fec_id).first() if fec_id else None
    if conduit is None and name:
        conduit = Conduit.objects.filter(name__iexact=name).first()
    if conduit is None:
        bad("conduit_fec_id", f"unknown conduit {name or fec_id!r}: add it in the admin (Conduits) first")
    return conduit


def transactions_import_csv(
    *,
    committee: Committee,
    header: Iterable[str] | None,
    rows: Iterable[Mapping[str, str]],
    actor: AbstractBaseUser | None,
    dry_run: bool = False,
) -> ImportResult:
    """Import the generic CSV (header row required). Line numbers count the header as line 1."""
    problems = csv_header_problems(header)
    if problems:
        raise ImportInvalid(problems)
    return run_import(
        committee=committee,
        rows=((number, row) for number, row in enumerate(rows, start=2)),
        parse=parse_csv_row,
        actor=actor,
        dry_run=dry_run,
    )
