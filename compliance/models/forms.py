"""Filings that are not periodic reports: Form 99 (miscellaneous text to the FEC).

A Form 99 is written once, when the treasurer creates it: its .fec (validated) is kept with it, so what is
downloaded and filed is exactly what was checked. Nothing is deleted; a filed Form 99 is never changed."""

from django.conf import settings
from django.db import models

from fundraising.models import TimeStampedModel


class Form99(TimeStampedModel):
    """Form 99, miscellaneous text (e.g. a change of filing frequency, 11 CFR 104.5(c))."""

    class TextCode(models.TextChoices):
        MISC = "MST", "Miscellaneous report to the FEC"
        FREQUENCY = "MSM", "Change of filing frequency"
        DISAVOWAL = "MSI", "Disavowal response"
        LOAN_AGREEMENT = "MSW", "Loan agreement"

    class Frequency(models.TextChoices):
        QUARTERLY = "Q", "Quarterly"
        MONTHLY = "M", "Monthly"

    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="forms_99")
    text_code = models.CharField(max_length=3, choices=TextCode.choices)
    filing_frequency = models.CharField(max_length=1, choices=Frequency.choices, blank=True, default="")
    text = models.TextField()
    date_signed = models.DateField()
    fec_content = models.TextField(help_text="The .fec written and validated when the form was created (ASCII)")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(null=True, blank=True)
    fec_filing_id = models.CharField(max_length=16, blank=True, default="")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Form 99 {self.pk} ({self.text_code})"
