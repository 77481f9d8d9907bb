"""What a loan's Schedule C needs beside its terms (``LoanTerms``): the agreement with a lending institution
(Schedule C-1) and the loan's endorsers or guarantors (Schedule C-2), 11 CFR 104.3(d)."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from fundraising.models import TimeStampedModel, new_transaction_id


class LoanAgreement(TimeStampedModel):
    """Schedule C-1: a loan or line of credit from a lending institution, as the agreement states it."""

    contribution = models.OneToOneField(
        "donations.Contribution", on_delete=models.PROTECT, related_name="loan_agreement"
    )
    transaction_id = models.CharField(max_length=20, default=new_transaction_id, unique=True)
    restructured = models.BooleanField(default=False)
    originally_incurred = models.DateField(null=True, blank=True, help_text="If restructured: the original date")
    credit_drawn = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    credit_balance = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    others_liable = models.BooleanField(default=False)
    collateral = models.CharField(max_length=100, blank=True, default="", help_text="Empty: no collateral")
    collateral_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    perfected_interest = models.BooleanField(default=False)
    future_income = models.CharField(max_length=100, blank=True, default="", help_text="Empty: none pledged")
    future_income_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    basis = models.CharField(max_length=100, blank=True, default="", help_text="If neither: the basis of the loan")
    treasurer_signed = models.DateField()
    officer_last_name = models.CharField(max_length=30)
    officer_first_name = models.CharField(max_length=20)
    officer_title = models.CharField(max_length=20)
    officer_signed = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"C-1 of loan {self.contribution_id}"


class LoanGuarantor(TimeStampedModel):
    """Schedule C-2: one endorser or guarantor of a loan and the amount guaranteed."""

    contribution = models.ForeignKey("donations.Contribution", on_delete=models.PROTECT, related_name="guarantors")
    transaction_id = models.CharField(max_length=20, default=new_transaction_id, unique=True)
    entity_type = models.CharField(max_length=3, choices=[("IND", "Individual"), ("ORG", "Organization")])
    organization_name = models.CharField(max_length=200, blank=True, default="")
    last_name = models.CharField(max_length=30, blank=True, default="")
    first_name = models.CharField(max_length=20, blank=True, default="")
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=10)
    employer = models.CharField(max_length=38, blank=True, default="")
    occupation = models.CharField(max_length=38, blank=True, default="")
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="Amount guaranteed (Schedule C-2)")
    # 11 CFR 100.52(b)(3): the guarantee is the guarantor's contribution. The committee's donor it counts for,
    # whether the agreement states each share (else equal shares of the loan), the limit period it counts in and
    # the liability counted there now (the share of the unpaid balance), kept by compliance.services.guarantees.
    donor = models.ForeignKey(  # indexed by Meta's named index, which the migration builds concurrently
        "donations.Donor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan_guarantees",
        db_index=False,
    )
    share_stated = models.BooleanField(default=True, db_default=True)
    limit_period_key = models.CharField(max_length=8, blank=True, default="", db_default="")
    counted = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0.00"), db_default=Decimal("0.00"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        indexes = [models.Index(fields=["donor"], name="loanguarantor_donor")]

    def __str__(self) -> str:
        return f"C-2 guarantor {self.pk} of loan {self.contribution_id}"
