"""A statement's reconciliation: the bank's closing balance against the books' cash on hand the same day.

    difference = bank closing balance - (book cash - in transit)

*In transit* is money the books already hold that had not reached the bank by the statement's last day: Stripe
gifts, reinstatements and chargebacks/refunds not yet settled by a payout that arrived by then, and conduit
gifts not yet deposited (their net once the conduit has paid them out). A period is reconciled when the
difference is zero and nothing is left unmatched on either side (doubtful matches count as unmatched until
staff confirm them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from committees.models import Committee
from compliance.books.bank import NETTED, SETTLED
from compliance.models import BankStatement, BankTransaction, ConduitPayout, ConduitPayoutLine, Disbursement
from compliance.selectors import cash_on_hand
from donations.models import BalanceTransaction, Contribution, Payout, Refund

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class UnmatchedItem:
    side: str  # "bank" or "books"
    kind: str
    id: str
    date: dt.date
    amount: Decimal
    description: str


@dataclass(frozen=True)
class Reconciliation:
    statement_id: int
    committee: str
    start_date: dt.date
    end_date: dt.date
    bank_closing_balance: Decimal
    book_cash: Decimal
    in_transit: Decimal
    difference: Decimal
    unmatched: list[UnmatchedItem] = field(default_factory=list)

    @property
    def reconciled(self) -> bool:
        return self.difference == ZERO and not self.unmatched


def _total(rows: QuerySet, name: str = "amount") -> Decimal:
    return rows.aggregate(t=Coalesce(Sum(name), ZERO))["t"]


def in_transit(*, committee: Committee, on: dt.date) -> Decimal:
    """Money in the books on ``on`` that the bank did not have yet (see the module docstring)."""
    arrived = Q(payout__status=Payout.Status.PAID, payout__arrival_date__lte=on)
    settled_charge = BalanceTransaction.objects.filter(arrived, contribution=OuterRef("pk"), kind="charge")
    gifts = Contribution.objects.filter(
        committee=committee, is_memo=False, date_received__lte=on, stripe_charge_id__gt=""
    ).exclude(Exists(settled_charge))
    settled_refund = BalanceTransaction.objects.filter(arrived, refund=OuterRef("pk"))
    refunds = (
        Refund.objects.filter(committee=committee, date_refunded__lte=on)
        .filter(Q(stripe_refund_id__gt="") | Q(stripe_dispute_id__gt=""))
        .exclude(Exists(settled_refund))
    )
    reinstated = 0
    for gift in Contribution.objects.filter(
        committee=committee, date_received__lte=on, external_id__startswith="reinstated:"
    ):
        dispute = gift.external_id.split(":", 1)[1]
        if not BalanceTransaction.objects.filter(arrived, source_id=dispute, kind="dispute_reversal").exists():
            reinstated += gift.amount
    deposited = BankTransaction.objects.filter(conduit_payout=OuterRef("pk"), match__in=SETTLED, date__lte=on)
    conduit_out = ConduitPayout.objects.filter(committee=committee, payout_date__lte=on).exclude(Exists(deposited))
    conduit_net = sum((cp.net for cp in conduit_out), start=ZERO)
    paid_out_lines = ConduitPayoutLine.objects.filter(
        committee=committee, source_id=OuterRef("external_id"), payout__payout_date__lte=on
    )
    conduit_waiting = Contribution.objects.filter(
        committee=committee, is_memo=False, date_received__lte=on, conduit__isnull=False
    ).exclude(Exists(paid_out_lines))
    return _total(gifts) + reinstated - _total(refunds) + conduit_net + _total(conduit_waiting)


def _unmatched(statement: BankStatement) -> list[UnmatchedItem]:
    committee, start, end = statement.committee, statement.start_date, statement.end_date
    items = [
        UnmatchedItem("bank", t.match, t.bank_id, t.date, t.amount, t.description)
        for t in statement.transactions.exclude(match__in=SETTLED).order_by("date", "pk")
    ]
    matched = Q(bank_transactions__match__in=SETTLED)
    for payout in Payout.objects.filter(
        committee=committee, status=Payout.Status.PAID, arrival_date__range=(start, end)
    ).exclude(matched):
        items.append(
            UnmatchedItem(
                "books", "payout", payout.stripe_payout_id, payout.arrival_date, payout.amount, "Stripe payout"
            )
        )
    for cp in ConduitPayout.objects.filter(committee=committee, payout_date__range=(start, end)).exclude(matched):
        items.append(
            UnmatchedItem("books", "conduit_payout", cp.payout_id, cp.payout_date, cp.net, f"{cp.conduit.name} payout")
        )
    for d in (
        Disbursement.objects.filter(committee=committee, is_memo=False, date_disbursed__range=(start, end))
        .exclude(NETTED)
        .exclude(matched)
    ):
        items.append(UnmatchedItem("books", "disbursement", d.transaction_id, d.date_disbursed, -d.amount, d.purpose))
    for r in Refund.objects.filter(
        committee=committee, stripe_refund_id="", stripe_dispute_id="", date_refunded__range=(start, end)
    ).exclude(matched):
        if r.contribution.conduit_id is None:  # a conduit refund comes out of the conduit's payout
            items.append(UnmatchedItem("books", "refund", r.transaction_id, r.date_refunded, -r.amount, r.reason))
    return items


def reconciliation_for(statement: BankStatement) -> Reconciliation:
    committee, end = statement.committee, statement.end_date
    book = cash_on_hand(committee=committee, on=end)
    transit = in_transit(committee=committee, on=end)
    return Reconciliation(
        statement_id=statement.pk,
        committee=committee.fec_id,
        start_date=statement.start_date,
        end_date=end,
        bank_closing_balance=statement.closing_balance,
        book_cash=book,
        in_transit=transit,
        difference=statement.closing_balance - (book - transit),
        unmatched=_unmatched(statement),
    )


def reconciliations_list(*, committee: Committee) -> list[Reconciliation]:
    return [
        reconciliation_for(s)
        for s in committee.bank_statements.select_related("committee").order_by("-end_date", "-pk")
    ]


def period_reconciled(*, committee: Committee, through: dt.date) -> bool:
    """True when a statement ending on ``through`` (or the last one covering it) reconciles to zero."""
    statement = (
        committee.bank_statements.filter(start_date__lte=through, end_date__gte=through)
        .order_by("-end_date", "-pk")
        .first()
    )
    return statement is not None and reconciliation_for(statement).reconciled
