"""The books against the money: conduit payouts (what a conduit sent and the fees it kept) and bank statements
with their transactions and what each is matched to. Never deleted; a re-match is recorded and audited."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from committees.models import Committee, Conduit
from fundraising.models import TimeStampedModel


class ConduitPayout(TimeStampedModel):
    """One disbursement from a conduit (ActBlue's ``Disbursement ID``): the gifts it carried and the fees the
    conduit kept. Its fees are booked as operating expenditures to the conduit (``fee_disbursements``)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="conduit_payouts")
    conduit = models.ForeignKey(Conduit, on_delete=models.PROTECT, related_name="+")
    payout_id = models.CharField(max_length=100)
    payout_date = models.DateField(db_index=True)
    gross = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    fees = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    fees_booked = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "conduit", "payout_id"], name="conduit_payout_unique"),
        ]

    @property
    def net(self):  # noqa: ANN201
        return self.gross - self.fees

    def __str__(self) -> str:
        return f"{self.conduit_id} payout {self.payout_id} {self.payout_date}"


class ConduitPayoutLine(models.Model):
    """One line item of a conduit payout, with the fee withheld on it (the import key is its source id)."""

    payout = models.ForeignKey(ConduitPayout, on_delete=models.PROTECT, related_name="lines")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=100)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    fee = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "source_id"], name="conduit_payout_line_unique"),
            models.CheckConstraint(condition=Q(fee__gte=0), name="conduit_payout_line_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} fee {self.fee}"


class BankStatement(TimeStampedModel):
    """One imported bank statement (a file) for a committee's account."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="bank_statements")
    account = models.CharField(max_length=64, blank=True, default="")
    start_date = models.DateField()
    end_date = models.DateField(db_index=True)
    opening_balance = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    closing_balance = models.DecimalField(max_digits=14, decimal_places=2)
    file_name = models.CharField(max_length=255, blank=True, default="")
    file_sha256 = models.CharField(max_length=64)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "file_sha256"], name="bank_statement_unique_file"),
        ]

    def __str__(self) -> str:
        return f"Statement {self.start_date}..{self.end_date} ({self.committee_id})"


class BankTransaction(TimeStampedModel):
    """One line of a bank statement (credits positive, debits negative) and what in the books it matches."""

    class Match(models.TextChoices):
        UNMATCHED = "unmatched"
        MATCHED = "matched", "Matched (exact amount and date)"
        DOUBTFUL = "doubtful", "Matched, to be confirmed by staff"
        CONFIRMED = "confirmed", "Confirmed by staff"

    statement = models.ForeignKey(BankStatement, on_delete=models.PROTECT, related_name="transactions")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    bank_id = models.CharField(max_length=255, help_text="The bank's transaction id (FITID): the import key")
    date = models.DateField(db_index=True)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    description = models.CharField(max_length=255, blank=True, default="")
    match = models.CharField(max_length=12, choices=Match.choices, default=Match.UNMATCHED)
    payout = models.ForeignKey(
        "donations.Payout", null=True, blank=True, on_delete=models.PROTECT, related_name="bank_transactions"
    )
    conduit_payout = models.ForeignKey(
        ConduitPayout, null=True, blank=True, on_delete=models.PROTECT, related_name="bank_transactions"
    )
    disbursement = models.ForeignKey(
        "compliance.Disbursement", null=True, blank=True, on_delete=models.PROTECT, related_name="bank_transactions"
    )
    refund = models.ForeignKey(
        "donations.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="bank_transactions"
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "bank_id"], name="bank_transaction_unique_bank_id"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} {self.bank_id}"
