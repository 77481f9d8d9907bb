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
from fundraising.models import TimeStampedModel


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
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
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
