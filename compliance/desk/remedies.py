"""Remedies for the review queue: refund, redesignation, reattribution, or clear after review. Each writes what
the FEC expects (a refund record, or Schedule A memo rows), resolves the item and audits it in the same
transaction. The letter to the donor is owed from then on (``letter_sent_at`` is empty): after commit the
``review_item_remedied`` signal has a worker send it (compliance.desk_tasks), and ``remedy_letters_send_pending``
(beat) sends any whose enqueue was lost. Also: recording a primary result."""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from audit.services import audit_record
from committees.models import Election
from compliance.desk.mail import remedy_letter_send
from compliance.desk.memo_rows import memo_rows_write
from compliance.desk.review import GUARANTEE_REASON, past_election_message, past_election_room, review_item_flag
from compliance.models import ReviewItem
from compliance.services.reports import reports_flag_for_amendment
from donations.models import Contribution, Refund
from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.limits import limit_remaining, limit_rule_for
from donations.services.refunds import contribution_refundable, refund_issue
from fundraising.exceptions import ApplicationError, Conflict

logger = logging.getLogger(__name__)

# An item was remedied (not cleared) and its letter to the donor is owed. kwargs: item_pk: int.
# Sent after commit; the receiver (connected in ComplianceConfig.ready()) only queues the letter.
review_item_remedied = Signal()


def _not_a_guarantee(item: ReviewItem) -> None:
    """A guarantee's excess (compliance.services.guarantees) sits on the bank's loan: refunding, redesignating or
    reattributing that loan would not remedy it. The bank releases or reduces the guarantee, or the loan is repaid
    down; staff then clear the item with a reason."""
    if item.reason_code.startswith(GUARANTEE_REASON):
        raise ApplicationError(
            "This excess is a loan guarantee: have the bank release or reduce it, or repay the loan down, then clear "
            "the item with a reason."
        )


def _open_item(item: ReviewItem) -> ReviewItem:
    item = (
        ReviewItem.objects.select_for_update(of=("self",))
        .select_related("contribution__committee", "contribution__donor", "contribution__election")
        .get(pk=item.pk)
    )
    if item.status != ReviewItem.Status.OPEN:
        raise Conflict(f"This item is already {item.status}.")
    return item


def _resolve(item: ReviewItem, *, status: str, remedy: str, note: str, actor: AbstractBaseUser | None, **after) -> None:
    before = {"status": item.status}
    item.status, item.remedy, item.resolution_note = status, remedy, note[:300]
    item.resolved_at = timezone.now()
    item.resolved_by = actor if actor is not None and actor.pk else None
    item.save(update_fields=["status", "remedy", "resolution_note", "resolved_at", "resolved_by", "updated_at"])
    audit_record(
        actor=actor,
        action=f"review.{remedy}",
        obj=item,
        before=before,
        after={"status": status, "remedy": remedy, **after},
        reason=note,
    )
    if remedy != ReviewItem.Remedy.CLEARED:
        transaction.on_commit(lambda: review_item_remedied.send(sender=ReviewItem, item_pk=item.pk))


def remedy_letters_send_pending(*, limit: int = 200) -> int:
    """Beat: send every remedy letter still owed (remedied, not sent, the donor has an address), each once
    (remedy_letter_send locks the item and records the letter). Returns how many were sent now."""
    owed = list(
        ReviewItem.objects.filter(status=ReviewItem.Status.REMEDIED, letter_sent_at__isnull=True)
        .exclude(remedy__in=["", ReviewItem.Remedy.CLEARED])
        .exclude(contribution__donor__email="")
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for pk in owed:
        try:
            sent += remedy_letter_send(item_pk=pk)
        except OSError as exc:  # the mail server is away: the next run tries again
            logger.warning("remedy letter sweep stopped item=%s: %s", pk, type(exc).__name__)
            break
    return sent


def remedy_refund(*, item: ReviewItem, actor: AbstractBaseUser | None, note: str = "") -> Refund:
    """Refund the excess (or, for a source or primary-loss item, what is left of the gift): SB20A / SB28A.
    Card gifts are refunded through Stripe first (outside the transaction), as donations.services.refunds does."""
    item = ReviewItem.objects.select_related("contribution").get(pk=item.pk)
    if item.status != ReviewItem.Status.OPEN:
        raise Conflict(f"This item is already {item.status}.")
    _not_a_guarantee(item)
    gift = item.contribution
    amount = min(item.amount, contribution_refundable(gift))
    if amount <= 0:
        raise ApplicationError("Nothing is left to refund on this gift.")
    reason = f"{item.get_kind_display()} refund: {item.reason}"[:200]
    refund = refund_issue(contribution=gift, amount=amount, reason=reason, actor=actor)
    with transaction.atomic():
        item = _open_item(item)
        _resolve(
            item,
            status=ReviewItem.Status.REMEDIED,
            remedy=ReviewItem.Remedy.REFUND,
            note=note or reason,
            actor=actor,
            refund=refund.transaction_id,
            amount=amount,
        )
        reports_flag_for_amendment(committee=gift.committee, dates={refund.date_refunded})
    return refund


@transaction.atomic
def remedy_redesignate(
    *, item: ReviewItem, election: Election, actor: AbstractBaseUser | None, on: dt.date | None = None, note: str = ""
) -> ReviewItem:
    """Move the excess to another election of the candidate (the donor's signed redesignation)."""
    item = _open_item(item)
    _not_a_guarantee(item)
    gift = item.contribution
    committee = gift.committee
    on = on or timezone.localdate(timezone=committee.tzinfo)
    if election.committee_id != committee.pk or election.pk == gift.election_id:
        raise ApplicationError("Choose another election of this committee.", field="election")
    past_room = past_election_room(committee=committee, election=election, on=gift.date_received)
    if past_room is not None and past_room < item.amount:  # 11 CFR 110.1(b)(3): a past election takes only debts
        following = committee.elections.filter(date__gte=gift.date_received).order_by("date").first()
        raise ApplicationError(
            past_election_message(election=election, room=past_room, following=following), field="election"
        )
    rule = limit_rule_for(committee=committee, donor=gift.donor, election=election, on=on)
    room = limit_remaining(committee=committee, donor=gift.donor, election=election, on=on)
    if rule is None or room is None or room < item.amount:
        raise ApplicationError(
            f"{election.code} has only ${room or 0:,.2f} of room for this donor; refund the excess instead.",
            field="election",
        )
    text = (
        f"${item.amount:,.2f} of the {gift.date_received:%m/%d/%Y} contribution redesignated from "
        f"{gift.election.code if gift.election else 'the original election'} to {election.code} on {on:%m/%d/%Y}."
    )
    rows = memo_rows_write(
        original=gift,
        amount=item.amount,
        on=on,
        kind="redesignation",
        to_donor=gift.donor,
        to_election=election,
        to_period_key=rule.period_key,
        text=text,
        actor=actor,
    )
    _resolve(
        item,
        status=ReviewItem.Status.REMEDIED,
        remedy=ReviewItem.Remedy.REDESIGNATION,
        note=note or text,
        actor=actor,
        to=rows.to_row.transaction_id,
        election=election.code,
    )
    reports_flag_for_amendment(committee=committee, dates={on}, cash_chain=False)  # memo rows move no cash
    return item


@transaction.atomic
def remedy_reattribute(
    *, item: ReviewItem, to: DonorInput, actor: AbstractBaseUser | None, on: dt.date | None = None, note: str = ""
) -> ReviewItem:
    """Attribute the excess to the other holder of a joint account (their signed reattribution)."""
    item = _open_item(item)
    _not_a_guarantee(item)
    gift = item.contribution
    committee = gift.committee
    on = on or timezone.localdate(timezone=committee.tzinfo)
    other = donor_get_or_create(committee=committee, data=to)
    if other.pk == gift.donor_id:
        raise ApplicationError("Reattribute to a different person (the other account holder).", field="to")
    rule = limit_rule_for(committee=committee, donor=other, election=gift.election, on=gift.date_received)
    room = limit_remaining(committee=committee, donor=other, election=gift.election, on=gift.date_received)
    if rule is None or room is None or room < item.amount:
        raise ApplicationError(
            f"{other.display_name} has only ${room or 0:,.2f} of room; refund the excess instead.", field="to"
        )
    text = (
        f"${item.amount:,.2f} of the {gift.date_received:%m/%d/%Y} contribution from {gift.donor.display_name} "
        f"reattributed to {other.display_name} on {on:%m/%d/%Y} (joint account)."
    )
    rows = memo_rows_write(
        original=gift,
        amount=item.amount,
        on=on,
        kind="reattribution",
        to_donor=other,
        to_election=gift.election,
        to_period_key=rule.period_key,
        text=text,
        actor=actor,
    )
    _resolve(
        item,
        status=ReviewItem.Status.REMEDIED,
        remedy=ReviewItem.Remedy.REATTRIBUTION,
        note=note or text,
        actor=actor,
        to=rows.to_row.transaction_id,
        donor=other.pk,
    )
    reports_flag_for_amendment(committee=committee, dates={on}, cash_chain=False)  # memo rows move no cash
    return item


@transaction.atomic
def review_item_clear(*, item: ReviewItem, actor: AbstractBaseUser | None, note: str) -> ReviewItem:
    """Staff looked and the gift is lawful (e.g. a green-card holder abroad, an LLC taxed as a partnership), or the
    flag was wrong (an excessive flag on money no limit applies to: a transfer, a bank loan, interest, 11 CFR
    110.3(c), 100.82). Always with a reason, audited with what was flagged."""
    if not note.strip():
        raise ApplicationError("Say why the gift is acceptable (or why the flag is wrong).", field="note")
    item = _open_item(item)
    _resolve(
        item,
        status=ReviewItem.Status.CLEARED,
        remedy=ReviewItem.Remedy.CLEARED,
        note=note,
        actor=actor,
        kind=item.kind,
        flagged_amount=item.amount,
    )
    return item


@transaction.atomic
def election_record_result(
    *, election: Election, advanced: bool, actor: AbstractBaseUser | None, reason: str = ""
) -> list[ReviewItem]:
    """Record whether the candidate advanced from this primary. If not, every general-election gift received
    before the primary must be refunded (or redesignated) within 60 days: each goes to the queue."""
    election = Election.objects.select_for_update().select_related("committee").get(pk=election.pk)
    if not election.code.startswith("P"):
        raise ApplicationError("A result is recorded for a primary election.", field="election")
    before = {"candidate_advanced": election.candidate_advanced}
    election.candidate_advanced = advanced
    election.save(update_fields=["candidate_advanced", "updated_at"])
    audit_record(
        actor=actor,
        action="election.result",
        obj=election,
        before=before,
        after={"candidate_advanced": advanced},
        reason=reason,
    )
    if advanced:
        return []
    deadline = election.date + dt.timedelta(days=60)
    flagged = []
    gifts = Contribution.objects.filter(
        committee=election.committee, election__code__startswith="G", date_received__lte=election.date, is_memo=False
    ).select_related("committee", "donor", "election")
    for gift in gifts:
        left = contribution_refundable(gift)
        if left <= 0:
            continue
        item = review_item_flag(
            contribution=gift,
            kind=ReviewItem.Kind.GENERAL_REFUND,
            reason_code="primary_lost",
            reason=f"General-election gift received before the {election.code} primary, which the candidate lost: "
            f"refund ${left:,.2f} (or obtain a redesignation) by {deadline:%Y-%m-%d}.",
            amount=left,
            deadline=deadline,
            actor=actor,
        )
        if item is not None:
            flagged.append(item)
    return flagged
