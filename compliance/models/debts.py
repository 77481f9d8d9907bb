"""Debts and obligations other than loans (Schedule D): owed by the committee (summary line 10; 12 on Form 3P)
or owed to it (line 9; 11 on Form 3P). A debt is entered once, when incurred; each payment and each change of its
amount is a new row."""

from django.conf import settings
from django.db import models

from committees.models import Committee
from fundraising.models import TimeStampedModel, new_transaction_id
from fundraising.validators import state_validator, zip_code_validator


class Debt(TimeStampedModel):
    class Direction(models.TextChoices):
        OWED_BY = "by", "Owed by the committee"
        OWED_TO = "to", "Owed to the committee"

    class Source(models.TextChoices):
        STAFF = "staff", "Staff entry"
        IMPORT = "import", "Import"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="debts")
    direction = models.CharField(max_length=2, choices=Direction.choices)
    entity_type = models.CharField(max_length=3, default="ORG", help_text="IND, ORG or COM: the other party")
    prefix = models.CharField(max_length=10, blank=True, default="")
    first_name = models.CharField(max_length=20, blank=True, default="")
    middle_name = models.CharField(max_length=20, blank=True, default="")
    last_name = models.CharField(max_length=30, blank=True, default="")
    suffix = models.CharField(max_length=10, blank=True, default="")
    organization_name = models.CharField(max_length=200, blank=True, default="")
    committee_fec_id = models.CharField(max_length=9, blank=True, default="")
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2, validators=[state_validator])
    zip_code = models.CharField(max_length=10, validators=[zip_code_validator])
    purpose = models.CharField(max_length=100)
    date_incurred = models.DateField(db_index=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="Dollars incurred")
    transaction_id = models.CharField(max_length=20, default=new_transaction_id)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.STAFF)
    external_id = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="debt_amount_positive"),
            models.UniqueConstraint(fields=["committee", "transaction_id"], name="debt_unique_tran_id"),
        ]

    def __str__(self) -> str:
        return f"Debt {self.transaction_id} ({self.direction})"


class DebtPayment(TimeStampedModel):
    """A payment on a debt: for a debt owed by the committee, the disbursement that paid it; for a debt owed to
    it, the receipt that settled it. Lowers the debt's balance from ``date_paid`` on."""

    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    date_paid = models.DateField()
    disbursement = models.OneToOneField(
        "compliance.Disbursement", null=True, blank=True, on_delete=models.PROTECT, related_name="debt_payment"
    )
    contribution = models.OneToOneField(
        "donations.Contribution", null=True, blank=True, on_delete=models.PROTECT, related_name="debt_payment"
    )

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="debt_payment_amount_positive")]

    def __str__(self) -> str:
        return f"Payment of {self.amount} on {self.debt_id}"


class DebtAdjustment(TimeStampedModel):
    """A change of a debt's amount other than a payment, dated: more billed (``increase``), part or all of it
    forgiven or settled by the creditor (``forgiven``; owed to the committee: the committee writes it off), or an
    estimate corrected (``correction``, either way; 11 CFR 104.11(b)). Never edits the debt: its balance on a day is
    the amount plus the adjustments and less the payments up to that day. On Schedule D an adjustment is part of
    "incurred this period" (a decrease as a negative amount), since the balance at close is the beginning balance
    plus what was incurred less what was paid. A forgiveness waits for a treasurer's review (11 CFR 116)."""

    class Kind(models.TextChoices):
        INCREASE = "increase", "More incurred (invoice grew)"
        FORGIVEN = "forgiven", "Forgiven or settled for less"
        CORRECTION = "correction", "Estimate corrected"

    class Review(models.TextChoices):
        NONE = "", "No review needed"
        OPEN = "open", "Waiting for the treasurer's review"
        CLEARED = "cleared", "Reviewed"

    debt = models.ForeignKey(Debt, on_delete=models.PROTECT, related_name="adjustments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="Dollars: + raises, - lowers the balance")
    date_adjusted = models.DateField(db_index=True)
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review = models.CharField(max_length=8, choices=Review.choices, blank=True, default=Review.NONE)
    review_reason = models.CharField(max_length=500, blank=True, default="")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    review_note = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="increase", amount__gt=0)
                    | models.Q(kind="forgiven", amount__lt=0)
                    | (models.Q(kind="correction") & ~models.Q(amount=0))
                ),
                name="debt_adjustment_sign_by_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.amount} on {self.debt_id}"
