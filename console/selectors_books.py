"""Reads for the console's Money section: Stripe payouts with what each settled, and the bank reconciliations
(compliance.books computes them; the console only lays them out)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum

from committees.models import Committee
from compliance.books.reconciliation import Reconciliation, reconciliations_list
from compliance.models import BankTransaction
from donations.money_models import BalanceTransaction, Payout

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class PayoutRow:
    payout: Payout
    charges: int
    gross: Decimal
    fees: Decimal


def payouts_recent(*, committee: Committee, limit: int = 50) -> list[PayoutRow]:
    rows = (
        Payout.objects.filter(committee=committee)
        .annotate(
            charges=Count("balance_transactions", filter=Q(balance_transactions__kind=BalanceTransaction.Kind.CHARGE)),
            gross=Sum("balance_transactions__amount", filter=~Q(balance_transactions__kind="payout")),
            fees=Sum("balance_transactions__fee"),
        )
        .order_by("-arrival_date", "-pk")[:limit]
    )
    return [PayoutRow(p, p.charges, p.gross or ZERO, p.fees or ZERO) for p in rows]


def payout_lines(*, payout: Payout) -> list[BalanceTransaction]:
    return list(
        payout.balance_transactions.exclude(kind=BalanceTransaction.Kind.PAYOUT)
        .select_related("contribution__donor")
        .order_by("created_at_stripe", "pk")
    )


def reconciliations(*, committee: Committee) -> list[tuple[Reconciliation, list[BankTransaction]]]:
    """Each statement's reconciliation with its bank lines still to decide (doubtful or unmatched)."""
    out = []
    for rec in reconciliations_list(committee=committee):
        pending = list(
            BankTransaction.objects.filter(
                statement_id=rec.statement_id,
                match__in=[BankTransaction.Match.DOUBTFUL, BankTransaction.Match.UNMATCHED],
            ).select_related("payout", "conduit_payout", "disbursement", "refund")
        )
        out.append((rec, pending))
    return out
