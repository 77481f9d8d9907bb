"""Stripe's money movement as the books need it: each balance transaction (a charge with its fee and net, a
refund, a dispute withdrawal or reinstatement with its fee) and each payout to the bank with what it settles.

Gifts keep their gross amount (what is reported as received); the fee and net of a gift are its charge's
balance transaction. Rows are written by ``donations.services.stripe_money`` from the API (webhooks and the
catch-up sync), never by hand, and never deleted."""

from django.db import models
from django.db.models import Q

from fundraising.models import TimeStampedModel


class Payout(TimeStampedModel):
    """One Stripe payout: money moved from the Stripe balance to the committee's bank."""

    class Status(models.TextChoices):
        PENDING = "pending"
        IN_TRANSIT = "in_transit", "In transit"
        PAID = "paid"
        FAILED = "failed"
        CANCELED = "canceled"

    stripe_payout_id = models.CharField(max_length=255, unique=True)
    committee = models.ForeignKey(
        "committees.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payouts",
        help_text="The committee whose money it carries (blank until its balance transactions are known)",
    )
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    status = models.CharField(max_length=16, choices=Status.choices)
    created_at_stripe = models.DateTimeField()
    arrival_at = models.DateTimeField(help_text="When Stripe expects (or saw) it arrive at the bank")
    arrival_date = models.DateField(db_index=True, help_text="Arrival day in the committee's time zone")
    failure_code = models.CharField(max_length=64, blank=True, default="")
    fees_booked_at = models.DateTimeField(
        null=True, blank=True, help_text="When its fees became operating expenditures (compliance.books)"
    )
    synced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "fees_booked_at"])]

    def __str__(self) -> str:
        return f"Payout {self.stripe_payout_id} ${self.amount} {self.status}"


class BalanceTransaction(models.Model):
    """One Stripe balance transaction: gross ``amount``, Stripe's ``fee`` and the ``net`` (dollars, signed as
    Stripe signs them: money out of the balance is negative)."""

    class Kind(models.TextChoices):
        CHARGE = "charge"
        REFUND = "refund"
        DISPUTE = "dispute", "Dispute withdrawal"
        DISPUTE_REVERSAL = "dispute_reversal", "Dispute reinstatement"
        PAYOUT = "payout"
        PAYOUT_FAILURE = "payout_failure", "Payout returned"
        OTHER = "other"

    stripe_id = models.CharField(max_length=255, unique=True)
    committee = models.ForeignKey(
        "committees.Committee", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    stripe_type = models.CharField(max_length=64)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    fee = models.DecimalField(max_digits=12, decimal_places=2)
    net = models.DecimalField(max_digits=14, decimal_places=2)
    created_at_stripe = models.DateTimeField()
    source_id = models.CharField(max_length=255, blank=True, default="", db_index=True)
    payout = models.ForeignKey(
        Payout, null=True, blank=True, on_delete=models.PROTECT, related_name="balance_transactions"
    )
    contribution = models.ForeignKey(
        "donations.Contribution", null=True, blank=True, on_delete=models.PROTECT, related_name="balance_transactions"
    )
    refund = models.ForeignKey(
        "donations.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="balance_transactions"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(fee__gte=0), name="balance_txn_fee_not_negative")]

    def __str__(self) -> str:
        return f"{self.stripe_id} {self.kind} {self.amount} (fee {self.fee})"
