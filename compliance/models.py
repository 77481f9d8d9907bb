"""Committees, elections, reports and the audit trail."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from compliance.validators import (
    committee_fec_id_validator,
    district_validator,
    election_code_validator,
    state_validator,
    time_zone_validator,
    zip_code_validator,
)
from fundraising.models import TimeStampedModel, new_transaction_id  # migrations name it here


class Committee(TimeStampedModel):
    class Type(models.TextChoices):
        HOUSE = "house", "House candidate committee"
        SENATE = "senate", "Senate candidate committee"
        PRESIDENTIAL = "presidential", "Presidential candidate committee"
        PAC = "pac", "PAC"
        PARTY = "party", "Party committee"

    fec_id = models.CharField(max_length=9, unique=True, validators=[committee_fec_id_validator])
    name = models.CharField(max_length=200)
    committee_type = models.CharField(max_length=16, choices=Type.choices)
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2, validators=[state_validator])
    zip_code = models.CharField(max_length=10, validators=[zip_code_validator])
    treasurer_last_name = models.CharField(max_length=30)
    treasurer_first_name = models.CharField(max_length=20)
    treasurer_middle_name = models.CharField(max_length=20, blank=True, default="")
    treasurer_prefix = models.CharField(max_length=10, blank=True, default="")
    treasurer_suffix = models.CharField(max_length=10, blank=True, default="")
    time_zone = models.CharField(max_length=64, default="America/New_York", validators=[time_zone_validator])
    election_state = models.CharField(max_length=2, blank=True, default="")
    election_district = models.CharField(max_length=2, blank=True, default="", validators=[district_validator])
    opening_cash_on_hand = models.DecimalField(
        max_digits=14, decimal_places=2, default=0, help_text="Cash on hand at opening_cash_as_of (before any report)"
    )
    opening_cash_as_of = models.DateField(null=True, blank=True)
    candidate_id = models.CharField(max_length=9, blank=True, default="", help_text="Candidate FEC id (Form 6)")
    candidate_last_name = models.CharField(max_length=30, blank=True, default="")
    candidate_first_name = models.CharField(max_length=20, blank=True, default="")
    candidate_office = models.CharField(
        max_length=1, blank=True, default="", choices=[("H", "House"), ("S", "Senate"), ("P", "President")]
    )
    conduit_memo_date = models.CharField(
        max_length=12,
        default="disbursement",
        choices=[("disbursement", "Conduit payout (Disbursement Date)"), ("check", "Conduit check (Check Date)")],
        help_text="Which conduit date is the earmark memo's date (when the committee received the money)",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fec_id})"

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def is_candidate_committee(self) -> bool:
        return self.committee_type in {self.Type.HOUSE, self.Type.SENATE, self.Type.PRESIDENTIAL}

    @property
    def report_form(self) -> str:
        if self.committee_type == self.Type.PRESIDENTIAL:
            return "F3P"
        if self.is_candidate_committee:
            return "F3"
        return "F3X"


class Election(TimeStampedModel):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="elections")
    code = models.CharField(max_length=5, validators=[election_code_validator])
    date = models.DateField()
    state = models.CharField(max_length=2, blank=True, default="")
    district = models.CharField(max_length=2, blank=True, default="")
    candidate_advanced = models.BooleanField(
        null=True, blank=True, help_text="Primary result: did the candidate advance to the general? (unknown: blank)"
    )

    class Meta:
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["committee", "code"], name="election_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.date:%Y-%m-%d})"


class Conduit(TimeStampedModel):
    """A conduit that forwards earmarked gifts (ActBlue, WinRed): data, not constants."""

    fec_id = models.CharField(max_length=9, unique=True, validators=[committee_fec_id_validator])
    name = models.CharField(max_length=200)
    street_1 = models.CharField(max_length=34)
    street_2 = models.CharField(max_length=34, blank=True, default="")
    city = models.CharField(max_length=30)
    state = models.CharField(max_length=2, validators=[state_validator])
    zip_code = models.CharField(max_length=10, validators=[zip_code_validator])
    fee_payee_name = models.CharField(max_length=200, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.name} ({self.fec_id})"


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
    date_signed = models.DateField(null=True, blank=True)
    fec_file = models.CharField(max_length=255, blank=True, default="")
    fec_sha256 = models.CharField(max_length=64, blank=True, default="")
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


class AuditEvent(models.Model):
    """Who changed money or compliance state, when, what changed and why. Written in the same
    transaction as the change; never updated or deleted."""

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=100, help_text="System actor when there is no user.")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}#{self.object_id}"


class ContributionLimit(models.Model):
    """One row of the FEC's limits chart: how much a kind of contributor may give a kind of committee,
    per election or per calendar year, for gifts to elections in a two-year cycle. Data, not code:
    new cycles are added as rows (the FEC indexes some limits in odd years)."""

    class RecipientType(models.TextChoices):
        CANDIDATE = "candidate", "Candidate committee"
        PAC = "pac", "PAC"
        PARTY = "party", "Party committee (state/district/local federal account)"

    class Period(models.TextChoices):
        ELECTION = "election", "Per election"
        YEAR = "year", "Per calendar year"

    cycle = models.PositiveSmallIntegerField(help_text="Even year closing the two-year cycle, e.g. 2026 for 2025–26")
    recipient_type = models.CharField(max_length=16, choices=RecipientType.choices)
    contributor_type = models.CharField(max_length=24, help_text="donations.ContributorType value")
    period = models.CharField(max_length=8, choices=Period.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    source = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        ordering = ["-cycle", "recipient_type", "contributor_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "recipient_type", "contributor_type"], name="contribution_limit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.contributor_type} → {self.recipient_type}: {self.amount} per {self.period}"


from compliance.desk.models import (  # noqa: E402  (desk models live in their own module, same app)
    BestEffortsRequest,
    FortyEightHourNotice,
    FortyEightHourNoticeLine,
    ReviewItem,
    ReviewReminder,
)

__all__ = [
    "AuditEvent",
    "BestEffortsRequest",
    "Committee",
    "Conduit",
    "ContributionLimit",
    "Disbursement",
    "Election",
    "FortyEightHourNotice",
    "FortyEightHourNoticeLine",
    "Report",
    "ReviewItem",
    "ReviewReminder",
    "TransactionText",
]
