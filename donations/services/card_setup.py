"""A new card collected through a SetupIntent and the Payment Element (Stripe.js confirms it in the browser): the
one definition of starting one and of trusting its result, for the self-service "update card"
(donations.services.donor_account) and the monthly upsell of a gift whose card was not saved
(donations.services.upsell). The result is re-read from Stripe, never taken from the browser."""

import logging
import uuid
from collections.abc import Mapping

from donations.payments import SetupIntentResult, get_payment_gateway
from fundraising.exceptions import ApplicationError

logger = logging.getLogger(__name__)
NOT_CONFIRMED = "The new card was not confirmed. Please try again."


def card_setup_start(*, customer_id: str, metadata: Mapping[str, str], key_prefix: str) -> SetupIntentResult:
    """A SetupIntent on ``customer_id`` for off-session charges; the browser confirms it with Stripe.js."""
    return get_payment_gateway().create_setup_intent(
        customer_id=customer_id, metadata=dict(metadata), idempotency_key=f"{key_prefix}-{uuid.uuid4()}"
    )


def card_setup_confirmed(
    *, setup_intent_id: str, metadata: Mapping[str, str], customer_id: str | None = None
) -> SetupIntentResult:
    """The SetupIntent the browser says it confirmed, as Stripe has it: it must carry ``metadata`` (what it was
    started for), belong to ``customer_id`` when given, and have succeeded with a card. Raises ApplicationError
    (field ``card``) otherwise."""
    if not setup_intent_id.startswith("seti_"):
        raise ApplicationError(NOT_CONFIRMED, field="card")
    intent = get_payment_gateway().retrieve_setup_intent(setup_intent_id)
    mismatch = any(intent.metadata.get(key) != value for key, value in metadata.items())
    if mismatch or (customer_id is not None and intent.customer_id != customer_id) or not intent.customer_id:
        logger.warning("setup intent refused setup_intent=%s: not started for this", intent.id)
        raise ApplicationError(NOT_CONFIRMED, field="card")
    if intent.status != "succeeded" or not intent.payment_method_id:
        raise ApplicationError("Your bank did not confirm the new card. Please try again.", field="card")
    return intent
