"""Changes of a debt's amount other than a payment (Schedule D): the creditor billed more, forgave or settled part
of it, or an estimate was corrected (11 CFR 104.11(b): the correct figure goes on the report for the period in
which it becomes known). Each is a new row pointing at the debt (compliance.models.DebtAdjustment); the debt is
never edited. Treasurers only, audited in the same transaction; reports already filed that the change touches are
flagged for amendment.

A forgiveness is recorded with its reason and waits for the treasurer's review: a creditor that forgives or settles
a debt for less than owed makes a contribution unless 11 CFR part 116 is met (a commercial vendor, incorporated or
not, only when the credit was extended in the ordinary course of business and the committee and the vendor made
the efforts 116.4 requires; only a terminating committee settles for less, through a debt settlement plan on FEC
Form 8, 116.7), and a corporation may make no contribution at all (11 CFR 114.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from compliance.models import Debt, DebtAdjustment
from compliance.services.debts import debt_balance, debt_lowest_balance
from compliance.services.reports import reports_flag_for_amendment
from fundraising.exceptions import ApplicationError

_CORPORATE = ("ORG",)


def forgiveness_review_reason(debt: Debt) -> str:
    """Why a forgiveness waits for the treasurer: what 11 CFR part 116 asks of this creditor or debtor."""
    if debt.direction == Debt.Direction.OWED_TO:
        return (
            "The committee wrote off a debt owed to it: confirm it is uncollectible, or it is something of value "
            "given to the debtor."
        )
    if debt.entity_type in _CORPORATE:
        return (
            "A vendor (corporation or other organization) forgave or settled this debt: it is a prohibited "
            "corporate contribution unless 11 CFR 116.3-116.4 are met (credit in the ordinary course of business, "
            "the committee's and the vendor's collection efforts); settling for less needs a terminating committee "
            "and a debt settlement plan (FEC Form 8, 11 CFR 116.7)."
        )
    return (
        "The creditor forgave part of this debt: the amount forgiven is a contribution from the creditor "
        "(11 CFR 116.3, 100.52) and counts toward the limit unless 11 CFR part 116 is met."
    )


@transaction.atomic
def debt_adjust(
    *,
    debt: Debt,
    kind: str,
    amount: Decimal,
    date_adjusted: dt.date,
    reason: str,
    actor: AbstractBaseUser | None = None,
) -> DebtAdjustment:
    """Change ``debt``'s amount from ``date_adjusted`` on. ``amount`` is signed for a ``correction`` (+ more, - less);
    for ``increase`` and ``forgiven`` it is the size of the change (given positive; a forgiveness lowers the balance).
    A decrease may not take the balance below zero on that day or any later one."""
    if kind not in DebtAdjustment.Kind.values:
        choices = ", ".join(DebtAdjustment.Kind.values)
        raise ApplicationError(f"The kind of change is one of: {choices}.", field="kind")
    if amount is None or amount == 0:
        raise ApplicationError("The amount of the change cannot be zero.", field="amount")
    if kind != DebtAdjustment.Kind.CORRECTION and amount < 0:
        raise ApplicationError("Give the amount as a positive number; the kind says which way it goes.", field="amount")
    if not (reason or "").strip():
        raise ApplicationError("Say why the debt changed.", field="reason")
    debt = Debt.objects.select_for_update().get(pk=debt.pk)
    if date_adjusted < debt.date_incurred:
        raise ApplicationError("A debt cannot change before it was incurred.", field="date")
    signed = -amount if kind == DebtAdjustment.Kind.FORGIVEN else amount
    if signed < 0:
        left = debt_lowest_balance(debt, since=date_adjusted)
        if -signed > left:
            raise ApplicationError(f"Only ${left:,.2f} of this debt is outstanding then.", field="amount")
    before = debt_balance(debt)
    adjustment = DebtAdjustment(
        debt=debt,
        kind=kind,
        amount=signed,
        date_adjusted=date_adjusted,
        reason=reason.strip()[:300],
        created_by=actor if actor is not None and actor.pk else None,
    )
    if kind == DebtAdjustment.Kind.FORGIVEN:
        adjustment.review = DebtAdjustment.Review.OPEN
        adjustment.review_reason = forgiveness_review_reason(debt)
    adjustment.full_clean(exclude=["debt", "created_by", "reviewed_by"])
    adjustment.save()
    audit_record(
        actor=actor,
        action="debt.adjusted",
        obj=debt,
        before={"balance": before},
        after={"kind": kind, "amount": signed, "date": date_adjusted, "balance": before + signed},
        reason=adjustment.reason,
    )
    reports_flag_for_amendment(committee=debt.committee, dates={date_adjusted})
    return adjustment


@transaction.atomic
def debt_adjustment_review(
    *, adjustment: DebtAdjustment, note: str, actor: AbstractBaseUser | None = None
) -> DebtAdjustment:
    """The treasurer's decision on a forgiveness waiting for review, with a note (e.g. "meets 116.4: vendor's
    collection letters on file" or "refunded the excess"): the adjustment is marked reviewed, never changed."""
    adjustment = DebtAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.review != DebtAdjustment.Review.OPEN:
        raise ApplicationError("This change is not waiting for review.", field="adjustment")
    if not (note or "").strip():
        raise ApplicationError("Say what the review found.", field="note")
    adjustment.review = DebtAdjustment.Review.CLEARED
    adjustment.review_note = note.strip()[:300]
    adjustment.reviewed_at = timezone.now()
    adjustment.reviewed_by = actor if actor is not None and actor.pk else None
    adjustment.save(update_fields=["review", "review_note", "reviewed_at", "reviewed_by", "updated_at"])
    audit_record(
        actor=actor,
        action="debt.adjustment_reviewed",
        obj=adjustment.debt,
        before={"review": DebtAdjustment.Review.OPEN},
        after={"adjustment": adjustment.pk, "review": adjustment.review},
        reason=adjustment.review_note,
    )
    return adjustment
