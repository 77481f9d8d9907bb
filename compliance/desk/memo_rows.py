"""The Schedule A memo rows of a redesignation or reattribution (NOTES.md section 7, FECfile+'s model):

(a) when the original was already disclosed on a filed report, a memo copy of it (record date = the original's,
    purpose "(Originally disclosed on …) See … below."), placed in the report that covers the change;
(b) a ``…_TO`` memo row (positive) for the new election or contributor;
(c) a ``…_FROM`` memo row (negative) for the original election or contributor.
(b) and (c) back-reference the copy (or the original itself when it is not on a filed report yet). Both count in
the contributors' aggregates (compliance.reports.queries) and move the donors' limit totals; a TEXT memo on the
TO row says what happened. Nothing is edited: the original receipt stays as it was."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser

from committees.models import Election
from compliance.models import Report, TransactionText
from compliance.services.transactions import noon
from donations.models import Contribution, Donor, MemoRole
from donations.services.aggregates import receipt_aggregates_refresh
from donations.services.limits import limit_record_receipt, limit_record_refund


@dataclass(frozen=True)
class MemoRows:
    copy: Contribution | None
    to_row: Contribution
    from_row: Contribution


def filed_report_covering(original: Contribution) -> Report | None:
    return (
        Report.objects.filter(
            committee_id=original.committee_id,
            filed_at__isnull=False,
            coverage_from__lte=original.date_received,
            coverage_through__gte=original.date_received,
        )
        .order_by("-filed_at")
        .first()
    )


def memo_rows_write(
    *,
    original: Contribution,
    amount: Decimal,
    on: dt.date,
    kind: str,
    to_donor: Donor,
    to_election: Election | None,
    to_period_key: str,
    text: str,
    actor: AbstractBaseUser | None,
) -> MemoRows:
    """Write copy/TO/FROM rows for moving ``amount`` of ``original`` (kind: redesignation or reattribution)."""
    committee = original.committee
    user = actor if actor is not None and actor.pk else None
    common = {
        "committee": committee,
        "receipt_type": original.receipt_type,
        "received_at": noon(on, committee),
        "date_received": on,
        "source": Contribution.Source.STAFF,
        "is_memo": True,
        "memo_of": original,
        "created_by": user,
    }
    back_reference = original.transaction_id
    copy = None
    filed = filed_report_covering(original)
    if filed is not None:
        copy = Contribution.objects.create(
            **common,
            donor=original.donor,
            election=original.election,
            amount=original.amount,
            memo_role=MemoRole.COPY,
            original_date=original.date_received,
            purpose=f"(Originally disclosed on {filed.report_code} {filed.coverage_through.year}.) See {kind} below."[
                :100
            ],
        )
        back_reference = copy.transaction_id
    if kind == "redesignation":
        to_purpose = f"Redesignation to {to_election.code if to_election else 'another election'}"
        from_purpose = f"Redesignation from {original.election.code if original.election else 'election'}"
    else:
        to_purpose = f"Reattribution from {original.donor.display_name}"
        from_purpose = f"Reattribution to {to_donor.display_name}"
    to_row = Contribution.objects.create(
        **common,
        donor=to_donor,
        election=to_election,
        amount=amount,
        memo_role=MemoRole.TO,
        memo_back_reference=back_reference,
        purpose=to_purpose[:100],
        limit_period_key=to_period_key,
    )
    from_row = Contribution.objects.create(
        **common,
        donor=original.donor,
        election=original.election,
        amount=-amount,
        memo_role=MemoRole.FROM,
        memo_back_reference=back_reference,
        purpose=from_purpose[:100],
        limit_period_key=original.limit_period_key,
    )
    limit_record_refund(committee=committee, donor=original.donor, period_key=original.limit_period_key, amount=amount)
    receipt_aggregates_refresh(committee=committee, donor_ids=[original.donor_id, to_donor.pk], first=on)
    limit_record_receipt(
        committee=committee, donor=to_donor, period_key=to_period_key, amount=amount, release_reservation=False
    )
    TransactionText.objects.create(
        committee=committee, parent_transaction_id=to_row.transaction_id, text=text[:4000], created_by=user
    )
    return MemoRows(copy=copy, to_row=to_row, from_row=from_row)
