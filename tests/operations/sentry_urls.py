"""A URLconf for the Sentry test: one view that fails while holding a donor's details."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def failing_donation(request: HttpRequest) -> HttpResponse:
    donor_email = request.POST.get("email", "")
    card = request.POST.get("card", "")
    raise ValueError(f"could not record gift for {donor_email} with card {card} phone 703-555-0199")


urlpatterns = [path("boom/", failing_donation)]
