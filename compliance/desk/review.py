"""The review queue: every recorded gift is checked once against the limits and the source rules.

``contribution_review`` is the one call each recording path makes: staff entry and imports call it inside
their transaction (compliance.services.transactions.receipt_enter); web payments and monthly installments
queue it on commit (``contribution_review_enqueue``). Flagging is idempotent (one item per gift,
kind and reason), audited, and never deletes anything."""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, transaction

from audit.services import audit_record
from compliance.desk.screening import screen_reasons
from compliance.models import ReviewItem
from donations.models import Contribution, LimitTotal
from donations.services.limits import limit_rule_for

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
REMEDY_DAYS = 60  # 11 CFR 103.3(b)(3): refund, redesignate or reattribute within 60 days of receipt


def excess_of(contribution: Contribution) -> Decimal:
    """How much of this gift is over the donor's limit right now (0 when none)."""
    if contribution.is_memo or not contribution.limit_period_key:
        return ZERO
    rule = limit_rule_for(
        committee=contribution.committee,
        donor=contribution.donor,
        election=contribution.election,
        on=contribution.date_received,
    )
    if rule is None:
        return ZERO
    total = LimitTotal.objects.filter(
        committee_id=contribution.committee_id, donor_id=contribution.donor_id, period_key=rule.period_key
    ).first()
    if total is None or total.received <= rule.amount:
        return ZERO
    return min(contribution.amount, total.received - rule.amount)


def review_item_flag(
    *,
    contribution: Contribution,
    kind: str,
    reason_code: str,
    reason: str,
    amount: Decimal,
    deadline: dt.date,
    actor: AbstractBaseUser | None = None,
) -> ReviewItem | None:
    """Put a gift in the queue (once per kind and reason). Returns the new item, or None if already there."""
    if ReviewItem.objects.filter(contribution=contribution, kind=kind, reason_code=reason_code).exists():
        return None
    try:
        with transaction.atomic():
            item = ReviewItem.objects.create(
                committee_id=contribution.committee_id,
                contribution=contribution,
                kind=kind,
                reason_code=reason_code,
                reason=reason[:300],
                amount=amount,
                deadline=deadline,
            )
    except IntegrityError:  # flagged concurrently
        return None
    audit_record(
        actor=actor,
        action=f"review.flagged.{kind}",
        obj=item,
        after={"contribution": contribution.transaction_id, "reason": reason_code, "amount": amount, "due": deadline},
        reason=reason,
    )
    logger.info("review item flagged item=%s contribution=%s kind=%s", item.pk, contribution.pk, kind)
    return item


@transaction.atomic
def contribution_review(*, contribution: Contribution, actor: AbstractBaseUser | None = None) -> list[ReviewItem]:
    """Check one recorded gift: over the limit, prohibited or questionable source. Returns the new items."""
    contribution = Contribution.objects.select_related(
        "committee", "donor", "election", "donation", "recurring_gift"
    ).get(pk=contribution.pk)
    created: list[ReviewItem] = []
    excess = excess_of(contribution)
    if excess > 0:
        item = review_item_flag(
            contribution=contribution,
            kind=ReviewItem.Kind.EXCESSIVE,
            reason_code="over_limit",
            reason=f"${excess:,.2f} over the contribution limit: refund, redesignate or reattribute it.",
            amount=excess,
            deadline=contribution.date_received + dt.timedelta(days=REMEDY_DAYS),
            actor=actor,
        )
        created += [item] if item else []
    for code, reason in screen_reasons(contribution):
        item = review_item_flag(
            contribution=contribution,
            kind=ReviewItem.Kind.PROHIBITED,
            reason_code=code,
            reason=reason,
            amount=contribution.amount,
            # 11 CFR 103.3(b)(1): a questionable gift is deposited or returned within 10 days, then the treasurer
            # has 30 days to establish it is legal (else refund). The queue shows the 30-day date.
            deadline=contribution.date_received + dt.timedelta(days=30),
            actor=actor,
        )
        created += [item] if item else []
    return created


def contribution_review_enqueue(contribution_pk: int) -> None:
    """For the web paths (payments, monthly installments), called on commit: review the gift in a worker."""
    from compliance.desk_tasks import contribution_review_task

    contribution_review_task.delay(contribution_pk)
