"""Committees, their elections, the conduits that forward earmarked gifts, and the limits table."""

from zoneinfo import ZoneInfo

from django.db import models

from fundraising.models import TimeStampedModel
from fundraising.validators import (
    committee_fec_id_validator,
    district_validator,
    election_code_validator,
    state_validator,
    time_zone_validator,
    zip_code_validator,
)


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
    filing_frequency = models.CharField(
        max_length=10,
        default="quarterly",
        choices=[("quarterly", "Quarterly (semiannual in non-election years)"), ("monthly", "Monthly")],
        help_text="How often the committee files (PACs, parties and presidential committees may file monthly)",
    )
    multicandidate = models.BooleanField(
        default=False,
        db_default=False,
        help_text="Qualified (multicandidate) committee, 11 CFR 100.5(e)(3): registered 6+ months, 50+ contributors, "
        "5+ federal candidates supported. Sets the Form 3X cover box and the $5,000 limit it gives candidates",
    )
    senate_class = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        choices=[(1, "Class I (2024, 2030, …)"), (2, "Class II (2026, 2032, …)"), (3, "Class III (2028, 2034, …)")],
        help_text="Senate seat class: which general election ends the six-year cycle (11 CFR 100.3(b))",
    )
    conduit_memo_date = models.CharField(
        max_length=12,
        default="disbursement",
        choices=[("disbursement", "Conduit payout (Disbursement Date)"), ("check", "Conduit check (Check Date)")],
        help_text="Which conduit date is the earmark memo's date (when the committee received the money)",
    )

    class Meta:
        db_table = "compliance_committee"  # the table kept its name when the model moved here
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.fec_id})"

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def senate_general_year(self) -> int | None:
        """A year whose general election ends one of this Senate seat's cycles (None when not known)."""
        if self.senate_class:
            return 2024 + 2 * (self.senate_class - 1)
        return None

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


ELECTION_KINDS = {"P": "primary", "G": "general", "R": "runoff", "S": "special", "C": "convention"}


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
        db_table = "compliance_election"  # the table kept its name when the model moved here
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["committee", "code"], name="election_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} ({self.date:%Y-%m-%d})"

    @property
    def kind_name(self) -> str:
        return ELECTION_KINDS.get(self.code[:1], "election")

    @property
    def label(self) -> str:
        """The election in words, for donors: "2026 general election, Nov 3"."""
        kind = self.kind_name if self.kind_name.endswith("election") else f"{self.kind_name} election"
        return f"{self.date.year} {kind}, {self.date:%b} {self.date.day}"


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

    class Meta:
        db_table = "compliance_conduit"  # the table kept its name when the model moved here

    def __str__(self) -> str:
        return f"{self.name} ({self.fec_id})"


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
        db_table = "compliance_contributionlimit"  # the table kept its name when the model moved here
        ordering = ["-cycle", "recipient_type", "contributor_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "recipient_type", "contributor_type"], name="contribution_limit_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cycle} {self.contributor_type} → {self.recipient_type}: {self.amount} per {self.period}"
