"""Monthly gifts: a Stripe subscription per gift; each paid invoice is that month's contribution.

Limits: the first installment is checked and held like any checkout. After each paid installment the
next one is checked ahead of time: if it would push the donor past the limit, the subscription is
canceled before Stripe can charge it, and the donor is told why."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from audit.services import SYSTEM_STRIPE, audit_record
from committees.models import Committee, Election
from donations.models import Contribution, Donation, DonationPage, RecurringGift
from donations.payments import get_payment_gateway
from donations.selectors import election_check_for_web_gift
from donations.services.aggregates import receipt_aggregates_record
from donations.services.donations import donation_mark_failed
from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.limits import limit_record_receipt, limit_remaining, limit_reserve, limit_rule_for
from donations.services.receipts import receipt_status_for_new_gift
from donations.signals import contribution_recorded, recurring_gift_over_limit, send_on_commit
from fundraising.exceptions import ApplicationError, PaymentDeclined
from fundraising.fec_dates import fec_date_received
from fundraising.money import dollars, from_cents

logger = logging.getLogger(__name__)
CANCEL_SALT = "recurring-gift-cancel"
NEXT_INSTALLMENT_DAYS = 28  # the shortest month: the earliest the next installment can be charged


def recurring_start(
    *,
    committee: Committee,
    election: Election | None,
    amount: Decimal,
    donor_data: DonorInput,
    page: DonationPage | None = None,
    payment_method: str = "",
    attribution: dict[str, str] | None = None,
    affirmations: dict[str, str] | None = None,
    client_ip: str | None = None,
    before_payment: Callable[[], None] | None = None,
    fee_cover: Decimal = Decimal("0.00"),
) -> Donation:
    """Start a monthly gift. Returns the checkout (Donation) for its first installment, carrying the
    client secret Stripe.js needs when no payment method was given."""
    amount = dollars(amount)
    if amount < settings.CHECKOUT_MINIMUM_AMOUNT:
        raise ApplicationError(f"The minimum gift is ${settings.CHECKOUT_MINIMUM_AMOUNT:.2f}.", field="amount")
    today = timezone.localdate(timezone=committee.tzinfo)
    election_check_for_web_gift(committee=committee, election=election, today=today)
    with transaction.atomic():
        donor = donor_get_or_create(committee=committee, data=donor_data)
        period_key = limit_reserve(committee=committee, donor=donor, election=election, amount=amount, on=today)
        if before_payment is not None:
            before_payment()  # last check before Stripe (the checkout's per-card limit); refused: nothing is kept
        gift = RecurringGift.objects.create(
            committee=committee,
            page=page,
            donor=donor,
            election=election,
            amount=amount,
            attribution=attribution or {},
            affirmations=affirmations or {},
        )
        donation = Donation.objects.create(
            committee=committee,
            page=page,
            donor=donor,
            election=election,
            amount=amount,
            attribution=attribution or {},
            affirmations=affirmations or {},
            limit_period_key=period_key,
            client_ip=client_ip,
            recurring_gift=gift,
            fee_cover=dollars(fee_cover),
        )
    gateway = get_payment_gateway()
    metadata = {
        "recurring_gift": str(gift.public_id),
        "donation_id": str(donation.public_id),
        "committee": committee.fec_id,
    }
    try:
        customer_id = gateway.create_customer(
            email=donor_data.email,
            name=f"{donor_data.first_name} {donor_data.last_name}".strip(),
            metadata={"donor": str(donor.pk)},
            idempotency_key=f"recurring-{gift.public_id}-customer",
        )
        subscription = gateway.create_monthly_subscription(
            customer_id=customer_id,
            amount=amount,
            product_name=f"Monthly contribution to {committee.name}",
            metadata=metadata,
            idempotency_key=f"recurring-{gift.public_id}-subscription",
            payment_method=payment_method,
        )
    except PaymentDeclined as exc:
        donation_mark_failed(
            donation,
            code=exc.extra.get("decline_code", "card_declined"),
            message=exc.message,
            intent_id=exc.extra.get("payment_intent", ""),
        )
        RecurringGift.objects.filter(pk=gift.pk).update(
            status=RecurringGift.Status.CANCELED, cancel_reason="First payment declined", canceled_at=timezone.now()
        )
        raise
    RecurringGift.objects.filter(pk=gift.pk).update(
        stripe_customer_id=customer_id,
        stripe_subscription_id=subscription.id,
        status=RecurringGift.Status.ACTIVE if subscription.status == "active" else RecurringGift.Status.INCOMPLETE,
    )
    donation.status = Donation.Status.PROCESSING if subscription.status == "active" else Donation.Status.PENDING
    donation.save(update_fields=["status", "updated_at"])
    donation.client_secret = subscription.client_secret
    logger.info("recurring gift started gift=%s subscription=%s", gift.public_id, subscription.id)
    return donation


def recurring_cancel_token(gift: RecurringGift) -> str:
    return signing.dumps(str(gift.public_id), salt=CANCEL_SALT, compress=True)


def recurring_from_cancel_token(token: str) -> RecurringGift:
    try:
        public_id = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        raise ApplicationError("This cancellation link is not valid.") from None
    gift = RecurringGift.objects.filter(public_id=public_id).select_related("committee").first()
    if gift is None:
        raise ApplicationError("This cancellation link is not valid.")
    return gift


def recurring_cancel(*, gift: RecurringGift, reason: str, actor=None, actor_label: str = "") -> RecurringGift:
    """Stop future installments (donor link, staff, or the limit check). Idempotent."""
    if gift.status == RecurringGift.Status.CANCELED:
        return gift
    if gift.stripe_subscription_id:
        get_payment_gateway().cancel_subscription(gift.stripe_subscription_id)
    with transaction.atomic():
        gift = RecurringGift.objects.select_for_update(of=("self",), no_key=True).get(pk=gift.pk)
        if gift.status != RecurringGift.Status.CANCELED:
            before = gift.status
            gift.status = RecurringGift.Status.CANCELED
            gift.canceled_at = timezone.now()
            gift.cancel_reason = reason[:200]
            gift.save(update_fields=["status", "canceled_at", "cancel_reason", "updated_at"])
            audit_record(
                actor=actor,
                actor_label=actor_label,
                action="recurring.canceled",
                obj=gift,
                before={"status": before},
                after={"status": gift.status},
                reason=reason,
            )
    return gift


def _installment_election(gift: RecurringGift, on) -> Election | None:
    """The gift's designation while that election is ahead; after it, the committee's next election. None for a
    PAC's or party's monthly gift (no election: its limit is per calendar year)."""
    if gift.election is None:
        return None
    if gift.election.date >= on:
        return gift.election
    upcoming = Election.objects.filter(committee=gift.committee, date__gte=on).order_by("date").first()
    return upcoming or gift.election


@transaction.atomic
def recurring_record_installment(
    *, subscription_id: str, invoice_id: str, amount_cents: int, payment_intent_id: str, paid_at: datetime
) -> Contribution | None:
    """invoice.paid: record that month's contribution once, then look ahead at the next installment."""
    gift = (
        RecurringGift.objects.select_for_update(of=("self",), no_key=True)
        .select_related("committee", "donor", "election")
        .filter(stripe_subscription_id=subscription_id)
        .first()
    )
    if gift is None:
        logger.info("invoice %s for unknown subscription %s: not ours", invoice_id, subscription_id)
        return None
    existing = Contribution.objects.filter(stripe_invoice_id=invoice_id).first()
    if existing is not None:
        return existing
    committee = gift.committee
    amount = from_cents(amount_cents)
    date_received = fec_date_received(received_at=paid_at, committee_time_zone=committee.time_zone)
    first = gift.donations.filter(
        status__in=[Donation.Status.PENDING, Donation.Status.PROCESSING, Donation.Status.REQUIRES_ACTION]
    ).first()
    if first is not None:
        election, period_key, release = first.election, first.limit_period_key, not first.reservation_released
        Donation.objects.filter(pk=first.pk).update(
            status=Donation.Status.SUCCEEDED, reservation_released=True, stripe_payment_intent_id=payment_intent_id
        )
    else:
        election = _installment_election(gift, date_received)
        rule = limit_rule_for(committee=committee, donor=gift.donor, election=election, on=date_received)
        period_key, release = (rule.period_key if rule else ""), False
    contribution = Contribution.objects.create(
        committee=committee,
        donor=gift.donor,
        donation=first,
        recurring_gift=gift,
        election=election,
        amount=amount,
        received_at=paid_at,
        date_received=date_received,
        source=Contribution.Source.WEB,
        stripe_payment_intent_id=payment_intent_id,
        stripe_invoice_id=invoice_id,
        limit_period_key=period_key,
        receipt_status=receipt_status_for_new_gift(gift.donor),
    )
    limit_record_receipt(
        committee=committee, donor=gift.donor, period_key=period_key, amount=amount, release_reservation=release
    )
    receipt_aggregates_record(committee=committee, donor_id=contribution.donor_id, on=contribution.date_received)
    gift.installments_paid += 1
    if gift.status != RecurringGift.Status.CANCELED:
        gift.status = RecurringGift.Status.ACTIVE
    gift.save(update_fields=["installments_paid", "status", "updated_at"])
    audit_record(
        actor=None,
        actor_label=SYSTEM_STRIPE,
        action="contribution.received",
        obj=contribution,
        after={"amount": amount, "date_received": date_received, "recurring_gift": gift.pk},
        reason=f"invoice.paid {invoice_id}",
    )
    _look_ahead(gift, after=date_received)
    # After commit: the receipt (its outbox row is the contribution) and the compliance review go to workers.
    send_on_commit(
        contribution_recorded,
        sender=Contribution,
        contribution_pk=contribution.pk,
        receipt_due=contribution.receipt_status == Contribution.ReceiptStatus.PENDING,
    )
    return contribution


def _look_ahead(gift: RecurringGift, *, after) -> None:
    if gift.status == RecurringGift.Status.CANCELED:
        return
    next_election = _installment_election(gift, after)
    next_charge = after + timedelta(days=NEXT_INSTALLMENT_DAYS)
    if gift.election is not None and not gift.committee.elections.filter(date__gte=next_charge).exists():
        # No election will be ahead when the next installment is charged: the page never takes a past election
        # (11 CFR 110.1(b)(3)), so neither does an installment. Stop before Stripe charges it.
        reason = "The committee has no election ahead to designate the next installment to."
        logger.info("recurring gift %s stops: no election ahead", gift.public_id)
        send_on_commit(recurring_gift_over_limit, sender=RecurringGift, gift_pk=gift.pk, reason=reason)
        return
    remaining = limit_remaining(committee=gift.committee, donor=gift.donor, election=next_election, on=after)
    if remaining is not None and remaining < gift.amount:
        reason = (
            f"The next ${gift.amount:.2f} installment would exceed the contribution limit "
            f"(${remaining:.2f} left for {next_election.code if next_election else after.year})."
        )
        logger.info("recurring gift %s stops at the limit", gift.public_id)
        # Canceling calls Stripe: after commit, in a worker (donations.receivers queues it).
        send_on_commit(recurring_gift_over_limit, sender=RecurringGift, gift_pk=gift.pk, reason=reason)


@transaction.atomic
def recurring_record_failed_renewal(*, subscription_id: str, invoice_id: str) -> None:
    gift = (
        RecurringGift.objects.select_for_update(of=("self",), no_key=True)
        .filter(stripe_subscription_id=subscription_id)
        .first()
    )
    if gift is None:
        return
    gift.failed_renewals += 1
    if gift.status == RecurringGift.Status.ACTIVE:
        gift.status = RecurringGift.Status.PAST_DUE
    gift.save(update_fields=["failed_renewals", "status", "updated_at"])
    audit_record(
        actor=None,
        actor_label=SYSTEM_STRIPE,
        action="recurring.renewal_failed",
        obj=gift,
        after={"invoice": invoice_id, "failed_renewals": gift.failed_renewals},
    )


@transaction.atomic
def recurring_record_ended(*, subscription_id: str, ended_at: datetime) -> None:
    """customer.subscription.deleted: the end is final whatever arrives after it."""
    gift = (
        RecurringGift.objects.select_for_update(of=("self",), no_key=True)
        .filter(stripe_subscription_id=subscription_id)
        .first()
    )
    if gift is None or gift.status == RecurringGift.Status.CANCELED:
        return
    before = gift.status
    gift.status = RecurringGift.Status.CANCELED
    gift.canceled_at = ended_at
    gift.cancel_reason = gift.cancel_reason or "Subscription ended in Stripe"
    gift.save(update_fields=["status", "canceled_at", "cancel_reason", "updated_at"])
    audit_record(
        actor=None,
        actor_label=SYSTEM_STRIPE,
        action="recurring.ended",
        obj=gift,
        before={"status": before},
        after={"status": gift.status},
    )


def recurring_check_next_installment(*, gift: RecurringGift, amount: Decimal, on) -> None:
    """Would a next installment of ``amount`` fit in the donor's limit? The same look as after each paid
    installment (the election the installment would go to, the room left there). Refused: ApplicationError on
    ``amount`` naming the room left."""
    election = _installment_election(gift, on)
    remaining = limit_remaining(committee=gift.committee, donor=gift.donor, election=election, on=on)
    if remaining is not None and remaining < amount:
        where = f"the {election.label}" if election else str(on.year)
        raise ApplicationError(
            f"Federal law limits a person's contributions; you have ${remaining:,.2f} left to give for {where}, "
            f"so a monthly gift of ${amount:,.2f} would pass the limit.",
            field="amount",
            extra={"remaining": str(remaining)},
        )
