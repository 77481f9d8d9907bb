"""What the donations app announces after a commit, for other apps and its own entry layer to act on.

Services send these once their transaction has committed; receivers only enqueue work (they hold no business
rules). Each signal stands for state that is already durable in the database, so a receiver that cannot reach
the broker loses nothing: a periodic sweep finds the same work from the rows."""

from django.db import transaction
from django.dispatch import Signal

# A contribution (a paid web gift or a monthly installment) was recorded.
# kwargs: contribution_pk: int, receipt_due: bool (a receipt email is waiting in the outbox).
# Receivers: compliance reviews the gift (compliance.apps); donations sends the receipt (donations.receivers).
contribution_recorded = Signal()

# A stored Stripe event waits to be applied. kwargs: stripe_event_pk: int. Sent once per claim (queued_at); the
# receiver that queues it answers True when the broker took the task (False: the claim is released).
stripe_event_pending = Signal()

# A stored Stripe event was applied (after commit). kwargs: event_type: str, lag_seconds: float (from receipt of the
# webhook to its processing). Receivers: operations (the webhook lag histogram).
stripe_event_processed = Signal()

# A monthly gift's next installment would pass the donor's limit. kwargs: gift_pk: int, reason: str.
recurring_gift_over_limit = Signal()


# A payout reached a final state (paid or failed) and its balance transactions are stored. kwargs: payout_pk.
# Receivers: compliance books its fees as operating expenditures (compliance.apps).
payout_settled = Signal()

# Donor self-service (issue #16). A donor asked for a sign-in link: kwargs page_slug, email (the worker looks the
# address up and sends the link, so the page answers alike either way). A donor asked for a copy of a receipt:
# kwargs contribution_pk. Receivers: donations.receivers (queue the emails).
donor_access_link_requested = Signal()
receipt_copy_requested = Signal()


def send_on_commit(signal: Signal, *, sender: type, **kwargs: object) -> None:
    """Send ``signal`` once the current transaction commits (at once outside a transaction)."""
    transaction.on_commit(lambda: signal.send(sender=sender, **kwargs))
