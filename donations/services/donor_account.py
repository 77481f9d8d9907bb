"""What a signed-in donor may change (issue #16): a monthly gift's amount and card, cancelling it, and a copy of a
receipt. Each change goes through Stripe (the gateway) first, then is recorded with an audit row naming the donor
(through their sign-in link) as the actor, in the same transaction. The gift was already found within the donor's
own records (account_selectors); nothing here widens that."""

import logging
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from donations.models import Contribution, RecurringGift
from donations.payments import SetupIntentResult, get_payment_gateway
from donations.services.card_setup import card_setup_confirmed, card_setup_start
from donations.services.donor_access import DonorAccess
from donations.services.recurring import recurring_cancel, recurring_check_next_installment
from donations.signals import receipt_copy_requested, send_on_commit
from fundraising.exceptions import ApplicationError
from fundraising.money import dollars

logger = logging.getLogger(__name__)
CHANGEABLE = (RecurringGift.Status.ACTIVE, RecurringGift.Status.PAST_DUE)


def _changeable(gift: RecurringGift) -> None:
    if gift.status not in CHANGEABLE or not gift.stripe_subscription_id:
        raise ApplicationError("This monthly gift is not running, so it cannot be changed.")


def donor_monthly_amount_change(*, access: DonorAccess, gift: RecurringGift, amount: Decimal | str) -> RecurringGift:
    """A new amount from the next installment on, if it fits in the donor's limit (the recurring service's check)."""
    _changeable(gift)
    try:
        amount = dollars(Decimal(str(amount).replace(",", "").replace("$", "").strip()))
    except (InvalidOperation, ValueError):
        raise ApplicationError("Enter an amount in dollars, such as 25 or 25.00.", field="amount") from None
    if amount < settings.CHECKOUT_MINIMUM_AMOUNT:
        raise ApplicationError(f"The minimum monthly gift is ${settings.CHECKOUT_MINIMUM_AMOUNT:.2f}.", field="amount")
    if amount == gift.amount:
        raise ApplicationError(f"Your monthly gift is already ${amount:,.2f}.", field="amount")
    today = timezone.localdate(timezone=gift.committee.tzinfo)
    recurring_check_next_installment(gift=gift, amount=amount, on=today)
    get_payment_gateway().update_subscription_amount(
        subscription_id=gift.stripe_subscription_id,
        amount=amount,
        product_name=f"Monthly contribution to {gift.committee.name}",
        idempotency_key=f"recurring-{gift.public_id}-amount-{uuid.uuid4()}",
    )
    with transaction.atomic():
        gift = RecurringGift.objects.select_for_update(of=("self",), no_key=True).get(pk=gift.pk)
        before = gift.amount
        gift.amount = amount
        gift.save(update_fields=["amount", "updated_at"])
        audit_record(
            actor=None,
            actor_label=access.actor_label,
            action="recurring.amount_changed",
            obj=gift,
            before={"amount": before},
            after={"amount": amount},
            reason="Changed by the donor (self-service)",
        )
    logger.info("recurring gift %s amount changed by the donor", gift.public_id)
    return gift


def donor_card_update_start(*, access: DonorAccess, gift: RecurringGift) -> SetupIntentResult:
    """A SetupIntent on the gift's Stripe customer: the browser confirms the new card with Stripe.js."""
    _changeable(gift)
    return card_setup_start(
        customer_id=gift.stripe_customer_id,
        metadata={"recurring_gift": str(gift.public_id), "purpose": "donor-card-update"},
        key_prefix=f"recurring-{gift.public_id}-card",
    )


def donor_card_update_finish(*, access: DonorAccess, gift: RecurringGift, setup_intent_id: str) -> RecurringGift:
    """The confirmed card becomes the subscription's default payment method. The SetupIntent is re-read from
    Stripe: it must have succeeded, for this gift's customer, for this gift."""
    _changeable(gift)
    gateway = get_payment_gateway()
    intent = card_setup_confirmed(
        setup_intent_id=setup_intent_id,
        metadata={"recurring_gift": str(gift.public_id)},
        customer_id=gift.stripe_customer_id,
    )
    gateway.set_subscription_payment_method(
        subscription_id=gift.stripe_subscription_id, payment_method_id=intent.payment_method_id
    )
    with transaction.atomic():
        gift = RecurringGift.objects.select_for_update(of=("self",), no_key=True).get(pk=gift.pk)
        gift.save(update_fields=["updated_at"])
        audit_record(
            actor=None,
            actor_label=access.actor_label,
            action="recurring.card_updated",
            obj=gift,
            after={"setup_intent": intent.id},
            reason="New card from the donor (self-service)",
        )
    logger.info("recurring gift %s card updated setup_intent=%s", gift.public_id, intent.id)
    return gift


def donor_monthly_cancel(*, access: DonorAccess, gift: RecurringGift) -> RecurringGift:
    return recurring_cancel(gift=gift, reason="Canceled by the donor (self-service)", actor_label=access.actor_label)


def donor_receipt_resend(*, access: DonorAccess, contribution: Contribution) -> None:
    """Record the donor's ask for a copy of a receipt (to the address on record; never counted as the receipt
    itself); after commit a worker sends it (``receipt_copy_send``)."""
    if not contribution.donor.email:
        raise ApplicationError("There is no email address on this gift to send the receipt to.")
    audit_record(
        actor=None,
        actor_label=access.actor_label,
        action="receipt.copy_sent",
        obj=contribution,
        reason="Copy asked for by the donor (self-service)",
    )
    send_on_commit(receipt_copy_requested, sender=Contribution, contribution_pk=contribution.pk)


def receipt_copy_send(*, contribution_pk: int) -> None:
    """The worker's half of a receipt copy: the same email as the receipt, to the address on record."""
    from donations.services.receipts import receipt_message

    contribution = Contribution.objects.select_related("committee", "donor", "election", "recurring_gift").get(
        pk=contribution_pk
    )
    if contribution.donor.email:
        receipt_message(contribution).send()
        logger.info("receipt copy sent contribution=%s", contribution_pk)
