"""Compliance-desk state: gifts reviewed, review queue items, reminders sent, best-efforts requests and 48-hour
notices.

Nothing here is deleted: an item is remedied or cleared, a notice is marked filed."""

from django.conf import settings
from django.db import models

from fundraising.models import TimeStampedModel


class ReviewItem(TimeStampedModel):
    """One contribution waiting for a treasurer's decision, with the date it must be settled by."""

    class Kind(models.TextChoices):
        EXCESSIVE = "excessive", "Excessive contribution"
        PROHIBITED = "prohibited", "Prohibited or questionable source"
        GENERAL_REFUND = "general_refund", "General-election money after a primary loss"

    class Status(models.TextChoices):
        OPEN = "open"
        REMEDIED = "remedied"
        CLEARED = "cleared"

    class Remedy(models.TextChoices):
        REFUND = "refund"
        REDESIGNATION = "redesignation"
        REATTRIBUTION = "reattribution"
        CLEARED = "cleared", "Cleared after review"

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="review_items")
    contribution = models.ForeignKey("donations.Contribution", on_delete=models.PROTECT, related_name="review_items")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    reason_code = models.CharField(max_length=32)
    reason = models.CharField(max_length=300)
    amount = models.DecimalField(max_digits=12, decimal_places=2, help_text="Excess or amount in question")
    deadline = models.DateField(db_index=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    remedy = models.CharField(max_length=16, choices=Remedy.choices, blank=True, default="")
    resolution_note = models.CharField(max_length=300, blank=True, default="")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["contribution", "kind", "reason_code"], name="review_item_unique_reason")
        ]
        indexes = [models.Index(fields=["committee", "status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"


class ContributionReview(models.Model):
    """That the desk has checked a gift (limits and sources), whether or not it found anything: one row per
    contribution. A gift without one is waiting; compliance.desk.review.contributions_review_pending claims it."""

    class Via(models.TextChoices):
        ENTRY = "entry", "In the recording transaction (staff entry, import)"
        WORKER = "worker", "By a worker after the gift was recorded (web gift, monthly installment)"
        BACKFILL = "backfill", "Recorded before reviews were recorded"

    contribution = models.OneToOneField(
        "donations.Contribution", on_delete=models.PROTECT, related_name="compliance_review"
    )
    reviewed_at = models.DateTimeField()
    via = models.CharField(max_length=8, choices=Via.choices)

    def __str__(self) -> str:
        return f"Review of contribution {self.contribution_id}"


class ReviewReminder(models.Model):
    """A reminder sent for an open item on day 45 or 55 after receipt: recorded once, so re-runs send nothing."""

    item = models.ForeignKey(ReviewItem, on_delete=models.PROTECT, related_name="reminders")
    day = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "day"], name="review_reminder_unique_day")]

    def __str__(self) -> str:
        return f"Reminder day {self.day} for item {self.item_id}"


class BestEffortsRequest(TimeStampedModel):
    """The follow-up request for a missing employer/occupation (11 CFR 104.7(b)): one per donor and cycle."""

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+")
    donor = models.ForeignKey("donations.Donor", on_delete=models.PROTECT, related_name="best_efforts_requests")
    contribution = models.ForeignKey(
        "donations.Contribution", on_delete=models.PROTECT, related_name="+", help_text="The gift that passed $200"
    )
    cycle = models.PositiveSmallIntegerField()
    due_by = models.DateField(help_text="30 days after the gift that passed $200")
    email = models.EmailField(blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["donor", "cycle"], name="best_efforts_unique_cycle")]

    def __str__(self) -> str:
        return f"Best-efforts request {self.pk} donor {self.donor_id}"


class FortyEightHourNotice(TimeStampedModel):
    """A Form 6 notice: the $1,000+ contributions received on one day for one election, due 48 hours after."""

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="notices_48h")
    election = models.ForeignKey("committees.Election", on_delete=models.PROTECT, related_name="+")
    date_received = models.DateField()
    deadline = models.DateTimeField(help_text="48 hours after the earliest receipt on the notice")
    filed_at = models.DateTimeField(null=True, blank=True)
    fec_filing_id = models.CharField(max_length=16, blank=True, default="")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amends = models.ForeignKey(
        "self",
        db_index=False,  # no CREATE INDEX on a live table (scripts/lint_migrations.py); amendments are few
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="amendments",
        help_text="The filed original notice this one amends (Form 6A); its gifts are the original's",
    )
    amendment_number = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return f"48-hour notice {self.pk} ({self.date_received})"


class FortyEightHourNoticeLine(models.Model):
    notice = models.ForeignKey(FortyEightHourNotice, on_delete=models.PROTECT, related_name="lines")
    contribution = models.OneToOneField("donations.Contribution", on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"notice {self.notice_id} contribution {self.contribution_id}"


class FortyEightHourNoticeGuarantee(models.Model):
    """A loan guarantee or endorsement on a notice: the guarantor's guaranteed portion is their contribution
    (11 CFR 100.52(b)(3)); the FEC's Form 6 instructions list "guarantees and endorsements of bank loans"."""

    notice = models.ForeignKey(FortyEightHourNotice, on_delete=models.PROTECT, related_name="guarantees")
    guarantor = models.OneToOneField("compliance.LoanGuarantor", on_delete=models.PROTECT, related_name="+")
    # The guaranteed amount as reported: a guarantor's share changes later (another guarantor joins a loan whose
    # agreement states no shares, the loan is repaid), and a notice, once written, never does.
    # Null only for a line written by code older than this column, during a rolling deploy (the migration fills the
    # rest); every notice writes it.
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True)

    def __str__(self) -> str:
        return f"notice {self.notice_id} guarantor {self.guarantor_id}"
