"""Processor fees become operating expenditures (11 CFR 104.3(b)(2)(i) / (b)(4)(i): operating expenditures
are reported; gifts stay gross, 11 CFR 104.3(a) and the FEC's "Receipts: reporting gross amounts").

Stripe keeps its processing fee out of each charge and a dispute fee out of each chargeback. Each payout that
reaches a final state books, per committee, one disbursement to Stripe for the processing fees of the balance
transactions it settles and one for their dispute fees, dated the day the payout arrives (the committee's time
zone). Idempotent per payout and purpose; audited as the system."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from committees.models import Committee
from compliance.models import Disbursement
from compliance.selectors import DISPUTE_PURPOSE, PROCESSING_PURPOSE
from compliance.services.transactions import PayeeInput, disbursement_enter
from donations.models import BalanceTransaction, Payout
from donations.services.stripe_money import payout_relink, payout_unattributed_fees

logger = logging.getLogger(__name__)
ZERO = Decimal("0.00")
#: The payee of Stripe's fees; an operator can override it with the STRIPE_FEE_PAYEE setting.
STRIPE_PAYEE = {
    "organization_name": "Stripe, Inc.",
    "street_1": "354 Oyster Point Blvd",
    "city": "South San Francisco",
    "state": "CA",
    "zip_code": "94080",
}
FINAL = (Payout.Status.PAID, Payout.Status.FAILED)


class FeesNotAttributable(Exception):
    """A fee in the payout belongs to no recorded gift yet (its webhook is still on the way): retried later,
    never booked to a guessed committee and never dropped."""


@dataclass(frozen=True)
class FeeLine:
    committee_id: int
    purpose: str
    amount: Decimal
    suffix: str


def stripe_payee() -> PayeeInput:
    return PayeeInput(entity_type="ORG", **{**STRIPE_PAYEE, **getattr(settings, "STRIPE_FEE_PAYEE", {})})


def _fee_lines(payout: Payout) -> list[FeeLine]:
    rows = (
        BalanceTransaction.objects.filter(payout=payout, fee__gt=0)
        .annotate(owner=Coalesce("committee_id", F("payout__committee_id")))
        .values("owner", "kind")
        .annotate(total=Sum("fee"))
    )
    lines: dict[tuple[int, str], Decimal] = {}
    for row in rows:
        if row["owner"] is None:  # not a gift of ours (payout_unattributed_fees said so): left to the treasurer
            logger.warning("payout=%s has fees of charges that are not ours", payout.stripe_payout_id)
            continue
        purpose = DISPUTE_PURPOSE if row["kind"] == BalanceTransaction.Kind.DISPUTE else PROCESSING_PURPOSE
        lines[(row["owner"], purpose)] = lines.get((row["owner"], purpose), ZERO) + row["total"]
    return [
        FeeLine(committee_id=c, purpose=p, amount=a, suffix="dispute-fees" if p == DISPUTE_PURPOSE else "fees")
        for (c, p), a in sorted(lines.items())
        if a > 0
    ]


@transaction.atomic
def payout_fees_book(*, payout_pk: int) -> list[Disbursement]:
    """Book a settled payout's fees (once). Returns the disbursements it wrote (none when already booked)."""
    payout_relink(payout_pk=payout_pk)
    payout = Payout.objects.select_for_update().get(pk=payout_pk)
    if payout.fees_booked_at is not None or payout.status not in FINAL:
        return []
    if payout_unattributed_fees(payout_pk=payout_pk):
        raise FeesNotAttributable(f"payout {payout.stripe_payout_id} has fees of a gift not recorded yet")
    written = []
    for line in _fee_lines(payout):
        committee = Committee.objects.get(pk=line.committee_id)
        external_id = f"stripe:{payout.stripe_payout_id}:{line.suffix}"
        if Disbursement.objects.filter(committee=committee, external_id=external_id).exists():
            continue
        written.append(
            disbursement_enter(
                committee=committee,
                payee=stripe_payee(),
                amount=line.amount,
                date_disbursed=_arrival_day(payout, committee),
                kind=Disbursement.Kind.OPERATING,
                purpose=line.purpose,
                category_code="001",  # administrative / overhead
                memo_text=f"Stripe payout {payout.stripe_payout_id}"[:100],
                source=Disbursement.Source.IMPORT,
                external_id=external_id,
                actor=None,
            )
        )
    payout.fees_booked_at = timezone.now()
    payout.save(update_fields=["fees_booked_at", "updated_at"])
    logger.info("payout fees booked payout=%s disbursements=%d", payout.stripe_payout_id, len(written))
    return written


def _arrival_day(payout: Payout, committee: Committee) -> dt.date:
    return timezone.localtime(payout.arrival_at, committee.tzinfo).date()


def payouts_book_pending(*, committee: Committee | None = None) -> int:
    """Book every settled payout whose fees are not booked yet (the beat sweep and ``stripe_sync``)."""
    pending = Payout.objects.filter(status__in=FINAL, fees_booked_at__isnull=True)
    if committee is not None:
        pending = pending.filter(models.Q(committee=committee) | models.Q(committee__isnull=True))
    booked = 0
    for pk in pending.values_list("pk", flat=True):
        try:
            booked += len(payout_fees_book(payout_pk=pk))
        except FeesNotAttributable as exc:
            logger.warning("%s", exc)
    return booked
