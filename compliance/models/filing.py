"""Electronic filing with the FEC: the committee's filing credentials (sealed) and each submission of a report
to the FEC's upload service, with the FEC's answer. Shapes follow FECfile Online's ``UploadSubmission``
(fecgov/fecfile-web-api, django-backend/fecfiler/web_services/models.py: fec_submission_id, fec_status,
fec_message, fec_report_id)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from committees.models import Committee
from compliance.models.reports import Report
from fundraising.models import TimeStampedModel


class FilingCredential(TimeStampedModel):
    """The committee's electronic filing password (the FEC's PIN for its committee id), sealed with
    fundraising.sealing; never shown back. One row per committee, replaced in place when a treasurer sets it."""

    committee = models.OneToOneField(Committee, on_delete=models.PROTECT, related_name="filing_credential")
    password_sealed = models.TextField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")


class FilingSubmission(TimeStampedModel):
    """One attempt to file one report. ``submitted`` (queued to the worker, uploading) -> ``processing`` (the FEC
    has it) -> ``accepted`` (the FEC gave a filing id; the report is marked filed) or ``rejected`` (the FEC's
    messages) or ``failed`` (never reached the FEC, or the upload was interrupted)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted"
        PROCESSING = "processing"
        ACCEPTED = "accepted"
        REJECTED = "rejected"
        FAILED = "failed"

    OPEN = (Status.SUBMITTED, Status.PROCESSING)

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="submissions")
    attempt = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    fec_submission_id = models.CharField(max_length=64, blank=True, default="")
    fec_filing_id = models.CharField(max_length=16, blank=True, default="", help_text="FEC-nnnnnnn on acceptance")
    messages = models.JSONField(default=list, blank=True, help_text="The FEC's messages (rejection reasons)")
    fec_sha256 = models.CharField(max_length=64, blank=True, default="", help_text="The .fec that was uploaded")
    upload_started_at = models.DateTimeField(null=True, blank=True)
    polls = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["report", "-attempt"]
        constraints = [
            models.UniqueConstraint(fields=["report", "attempt"], name="filing_submission_attempt_unique"),
            # The same report is never accepted twice, and never has two submissions in flight.
            models.UniqueConstraint(
                fields=["report"], condition=Q(status="accepted"), name="filing_submission_one_accepted"
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(status__in=["submitted", "processing"]),
                name="filing_submission_one_open",
            ),
        ]

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
