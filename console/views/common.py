"""Helpers shared by the console's views: rendering with the console's frame, service errors onto forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.roles import Role
from compliance.models import ReviewItem
from console.access import may, visible_committees
from fundraising.exceptions import ApplicationError


def page(
    request: HttpRequest, template: str, context: dict[str, Any], *, section: str, status: int = 200
) -> HttpResponse:
    committee = getattr(request, "committee", None)
    role = getattr(request, "role", None)
    frame = {
        "committee": committee,
        "committees": visible_committees(request.user),
        "section": section,
        "role_label": Role(role).label.split(" (")[0] if role else "",
        "can_staff": may(request, Role.STAFF),
        "can_treasurer": may(request, Role.TREASURER),
        "today": today_for(request),
    }
    if committee is not None and "open_items" not in context:
        frame["open_items"] = ReviewItem.objects.filter(committee=committee, status=ReviewItem.Status.OPEN).count()
    return render(request, template, {**frame, **context}, status=status)


def today_for(request: HttpRequest):  # noqa: ANN201
    committee = getattr(request, "committee", None)
    return timezone.localdate(timezone=committee.tzinfo) if committee is not None else timezone.localdate()


def form_error(form: forms.Form, exc: ApplicationError, *, fields: dict[str, str] | None = None) -> None:
    """Put a service's error on the form field it names (``fields`` maps service names to form names), else on
    the form as a whole. The template prints the field's label with it, so the message names the field."""
    name = (fields or {}).get(exc.field or "", exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def validation_error(form: forms.Form, exc: ValidationError) -> None:
    """A model's own check (full_clean) failed: each message on its field when the form has it."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
    for name, found in errors.items():
        for message in found:
            form.add_error(
                name if name in form.fields else None,
                f"{name.replace('_', ' ')}: {message}" if name and name not in form.fields else message,
            )
