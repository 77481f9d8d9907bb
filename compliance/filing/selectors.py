"""Reads about electronic filing: a report's submissions, whether a committee's filing password is set."""

from __future__ import annotations

from django.db.models import QuerySet

from committees.models import Committee
from compliance.models import FilingCredential, FilingSubmission, Report


def filing_submissions(*, report: Report) -> QuerySet[FilingSubmission]:
    """Newest attempt first."""
    return FilingSubmission.objects.filter(report=report).select_related("submitted_by").order_by("-attempt")


def filing_password_is_set(*, committee: Committee) -> bool:
    return FilingCredential.objects.filter(committee=committee).exists()
