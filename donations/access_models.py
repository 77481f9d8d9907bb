"""Donor self-service sign-in links (issue #16): one row per emailed link, so a link works once and expires.

Only a SHA-256 digest of the link's secret is stored: the database never holds a working link. Rows are kept
(used or expired) as the record of who asked for access and when."""

from django.db import models

from fundraising.models import TimeStampedModel


class DonorAccessLink(TimeStampedModel):
    committee = models.ForeignKey("committees.Committee", on_delete=models.PROTECT, related_name="+")
    page = models.ForeignKey("donations.DonationPage", on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(help_text="The address the link was sent to (lower case)")
    secret_digest = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the link's secret")
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["committee", "email"])]

    def __str__(self) -> str:
        return f"Access link {self.pk} ({'used' if self.used_at else 'unused'})"
