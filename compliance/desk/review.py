"""The review queue: every recorded gift is checked once against the limits and the source rules.

``contribution_review`` checks one gift and records that it did (a ContributionReview row). Staff entry and
imports call it inside their own transaction (compliance.services.transactions.receipt_enter). Web payments and
monthly installments are taken up by compliance itself: ``contributions_review_pending`` claims gifts that have
no review yet, right after the gift is recorded (the ``donations.signals.contribution_recorded`` receiver queues
it) and from beat every minute, so a gift whose enqueue was lost (broker down) is still reviewed. Flagging is
idempotent (one item per gift, kind and reason), audited, and never deletes anything."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from audit.services import audit_record
from committees.models import Committee, Election
from compliance.desk.screening import screen_reasons
from compliance.models import ContributionReview, ReviewItem
from compliance.selectors import election_net_debts, election_post_gifts
from donations.models import Contribution, LimitTotal
from donations.services.duplicate_limits import duplicates_counted
from donations.services.limits import contribution_counts, limit_counted
from fundraising.queries import one_or_none

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
GUARANTEE_REASON = "guarantee:"  # + the guarantor's transaction id: a loan guarantee over the limit
REMEDY_DAYS = 60  # 11 CFR 103.3(b)(3): refund, redesignate or reattribute within 60 days of receipt


def excess_of(contribution: Contribution) -> Decimal:
    """How much of this gift is over the donor's limit right now (0 when none)."""
    if contribution.is_memo or not contribution.limit_period_key:
        return ZERO
    rule = contribution_counts(contribution).rule  # the one rule: is it a contribution, and under which limit
    if rule is None:
        return ZERO
    total = one_or_none(  # unique on (committee, donor, period)
        LimitTotal.objects.filter(
            committee_id=contribution.committee_id, donor_id=contribution.donor_id, period_key=rule.period_key
        )
    )
    received = limit_counted(total) + duplicates_counted(
        committee_id=contribution.committee_id, donor=contribution.donor, period_key=rule.period_key
    )  # a likely duplicate record still open counts toward the same person's limit
    if received <= rule.amount:
        return ZERO
    return min(contribution.amount, received - rule.amount)


def past_election_room(
    *, committee: Committee, election: Election, on: dt.date, exclude_pk: int | None = None
) -> Decimal | None:
    """How much a gift made on ``on`` and designated to ``election`` may be, when that election was held before
    ``on``: only what its net debts outstanding still need (11 CFR 110.1(b)(3)(i)). None when the election is still
    ahead (or is the gift's own day): no such cap."""
    if election.date >= on:
        return None
    needed = election_net_debts(committee=committee, election=election)
    taken = election_post_gifts(committee=committee, election=election, exclude_pk=exclude_pk)
    return max(ZERO, needed - taken)


def past_election_message(*, election: Election, room: Decimal, following: Election | None) -> str:
    instead = f"designate it to the {following.label}" if following else "refund it"
    return (
        f"The {election.label} was held before this gift: it may take only ${room:,.2f} more, toward that "
        f"election's net debts (11 CFR 110.1(b)(3)). Enter no more than that, or {instead}."
    )


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


_REVIEW_RELATED = ("committee", "donor", "election", "donation", "recurring_gift")


@transaction.atomic
def contribution_review(
    *, contribution: Contribution, actor: AbstractBaseUser | None = None, via: str = ContributionReview.Via.ENTRY
) -> list[ReviewItem]:
    """Check one recorded gift: over the limit, prohibited or questionable source, and record that it was
    reviewed (once; audited). Returns the new items. ``via`` says which path reviewed it (the entry transaction
    by default). The gift's row is locked, so this and the worker's claim never record one gift twice."""
    contribution = (
        Contribution.objects.select_for_update(of=("self",), no_key=True)
        .select_related(*_REVIEW_RELATED)
        .get(pk=contribution.pk)
    )
    created = _review_checks(contribution, actor=actor)
    if not ContributionReview.objects.filter(contribution=contribution).exists():
        _review_record(contribution, actor=actor, via=via, flagged=len(created))
    return created


def _review_checks(contribution: Contribution, *, actor: AbstractBaseUser | None) -> list[ReviewItem]:
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


def _review_record(contribution: Contribution, *, actor: AbstractBaseUser | None, via: str, flagged: int) -> None:
    """Under the gift's row lock, with no review recorded yet: record this one."""
    review = ContributionReview.objects.create(contribution=contribution, reviewed_at=timezone.now(), via=via)
    audit_record(
        actor=actor,
        action="contribution.reviewed",
        obj=review,
        after={"contribution": contribution.transaction_id, "via": via, "flagged": flagged},
    )


def contributions_unreviewed() -> QuerySet[Contribution]:
    """Gifts the desk has not reviewed yet. Memo rows (a redesignation's or reattribution's copy, TO and FROM
    entries) move money already reviewed, and are never taken up."""
    reviewed = ContributionReview.objects.filter(contribution_id=OuterRef("pk"))
    return Contribution.objects.filter(is_memo=False).exclude(Exists(reviewed))


def contributions_review_pending(*, limit: int = 500, contribution_pks: Iterable[int] | None = None) -> int:
    """Claim gifts not yet reviewed and review each once, each in its own transaction. Returns how many were
    reviewed now.

    With ``contribution_pks`` (the fast path, queued when a gift is recorded) it takes up those gifts, waiting
    for a row another transaction holds. Without (the beat sweep) it takes the oldest ``limit`` unreviewed gifts
    and skips rows locked elsewhere (SELECT ... FOR UPDATE SKIP LOCKED on PostgreSQL; SQLite, the laptop
    default, has no row locks and serialises writers anyway). Either way the row is locked, then checked for a
    review again, so two workers never review one gift twice."""
    sweep = contribution_pks is None
    if sweep:
        pks = list(contributions_unreviewed().order_by("pk").values_list("pk", flat=True)[:limit])
    else:
        pks = list(contribution_pks)
    reviewed = 0
    for pk in pks:
        try:
            reviewed += _claim_and_review(pk, skip_locked=sweep)
        except Exception:
            if not sweep:
                raise  # the task retries transient errors
            logger.exception("review sweep failed contribution=%s", pk)  # stays unreviewed: the next sweep retries
    if sweep and pks:
        logger.info("review sweep unreviewed=%s reviewed=%s", len(pks), reviewed)
    return reviewed


def _claim_and_review(contribution_pk: int, *, skip_locked: bool) -> bool:
    with transaction.atomic():
        claimed = one_or_none(
            contributions_unreviewed()
            .select_for_update(
                of=("self",),
                no_key=True,
                skip_locked=skip_locked and connection.features.has_select_for_update_skip_locked,
            )
            .select_related(*_REVIEW_RELATED)
            .filter(pk=contribution_pk)
        )
        if claimed is None:
            return False  # reviewed already, a memo row, or held by another worker (who reviews it)
        # Having waited for the lock, PostgreSQL re-checked the row itself but not the review the other worker
        # just committed: look again now that we hold it.
        if ContributionReview.objects.filter(contribution_id=contribution_pk).exists():
            return False
        created = _review_checks(claimed, actor=None)
        _review_record(claimed, actor=None, via=ContributionReview.Via.WORKER, flagged=len(created))
    return True
