"""Conduit fees become operating expenditures to the conduit, one per conduit disbursement.

ActBlue (and WinRed) keep a processing fee out of each earmarked gift and send the rest in a disbursement
(ActBlue's ``Disbursement ID`` / ``Disbursement Date``). The receipts stay gross (11 CFR 104.3(a)); the fees
are operating expenditures (11 CFR 104.3(b)(2)(i)): one per disbursement, dated the disbursement, to the
conduit's fee payee. Each line item's fee is stored once under its import key, so a re-import books nothing
twice, and a disbursement that grows (a later file with more of its line items) books only the difference."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Sum

from committees.models import Committee, Conduit
from compliance.models import ConduitPayout, ConduitPayoutLine, Disbursement
from compliance.selectors import PROCESSING_PURPOSE
from compliance.services.transactions import PayeeInput, disbursement_enter

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ConduitFeeRow:
    """One line item's fee as read from a conduit export."""

    line: int
    source_id: str
    amount: Decimal
    fee: Decimal
    payout_id: str
    payout_date: dt.date | None


def conduit_payee(conduit: Conduit) -> PayeeInput:
    return PayeeInput(
        entity_type="ORG",
        organization_name=conduit.fee_payee_name or conduit.name,
        street_1=conduit.street_1,
        street_2=conduit.street_2,
        city=conduit.city,
        state=conduit.state,
        zip_code=conduit.zip_code,
    )


@transaction.atomic
def conduit_fees_record(
    *, committee: Committee, conduit: Conduit, rows: list[ConduitFeeRow], actor: AbstractBaseUser | None
) -> list[Disbursement]:
    """Store each paid-out line item's fee under its disbursement and book what is not booked yet."""
    touched: dict[int, ConduitPayout] = {}
    for row in rows:
        if not row.payout_id or row.payout_date is None:
            continue  # not paid out yet: its fee is booked when a later export names the disbursement
        payout, _ = ConduitPayout.objects.select_for_update().get_or_create(
            committee=committee,
            conduit=conduit,
            payout_id=row.payout_id,
            defaults={"payout_date": row.payout_date},
        )
        _, created = ConduitPayoutLine.objects.get_or_create(
            committee=committee,
            source_id=row.source_id,
            defaults={"payout": payout, "amount": row.amount, "fee": row.fee},
        )
        if created:
            touched[payout.pk] = payout
    written = []
    for payout in touched.values():
        sums = payout.lines.aggregate(gross=Sum("amount"), fees=Sum("fee"))
        payout.gross, payout.fees = sums["gross"] or ZERO, sums["fees"] or ZERO
        due = payout.fees - payout.fees_booked
        if due > 0:
            part = Disbursement.objects.filter(committee=committee, external_id__startswith=_key(payout)).count()
            written.append(
                disbursement_enter(
                    committee=committee,
                    payee=conduit_payee(conduit),
                    amount=due,
                    date_disbursed=payout.payout_date,
                    kind=Disbursement.Kind.OPERATING,
                    purpose=PROCESSING_PURPOSE,
                    category_code="001",
                    memo_text=f"{conduit.name} disbursement {payout.payout_id}"[:100],
                    source=Disbursement.Source.IMPORT,
                    external_id=f"{_key(payout)}{f':{part + 1}' if part else ''}",
                    actor=actor,
                )
            )
            payout.fees_booked += due
        payout.save(update_fields=["gross", "fees", "fees_booked", "updated_at"])
    return written


def _key(payout: ConduitPayout) -> str:
    return f"conduit:{payout.conduit.fec_id}:{payout.payout_id}:fees"
