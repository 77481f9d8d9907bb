"""Independent expenditures of a PAC or party (Schedule E, F3X line 24; 11 CFR 104.4, 109.10) and the 24- and
48-hour reports (Form 24) that disclose them between regular reports.

Nothing here is deleted or rewritten: a correction is a new row pointing at the one it corrects (``corrects``),
sharing its FEC transaction id; the current version of an expenditure is the row nobody corrects."""

from django.conf import settings
from django.db import models

from fundraising.models import TimeStampedModel, new_transaction_id


class IndependentExpenditure(TimeStampedModel):
    """One independent expenditure: a communication expressly advocating the election or defeat of a clearly
    identified candidate, not coordinated with the candidate (11 CFR 100.16)."""

    class Source(models.TextChoices):
        STAFF = "staff", "Staff entry"
        IMPORT = "import", "Import"

    class SupportOppose(models.TextChoices):
        SUPPORT = "S", "Support"
        OPPOSE = "O", "Oppose"

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+")
    transaction_id = models.CharField(max_length=20, default=new_transaction_id)
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
        help_text="The earlier version this row corrects (same transaction id)",
    )
    entity_type = models.CharField(max_length=3, default="ORG", help_text="Payee: IND, ORG, COM or CAN")
    organization_name = models.CharField(max_length=200, blank=True, default="")
    last_name = models.CharField(max_length=30, blank=True, default="")
    first_name = models.CharField(max_length=20, blank=True, default="")
    middle_name = models.CharField(max_length=20, blank=True, default="")
    prefix = models.CharField(max_length=10, blank=True, default="")
    suffix = models.CharField(max_length=10, blank=True, default="")
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2)
    zip_code = models.CharField(max_length=10)
    payee_committee_fec_id = models.CharField(max_length=9, blank=True, default="")
    purpose = models.CharField(max_length=100, help_text="What was bought, e.g. 'TV ad' (SE purpose)")
    category_code = models.CharField(max_length=3, blank=True, default="")
    dissemination_date = models.DateField(db_index=True, help_text="Publicly distributed or disseminated on")
    expenditure_date = models.DateField(null=True, blank=True, help_text="Paid on (empty: not known yet)")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    support_oppose = models.CharField(max_length=1, choices=SupportOppose.choices)
    candidate_fec_id = models.CharField(max_length=9)
    candidate_last_name = models.CharField(max_length=30)
    candidate_first_name = models.CharField(max_length=20)
    candidate_office = models.CharField(max_length=1, help_text="H, S or P")
    candidate_state = models.CharField(max_length=2, blank=True, default="")
    candidate_district = models.CharField(max_length=2, blank=True, default="")
    election_code = models.CharField(max_length=5, help_text="e.g. G2028")
    election_date = models.DateField(help_text="The election's date: sets the 24- and 48-hour reporting periods")
    memo_text = models.CharField(max_length=100, blank=True, default="")
    is_memo = models.BooleanField(default=False, help_text="Disclosed but never counted in totals")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.STAFF)
    external_id = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["dissemination_date", "pk"]
        indexes = [models.Index(fields=["committee", "dissemination_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="ie_amount_positive"),
            models.UniqueConstraint(
                fields=["committee", "transaction_id"],
                condition=models.Q(corrects__isnull=True),
                name="ie_unique_original_tran_id",
            ),
            models.UniqueConstraint(
                fields=["committee", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="ie_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"Independent expenditure {self.transaction_id} ({self.pk})"

    @property
    def payee_name(self) -> str:
        if self.entity_type in ("IND", "CAN"):
            return " ".join(p for p in (self.first_name, self.last_name) if p)
        return self.organization_name


class IndependentExpenditureReport(TimeStampedModel):
    """A Form 24: the independent expenditures that crossed a 24- or 48-hour reporting threshold together."""

    class Type(models.TextChoices):
        HOURS_24 = "24", "24-hour report"
        HOURS_48 = "48", "48-hour report"

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+")
    report_type = models.CharField(max_length=2, choices=Type.choices)
    election_code = models.CharField(max_length=5)
    office = models.CharField(max_length=1)
    state = models.CharField(max_length=2, blank=True, default="")
    district = models.CharField(max_length=2, blank=True, default="")
    deadline = models.DateTimeField()
    filed_at = models.DateTimeField(null=True, blank=True)
    fec_filing_id = models.CharField(max_length=16, blank=True, default="")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"{self.report_type}-hour report {self.pk} ({self.election_code})"


class IndependentExpenditureReportLine(models.Model):
    """One expenditure on a Form 24 (the version that was current when it was listed)."""

    report = models.ForeignKey(IndependentExpenditureReport, on_delete=models.PROTECT, related_name="lines")
    expenditure = models.OneToOneField(IndependentExpenditure, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"Form 24 {self.report_id} expenditure {self.expenditure_id}"
