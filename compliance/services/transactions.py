"""Staff-entered and imported transactions: receipts, contribution refunds, disbursements and TEXT memos.

Each write matches or creates the donor through donations.services.donors, counts receipts in the donor's
running limit total (donations.services.limits) so checkout limits see them, audits the change, and flags any
filed report whose period it falls in as needing an amendment."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce

from audit.services import audit_record
from committees.models import Committee, Conduit, Election
from compliance.desk.review import (
    REMEDY_DAYS,
    contribution_review,
    past_election_message,
    past_election_room,
    review_item_flag,
)
from compliance.models import Debt, Disbursement, IndependentExpenditure, ReviewItem, TransactionText
from compliance.services.guarantees import guarantees_recount
from compliance.services.reports import reports_flag_for_amendment
from donations.models import Contribution, ContributorType, Donor, Refund
from donations.services.aggregates import receipt_aggregates_record
from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.limits import contributor_type_for, limit_counted, limit_record_receipt, receipt_counts
from donations.services.refunds import contribution_refundable, refund_record
from fundraising.exceptions import ApplicationError

ZERO = Decimal("0.00")
FEC_TRANSACTION_ID = re.compile(r"^[A-Z0-9][A-Z0-9._-]{0,19}$")
COMMITTEE_PAYEE_KINDS = (Disbursement.Kind.TRANSFER, Disbursement.Kind.CONTRIBUTION)
_CONTRIBUTOR_TYPE = {
    Contribution.ReceiptType.PARTY: ContributorType.PARTY,
    Contribution.ReceiptType.PAC: ContributorType.PAC,
    Contribution.ReceiptType.CANDIDATE: ContributorType.CANDIDATE,
    Contribution.ReceiptType.TRANSFER: ContributorType.AUTHORIZED_COMMITTEE,
}


@dataclass(frozen=True)
class ReceiptEntered:
    contribution: Contribution
    over_limit_by: Decimal = ZERO

    @property
    def warning(self) -> str:
        if self.over_limit_by <= 0:
            return ""
        c = self.contribution
        return (
            f"{c.donor.display_name} is ${self.over_limit_by:,.2f} over the limit with {c.transaction_id}: "
            "refund, redesignate or reattribute the excess within 60 days."
        )


@dataclass(frozen=True)
class PayeeInput:
    """Who a disbursement paid (the same identity fields as a donor)."""

    entity_type: str = "ORG"
    organization_name: str = ""
    committee_fec_id: str = ""
    first_name: str = ""
    last_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""


def noon(day: dt.date, committee: Committee) -> dt.datetime:
    """A moment on ``day`` in the committee's time zone (its FEC date is ``day``)."""
    return dt.datetime.combine(day, dt.time(12, 0), tzinfo=committee.tzinfo)


def next_election(*, committee: Committee, on: dt.date) -> Election | None:
    """The committee's next election on or after ``on`` (where an undesignated gift goes, 11 CFR 110.1(b)(2)(ii))."""
    return committee.elections.filter(date__gte=on).order_by("date").first()


def transaction_id_taken(*, committee: Committee, transaction_id: str) -> bool:
    return (
        Contribution.objects.filter(committee=committee, transaction_id=transaction_id).exists()
        or Refund.objects.filter(committee=committee, transaction_id=transaction_id).exists()
        or Disbursement.objects.filter(committee=committee, transaction_id=transaction_id).exists()
        or TransactionText.objects.filter(committee=committee, transaction_id=transaction_id).exists()
        or Debt.objects.filter(committee=committee, transaction_id=transaction_id).exists()
        or IndependentExpenditure.objects.filter(committee=committee, transaction_id=transaction_id).exists()
    )


def fec_transaction_id_for(*, committee: Committee, source_id: str) -> str:
    """The FEC transaction id for a source's id: the id itself (uppercased) when it is a valid, unused FEC id,
    else "" (a new id is generated)."""
    candidate = source_id.strip().upper()
    if FEC_TRANSACTION_ID.match(candidate) and not transaction_id_taken(committee=committee, transaction_id=candidate):
        return candidate
    return ""


@transaction.atomic
def receipt_enter(
    *,
    committee: Committee,
    donor_data: DonorInput,
    amount: Decimal,
    date_received: dt.date,
    receipt_type: str = Contribution.ReceiptType.INDIVIDUAL,
    election: Election | None = None,
    purpose: str = "",
    memo_text: str = "",
    is_memo: bool = False,
    conduit: Conduit | None = None,
    conduit_received_date: dt.date | None = None,
    transaction_id: str = "",
    source: str = Contribution.Source.STAFF,
    external_id: str = "",
    payment_method: str = "",
    multicandidate: bool | None = None,
    actor: AbstractBaseUser | None = None,
) -> ReceiptEntered:
    """Record money received (staff entry or import): the donor is matched or created, the receipt counts
    toward the donor's limit total. An over-limit receipt is still recorded (the money arrived); the result
    says by how much, so staff can remedy it."""
    if amount <= 0:
        raise ApplicationError("The amount must be positive.", field="amount")
    if transaction_id and transaction_id_taken(committee=committee, transaction_id=transaction_id):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    donor = donor_get_or_create(committee=committee, data=donor_data)
    wanted_type = _CONTRIBUTOR_TYPE.get(receipt_type)
    if receipt_type == Contribution.ReceiptType.PAC or (wanted_type is None and donor.entity_type != "IND"):
        wanted_type = contributor_type_for(entity_type=donor.entity_type, multicandidate=bool(multicandidate))
    settable = donor.contributor_type == ContributorType.INDIVIDUAL or multicandidate is not None
    if wanted_type and settable and donor.entity_type != "IND" and donor.contributor_type != wanted_type:
        Donor.objects.filter(pk=donor.pk).update(contributor_type=wanted_type)
        donor.contributor_type = wanted_type
    rule = receipt_counts(
        committee=committee,
        donor=donor,
        receipt_type=receipt_type,
        election=election,
        on=date_received,
        is_memo=is_memo,
    ).rule
    past_excess, past_room = ZERO, None
    if rule is not None and election is not None:
        past_room = past_election_room(committee=committee, election=election, on=date_received)
        past_excess = max(ZERO, amount - past_room) if past_room is not None else ZERO
    if past_excess > 0 and source != Contribution.Source.IMPORT:  # staff entry: refused; an import: reviewed
        following = next_election(committee=committee, on=date_received)
        raise ApplicationError(
            past_election_message(election=election, room=past_room, following=following), field="election"
        )
    contribution = Contribution(
        committee=committee,
        donor=donor,
        election=election,
        receipt_type=receipt_type,
        amount=amount,
        received_at=noon(date_received, committee),
        date_received=date_received,
        source=source,
        external_id=external_id,
        purpose=purpose,
        memo_text=memo_text,
        is_memo=is_memo,
        conduit=conduit,
        conduit_received_date=conduit_received_date if conduit else None,
        limit_period_key=rule.period_key if rule else "",
        payment_method=payment_method,
        created_by=actor if actor is not None and actor.pk else None,
    )
    if transaction_id:
        contribution.transaction_id = transaction_id
    contribution.full_clean(exclude=["donor", "committee", "election", "conduit", "created_by"])
    contribution.save()
    receipt_aggregates_record(
        committee=committee, donor_id=donor.pk, on=date_received, conduit_id=conduit.pk if conduit else None
    )
    over = ZERO
    if rule is not None:
        total = limit_record_receipt(
            committee=committee, donor=donor, period_key=rule.period_key, amount=amount, release_reservation=False
        )
        if total is not None and limit_counted(total) > rule.amount:
            over = min(amount, limit_counted(total) - rule.amount)
    audit_record(
        actor=actor,
        action=f"contribution.{'imported' if source == Contribution.Source.IMPORT else 'entered'}",
        obj=contribution,
        after={
            "amount": amount,
            "date_received": date_received,
            "receipt_type": receipt_type,
            "transaction_id": contribution.transaction_id,
            "external_id": external_id,
        },
    )
    reports_flag_for_amendment(committee=committee, dates={date_received})
    contribution_review(contribution=contribution, actor=actor)  # the compliance desk: limits and sources
    if past_excess > 0:
        following = next_election(committee=committee, on=date_received)
        review_item_flag(
            contribution=contribution,
            kind=ReviewItem.Kind.EXCESSIVE,
            reason_code="past_election",
            reason=past_election_message(election=election, room=past_room, following=following)
            + " Redesignate or refund the rest within 60 days.",
            amount=past_excess,
            deadline=date_received + dt.timedelta(days=REMEDY_DAYS),
            actor=actor,
        )
    return ReceiptEntered(contribution=contribution, over_limit_by=over)


def refundable(contribution: Contribution) -> Decimal:
    return contribution_refundable(contribution)


@transaction.atomic
def refund_enter(
    *,
    contribution: Contribution,
    amount: Decimal,
    date_refunded: dt.date,
    reason: str = "",
    transaction_id: str = "",
    source: str = Refund.Source.STAFF,
    external_id: str = "",
    kind: str = Refund.Kind.REFUND,
    actor: AbstractBaseUser | None = None,
) -> Refund:
    """A contribution refund paid by check or otherwise outside Stripe (staff entry or import); ``kind``
    dispute_lost for a chargeback a conduit reports (an ActBlue recovery)."""
    committee = contribution.committee
    if transaction_id and transaction_id_taken(committee=committee, transaction_id=transaction_id):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    refund = refund_record(
        contribution=contribution,
        amount=amount,
        refunded_at=noon(date_refunded, committee),
        reason=reason,
        actor=actor,
        source=source,
        kind=kind,
        external_id=external_id,
        transaction_id=transaction_id,  # written with the row: a transaction id never changes afterwards
    )
    reports_flag_for_amendment(committee=committee, dates={date_refunded})
    return refund


def refund_match(*, committee: Committee, donor_data: DonorInput, amount: Decimal, on: dt.date) -> Contribution:
    """The matched donor's most recent gift (on or before ``on``) that still has ``amount`` left to refund."""
    donor = Donor.objects.filter(committee=committee, match_key=donor_data.match_key, merged_into__isnull=True).first()
    if donor is None:
        raise ApplicationError("No contributor with this name and address has given to the committee.")
    gifts = Contribution.objects.filter(committee=committee, donor=donor, date_received__lte=on, is_memo=False)
    for gift in gifts.order_by("-date_received", "-id"):
        if refundable(gift) >= amount:
            return gift
    raise ApplicationError(
        f"{donor.display_name} has no gift on or before {on:%Y-%m-%d} with ${amount:,.2f} left to refund."
    )


LOAN_REPAYMENT_KINDS = (Disbursement.Kind.LOAN_REPAYMENT_CANDIDATE, Disbursement.Kind.LOAN_REPAYMENT_OTHER)


@transaction.atomic
def disbursement_enter(
    *,
    committee: Committee,
    payee: PayeeInput,
    amount: Decimal,
    date_disbursed: dt.date,
    kind: str = Disbursement.Kind.OPERATING,
    purpose: str = "",
    category_code: str = "",
    election: Election | None = None,
    memo_text: str = "",
    is_memo: bool = False,
    transaction_id: str = "",
    source: str = Disbursement.Source.STAFF,
    external_id: str = "",
    beneficiary: dict[str, str] | None = None,
    loan: Contribution | None = None,
    actor: AbstractBaseUser | None = None,
) -> Disbursement:
    """Record a payment the committee made (operating expenditure, transfer, loan repayment, contribution to
    a candidate or committee, other disbursement)."""
    if amount <= 0:
        raise ApplicationError("The amount must be positive.", field="amount")
    if kind in COMMITTEE_PAYEE_KINDS and (payee.entity_type != "COM" or not payee.committee_fec_id):
        raise ApplicationError(
            f"A {Disbursement.Kind(kind).label.lower()} goes to a committee: give entity COM and its FEC id.",
            field="entity_type",
        )
    if loan is not None and (
        kind not in LOAN_REPAYMENT_KINDS
        or loan.committee_id != committee.pk
        or loan.receipt_type not in (Contribution.ReceiptType.LOAN_CANDIDATE, Contribution.ReceiptType.LOAN_OTHER)
    ):
        raise ApplicationError("Only a loan repayment can name a loan, and it must be a loan this committee received.")
    if loan is not None and not is_memo:
        repaid = loan.loan_repayments.filter(is_memo=False).aggregate(total=Coalesce(Sum("amount"), Decimal(0)))
        if repaid["total"] + amount > loan.amount:
            raise ApplicationError(f"The loan has ${loan.amount - repaid['total']:,.2f} left to repay.", field="amount")
    if transaction_id and transaction_id_taken(committee=committee, transaction_id=transaction_id):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    disbursement = Disbursement(
        loan=loan,
        committee=committee,
        kind=kind,
        amount=amount,
        date_disbursed=date_disbursed,
        purpose=purpose,
        category_code=category_code,
        election=election,
        memo_text=memo_text,
        is_memo=is_memo,
        source=source,
        external_id=external_id,
        created_by=actor if actor is not None and actor.pk else None,
        **asdict(payee),
        **{f"beneficiary_candidate_{k}": v for k, v in (beneficiary or {}).items()},
    )
    if transaction_id:
        disbursement.transaction_id = transaction_id
    disbursement.full_clean(exclude=["committee", "election", "created_by"])
    disbursement.save()
    audit_record(
        actor=actor,
        action=f"disbursement.{'imported' if source == Disbursement.Source.IMPORT else 'entered'}",
        obj=disbursement,
        after={"amount": amount, "date": date_disbursed, "kind": kind, "transaction_id": disbursement.transaction_id},
    )
    reports_flag_for_amendment(committee=committee, dates={date_disbursed})
    if loan is not None and not is_memo:  # a repayment lowers every guarantor's liability (11 CFR 100.52(b)(3))
        guarantees_recount(loan=loan, actor=actor)
    return disbursement


@transaction.atomic
def transaction_text_add(
    *,
    committee: Committee,
    parent_transaction_id: str,
    text: str,
    transaction_id: str = "",
    actor: AbstractBaseUser | None = None,
) -> TransactionText:
    """Attach a TEXT memo to a transaction; it is written after the schedules of every report itemizing it."""
    parent = parent_transaction_id.upper()
    base = parent[:-1] if parent.endswith("M") else parent
    if not (
        transaction_id_taken(committee=committee, transaction_id=parent)
        or transaction_id_taken(committee=committee, transaction_id=base)
    ):
        raise ApplicationError(f"No transaction {parent} in this committee's books.", field="parent_transaction_id")
    if not text.strip():
        raise ApplicationError("The memo text is empty.", field="text")
    memo = TransactionText(committee=committee, parent_transaction_id=parent, text=text[:4000])
    if transaction_id:
        if transaction_id_taken(committee=committee, transaction_id=transaction_id):
            raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
        memo.transaction_id = transaction_id
    memo.save()
    audit_record(actor=actor, action="transaction_text.added", obj=memo, after={"parent": parent})
    return memo
