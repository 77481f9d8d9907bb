"""A loan guarantee or endorsement counted toward the guarantor's contribution limit.

11 CFR 100.52(b)(3): a loan, including a guaranteed loan, is a contribution by each endorser or guarantor, each
deemed to have contributed the portion of the loan they agreed in writing to be liable for; any reduction of the
unpaid balance reduces each one's amount proportionately; when the agreement does not say, each is liable for an
equal share of the unpaid balance. The candidate's own guarantee is unlimited (11 CFR 110.10), and only a bank loan
has guarantors here (a loan from anyone else is that lender's own contribution).

Each guarantor is the committee's donor (matched as any gift is, donations.services.donors). What a guarantor is
liable for now, ``amount × unpaid / loan``, is kept on the guarantor (``counted``) and in the donor's running limit
total (``LimitTotal.guaranteed``, donations.services.limits.limit_counted), so checkout, staff entry and the review
queue all see it. A guarantee that takes its donor over the limit is recorded (the agreement is signed) and put in
the review queue on the loan, as an over-limit staff entry is."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum

from audit.services import audit_record
from compliance.desk.review import GUARANTEE_REASON, REMEDY_DAYS, review_item_flag
from compliance.models import LoanGuarantor, ReviewItem
from donations.models import Contribution, LimitTotal
from donations.services.limits import limit_counted, limit_record_guarantee, limit_rule_for

ZERO = Decimal("0.00")
CENT = Decimal("0.01")


def loan_unpaid(loan: Contribution) -> Decimal:
    """What the committee still owes on the loan: its amount less repayments (memo rows excluded)."""
    repaid = loan.loan_repayments.filter(is_memo=False).aggregate(s=Sum("amount"))["s"] or ZERO
    return max(ZERO, loan.amount - repaid)


def equal_shares(total: Decimal, count: int) -> list[Decimal]:
    """``total`` split into ``count`` shares to the cent; the first shares take the leftover cents."""
    base = (total / count).quantize(CENT, rounding=ROUND_DOWN)
    left = int((total - base * count) / CENT)
    return [base + (CENT if i < left else ZERO) for i in range(count)]


def guarantor_liability(guarantor: LoanGuarantor, *, loan: Contribution, unpaid: Decimal) -> Decimal:
    """THE guarantor's contribution now: the amount guaranteed, reduced in proportion to the loan repaid."""
    if loan.amount <= 0:
        return ZERO
    return (guarantor.amount * unpaid / loan.amount).quantize(CENT, rounding=ROUND_DOWN)


def _flag_over(guarantor: LoanGuarantor, *, loan: Contribution, actor: AbstractBaseUser | None) -> Decimal:
    """Queue the loan for review when this guarantor's donor is now over the limit; returns the excess."""
    committee, donor = loan.committee, guarantor.donor
    rule = limit_rule_for(committee=committee, donor=donor, election=loan.election, on=loan.date_received)
    if rule is None:
        return ZERO
    total = LimitTotal.objects.filter(
        committee_id=loan.committee_id, donor_id=guarantor.donor_id, period_key=rule.period_key
    ).first()
    excess = min(guarantor.counted, limit_counted(total) - rule.amount)
    if excess <= 0:
        return ZERO
    review_item_flag(
        contribution=loan,
        kind=ReviewItem.Kind.EXCESSIVE,
        reason_code=f"{GUARANTEE_REASON}{guarantor.transaction_id}"[:32],
        reason=(
            f"Guarantor {guarantor.transaction_id} ({guarantor.donor.display_name}) is ${excess:,.2f} over the "
            "contribution limit with this loan guarantee (11 CFR 100.52(b)(3)): have the bank release or reduce "
            "the guarantee, or repay the loan down."
        ),
        amount=excess,
        deadline=loan.date_received + dt.timedelta(days=REMEDY_DAYS),
        actor=actor,
    )
    return excess


@transaction.atomic
def guarantees_recount(
    *, loan: Contribution, actor: AbstractBaseUser | None, action: str = "repaid"
) -> dict[int, Decimal]:
    """Bring every guarantor's counted liability on ``loan`` in line with the agreement and the unpaid balance:
    equal shares of the loan for guarantors without a stated share, then ``amount × unpaid / loan`` each, the
    change applied to the donor's limit total and audited. Returns the excess over the limit per guarantor pk
    whose liability went up (each also put in the review queue)."""
    loan = Contribution.objects.select_for_update(of=("self",), no_key=True).select_related("committee").get(pk=loan.pk)
    guarantors = list(
        LoanGuarantor.objects.select_for_update(of=("self",)).filter(contribution=loan).select_related("donor")
    )
    unstated = [g for g in guarantors if not g.share_stated]
    for g, share in zip(unstated, equal_shares(loan.amount, len(unstated)) if unstated else [], strict=True):
        if g.amount != share:
            audit_record(
                actor=actor,
                action="loan.guarantor_share_changed",
                obj=g,
                before={"amount": g.amount},
                after={"amount": share, "guarantors": len(unstated)},
            )
            g.amount = share
            g.save(update_fields=["amount", "updated_at"])
    unpaid = loan_unpaid(loan)
    over: dict[int, Decimal] = {}
    for g in guarantors:
        if g.donor_id is None:  # recorded before guarantees were linked to donors
            continue
        while g.donor.merged_into_id:  # the donor was merged: the limit total moved to the kept record
            g.donor = g.donor.merged_into
            g.save(update_fields=["donor", "updated_at"])
        liability = guarantor_liability(g, loan=loan, unpaid=unpaid)
        change = liability - g.counted
        if change == 0:
            continue
        if g.limit_period_key:
            limit_record_guarantee(
                committee=loan.committee, donor=g.donor, period_key=g.limit_period_key, change=change
            )
        audit_record(
            actor=actor,
            action=f"loan.guarantee_{action}",
            obj=g,
            before={"counted": g.counted},
            after={"counted": liability, "unpaid": unpaid, "loan": loan.transaction_id},
        )
        g.counted = liability
        g.save(update_fields=["counted", "updated_at"])
        if change > 0 and g.limit_period_key:
            excess = _flag_over(g, loan=loan, actor=actor)
            if excess:
                over[g.pk] = excess
    return over
