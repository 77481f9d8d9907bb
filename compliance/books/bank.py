"""Bank statements into the books: import (idempotent per bank transaction id), match each line to what it is
in the books, and let staff confirm or re-match the doubtful ones. Every change is audited.

Matching (one definition of each window, below): a deposit is a Stripe payout (same amount, arriving within
PAYOUT_WINDOW of the bank date) or a conduit disbursement (its net, within CONDUIT_WINDOW: checks are mailed);
a debit is a disbursement or a contribution refund by check (same amount, within CHECK_WINDOW: checks clear
late). Same amount on the exact day (a payout: on its arrival day) is a match; otherwise, or with more than one
candidate, the closest is proposed as doubtful for staff to confirm or re-match."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee
from compliance.books.bank_files import BankFile
from compliance.models import BankStatement, BankTransaction, ConduitPayout, Disbursement
from donations.models import Payout, Refund
from fundraising.exceptions import ApplicationError

#: (days before the bank date, days after it) in which the book entry may fall.
PAYOUT_WINDOW = (5, 2)
CONDUIT_WINDOW = (10, 1)
CHECK_WINDOW = (30, 3)
#: Disbursements that never cross the bank on their own: fees netted out of a payout.
NETTED = Q(external_id__startswith="stripe:") | Q(external_id__startswith="conduit:")
SETTLED = (BankTransaction.Match.MATCHED, BankTransaction.Match.CONFIRMED)


@dataclass(frozen=True)
class BankImportResult:
    statement: BankStatement
    imported: int
    skipped: int
    created: bool


def _window(day: dt.date, window: tuple[int, int]) -> tuple[dt.date, dt.date]:
    return day - dt.timedelta(days=window[0]), day + dt.timedelta(days=window[1])


def _candidates(txn: BankTransaction) -> list[tuple[str, object, dt.date]]:
    committee, amount = txn.committee, abs(txn.amount)
    found: list[tuple[str, object, dt.date]] = []
    if txn.amount > 0:
        low, high = _window(txn.date, PAYOUT_WINDOW)
        for payout in Payout.objects.filter(
            committee=committee, amount=amount, status=Payout.Status.PAID, arrival_date__range=(low, high)
        ).exclude(bank_transactions__isnull=False):
            found.append(("payout", payout, payout.arrival_date))
        low, high = _window(txn.date, CONDUIT_WINDOW)
        for cp in ConduitPayout.objects.filter(committee=committee, payout_date__range=(low, high)).exclude(
            bank_transactions__isnull=False
        ):
            if cp.net == amount:
                found.append(("conduit_payout", cp, cp.payout_date))
    else:
        low, high = _window(txn.date, CHECK_WINDOW)
        for d in (
            Disbursement.objects.filter(
                committee=committee, amount=amount, is_memo=False, date_disbursed__range=(low, high)
            )
            .exclude(NETTED)
            .exclude(bank_transactions__isnull=False)
        ):
            found.append(("disbursement", d, d.date_disbursed))
        for r in Refund.objects.filter(
            committee=committee,
            amount=amount,
            stripe_refund_id="",
            stripe_dispute_id="",
            date_refunded__range=(low, high),
        ).exclude(bank_transactions__isnull=False):
            found.append(("refund", r, r.date_refunded))
    return sorted(found, key=lambda c: abs((c[2] - txn.date).days))


def bank_transaction_match(txn: BankTransaction) -> BankTransaction:
    """Propose what an unmatched bank line is (exact: matched; otherwise doubtful; nothing: stays unmatched)."""
    candidates = _candidates(txn)
    if not candidates:
        return txn
    field, target, day = candidates[0]
    exact = len(candidates) == 1 and day == txn.date
    setattr(txn, field, target)
    txn.match = BankTransaction.Match.MATCHED if exact else BankTransaction.Match.DOUBTFUL
    txn.matched_at = timezone.now()
    txn.save(update_fields=[field, "match", "matched_at", "updated_at"])
    return txn


@transaction.atomic
def bank_statement_import(
    *,
    committee: Committee,
    bank_file: BankFile,
    raw: bytes,
    file_name: str,
    actor: AbstractBaseUser | None,
    closing_balance=None,  # noqa: ANN001 - Decimal | None
    opening_balance=None,  # noqa: ANN001
) -> BankImportResult:
    """Import a parsed statement once: the same file again, or any line already imported, changes nothing."""
    digest = hashlib.sha256(raw).hexdigest()
    existing = BankStatement.objects.filter(committee=committee, file_sha256=digest).first()
    if existing is not None:
        return BankImportResult(existing, 0, len(bank_file.lines), False)
    closing = closing_balance if closing_balance is not None else bank_file.closing_balance
    opening = opening_balance if opening_balance is not None else bank_file.opening_balance
    if closing is None and opening is not None:
        closing = opening + sum(line.amount for line in bank_file.lines)
    if closing is None:
        raise ApplicationError(
            "The file carries no closing balance: give the statement's closing (or opening) balance.",
            field="closing_balance",
        )
    statement = BankStatement.objects.create(
        committee=committee,
        account=bank_file.account,
        start_date=bank_file.start,
        end_date=bank_file.end,
        opening_balance=opening,
        closing_balance=closing,
        file_name=file_name[:255],
        file_sha256=digest,
        imported_by=actor if actor is not None and actor.pk else None,
    )
    known = set(
        BankTransaction.objects.filter(
            committee=committee, bank_id__in=[line.bank_id for line in bank_file.lines]
        ).values_list("bank_id", flat=True)
    )
    new = [
        BankTransaction.objects.create(
            statement=statement,
            committee=committee,
            bank_id=line.bank_id,
            date=line.date,
            amount=line.amount,
            description=line.description,
        )
        for line in bank_file.lines
        if line.bank_id not in known
    ]
    for txn in sorted(new, key=lambda t: (t.date, t.pk)):
        bank_transaction_match(txn)
    audit_record(
        actor=actor,
        action="bank.statement_imported",
        obj=statement,
        after={
            "file": file_name,
            "sha256": digest,
            "lines": len(new),
            "skipped": len(known),
            "closing_balance": closing,
            "through": statement.end_date,
        },
    )
    return BankImportResult(statement, len(new), len(known), True)


_TARGETS = {
    "payout": lambda c, pk: Payout.objects.filter(committee=c, pk=pk).first(),
    "conduit_payout": lambda c, pk: ConduitPayout.objects.filter(committee=c, pk=pk).first(),
    "disbursement": lambda c, pk: Disbursement.objects.filter(committee=c, pk=pk).first(),
    "refund": lambda c, pk: Refund.objects.filter(committee=c, pk=pk).first(),
}


def _describe(txn: BankTransaction) -> dict[str, object]:
    return {
        "match": txn.match,
        **{f: getattr(txn, f"{f}_id") for f in _TARGETS if getattr(txn, f"{f}_id")},
    }


@transaction.atomic
def bank_transaction_confirm(
    *, txn: BankTransaction, actor: AbstractBaseUser, target: str = "", target_id: int | None = None, note: str = ""
) -> BankTransaction:
    """Staff confirm a proposed match, or re-match the line to another book entry (``target`` is one of
    payout, conduit_payout, disbursement, refund; ``none`` leaves it unmatched). Audited with who did it."""
    txn = BankTransaction.objects.select_for_update().get(pk=txn.pk)
    before = _describe(txn)
    if target:
        for field in _TARGETS:
            setattr(txn, field, None)
        if target == "none":
            txn.match = BankTransaction.Match.UNMATCHED
        else:
            finder = _TARGETS.get(target)
            found = finder(txn.committee, target_id) if finder and target_id else None
            if found is None:
                raise ApplicationError(f"No {target} {target_id} in this committee's books.", field="target_id")
            if found.bank_transactions.exclude(pk=txn.pk).exists():
                raise ApplicationError(f"That {target} is already matched to another bank line.", field="target_id")
            setattr(txn, target, found)
            txn.match = BankTransaction.Match.CONFIRMED
    else:
        if not any(getattr(txn, f"{f}_id") for f in _TARGETS):
            raise ApplicationError("Nothing is proposed for this bank line: re-match it.", field="target")
        txn.match = BankTransaction.Match.CONFIRMED
    txn.matched_by, txn.matched_at = actor, timezone.now()
    txn.save()
    audit_record(actor=actor, action="bank.match", obj=txn, before=before, after=_describe(txn), reason=note)
    return txn
