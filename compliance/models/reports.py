"""Reports, disbursements, loans and transaction texts: the books a committee files."""

from django.conf import settings
from django.db import models

from committees.models import Committee, Election
from fundraising.models import TimeStampedModel, new_transaction_id
from fundraising.validators import state_validator, zip_code_validator


class Report(TimeStampedModel):
    class Form(models.TextChoices):
        F3 = "F3", "Form 3 (House/Senate)"
        F3X = "F3X", "Form 3X (PAC/party)"
        F3P = "F3P", "Form 3P (Presidential)"

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="reports")
    form = models.CharField(max_length=4, choices=Form.choices)
    report_code = models.CharField(max_length=3)
    coverage_from = models.DateField()
    coverage_through = models.DateField()
    election = models.ForeignKey(Election, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    amendment_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments")
    amendment_number = models.PositiveSmallIntegerField(default=0)
    fec_filing_id = models.CharField(max_length=16, blank=True, default="")
    filed_at = models.DateTimeField(null=True, blank=True)
    date_signed = models.DateField(null=True, blank=True, help_text="The date on the cover (the .fec's date signed)")
    signed_by = models.CharField(
        max_length=100,
        blank=True,
        default="",
        help_text="Who signed the filing, recorded when it is marked filed (empty: nobody has signed)",
    )
    fec_file = models.CharField(max_length=255, blank=True, default="")
    fec_sha256 = models.CharField(max_length=64, blank=True, default="")
    ledger_head = models.CharField(
        max_length=80,
        blank=True,
        default="",
        db_default="",
        help_text="The ledger's chain head (link id:sha256) when the report was marked filed",
    )
    csv_file = models.CharField(max_length=255, blank=True, default="")
    csv_sha256 = models.CharField(max_length=64, blank=True, default="")
    summary_file = models.CharField(max_length=255, blank=True, default="")
    summary_sha256 = models.CharField(max_length=64, blank=True, default="")
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The build's claim: each claim bumps build_attempt; the builder beats heartbeat_at while it works and
    # publishes only if the report still carries its attempt (compliance.services.report_watchdog).
    build_attempt = models.PositiveIntegerField(default=0)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    needs_amendment = models.BooleanField(
        default=False, help_text="A transaction dated in this filed report's period was added after it was filed"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["committee", "status", "coverage_through"])]

    def __str__(self) -> str:
        return f"{self.form} {self.report_code} {self.coverage_from}..{self.coverage_through}"

    @property
    def form_type(self) -> str:
        """The cover record type: F3N for an original, F3A for an amendment."""
        return f"{self.form}{'A' if self.amendment_of_id else 'N'}"

    @property
    def is_filed(self) -> bool:
        return self.filed_at is not None


class Disbursement(TimeStampedModel):
    """Money a committee paid out, other than a contribution refund (those are donations.Refund rows):
    operating expenditures, transfers, loan repayments, contributions to candidates and committees, other
    disbursements. One row per payment, never deleted; corrections are new rows."""

    class Kind(models.TextChoices):
        OPERATING = "operating", "Operating expenditure"
        TRANSFER = "transfer", "Transfer to another authorized / affiliated committee"
        LOAN_REPAYMENT_CANDIDATE = "loan_repayment_candidate", "Repayment of a loan made or guaranteed by the candidate"
        LOAN_REPAYMENT_OTHER = "loan_repayment_other", "Repayment of another loan"
        CONTRIBUTION = "contribution", "Contribution to a candidate or committee"
        OTHER = "other", "Other disbursement"

    class Source(models.TextChoices):
        STAFF = "staff", "Staff entry"
        IMPORT = "import", "Import"

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="disbursements")
    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.OPERATING)
    entity_type = models.CharField(max_length=3, default="ORG", help_text="IND, ORG, COM or CAN")
    prefix = models.CharField(max_length=10, blank=True, default="")
    first_name = models.CharField(max_length=20, blank=True, default="")
    middle_name = models.CharField(max_length=20, blank=True, default="")
    last_name = models.CharField(max_length=30, blank=True, default="")
    suffix = models.CharField(max_length=10, blank=True, default="")
    organization_name = models.CharField(max_length=200, blank=True, default="")
    committee_fec_id = models.CharField(max_length=9, blank=True, default="", help_text="Payee committee's FEC id")
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2, validators=[state_validator])
    zip_code = models.CharField(max_length=10, validators=[zip_code_validator])
    purpose = models.CharField(max_length=100, blank=True, default="")
    category_code = models.CharField(max_length=3, blank=True, default="", help_text="SB category code 001-012")
    election = models.ForeignKey(Election, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    date_disbursed = models.DateField(db_index=True, help_text="FEC date of the payment")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    transaction_id = models.CharField(max_length=20, default=new_transaction_id)
    memo_text = models.CharField(max_length=100, blank=True, default="")
    is_memo = models.BooleanField(default=False, help_text="Disclosed on the report but never counted in totals")
    beneficiary_candidate_fec_id = models.CharField(max_length=9, blank=True, default="")
    beneficiary_candidate_last_name = models.CharField(max_length=30, blank=True, default="")
    beneficiary_candidate_first_name = models.CharField(max_length=20, blank=True, default="")
    beneficiary_candidate_office = models.CharField(max_length=1, blank=True, default="")
    beneficiary_candidate_state = models.CharField(max_length=2, blank=True, default="")
    beneficiary_candidate_district = models.CharField(max_length=2, blank=True, default="")
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.STAFF)
    external_id = models.CharField(max_length=100, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    loan = models.ForeignKey(
        "donations.Contribution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loan_repayments",
        help_text="For a loan repayment: the loan received (a loan_candidate / loan_other receipt) it repays",
    )
    in_kind_of = models.ForeignKey(
        "donations.Contribution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="in_kind_memos",
        db_index=False,  # read only through the period's disbursements; no index build on a busy table
        help_text="For an in-kind contribution's memo disbursement: the receipt it mirrors",
    )

    class Meta:
        indexes = [models.Index(fields=["committee", "date_disbursed"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="disbursement_amount_positive"),
            models.UniqueConstraint(fields=["committee", "transaction_id"], name="disbursement_unique_tran_id"),
            models.UniqueConstraint(
                fields=["committee", "source", "external_id"],
                condition=~models.Q(external_id=""),
                name="disbursement_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"Disbursement {self.transaction_id}"

    @property
    def payee_name(self) -> str:
        if self.entity_type in ("ORG", "COM"):
            return self.organization_name
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class LoanTerms(TimeStampedModel):
    """Terms of a loan the committee received (a donations.Contribution with receipt type loan_*), for its
    Schedule C record. A loan without a row here is reported as due on demand, 0% interest, unsecured."""

    contribution = models.OneToOneField("donations.Contribution", on_delete=models.CASCADE, related_name="loan_terms")
    due_date = models.DateField(null=True, blank=True, help_text="Empty: due on demand")
    interest_rate = models.DecimalField(
        max_digits=7, decimal_places=4, default=0, help_text="Annual interest rate in percent (5.25 = 5.25%)"
    )
    secured = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "loan terms"

    def __str__(self) -> str:
        return f"Loan terms of {self.contribution_id}"


class TransactionText(TimeStampedModel):
    """A TEXT memo record attached to one transaction (contribution, refund or disbursement), written after
    the schedules of every report that itemizes that transaction."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="transaction_texts")
    transaction_id = models.CharField(max_length=20, default=new_transaction_id)
    parent_transaction_id = models.CharField(max_length=20, help_text="Transaction id of the record it explains")
    text = models.CharField(max_length=4000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["committee", "transaction_id"], name="transaction_text_unique_tran_id")
        ]
        indexes = [models.Index(fields=["committee", "parent_transaction_id"])]

    def __str__(self) -> str:
        return f"TEXT {self.transaction_id} -> {self.parent_transaction_id}"


class FilingReminder(models.Model):
    """A reminder to the committee's people that a report is due: sent once per report, due date and day."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    report_code = models.CharField(max_length=3)
    due_date = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "report_code", "due_date", "days_before"], name="filing_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_code} due {self.due_date}: reminder {self.days_before} days before"
