"""Filing with the FEC from the console: the committee's filing password (Settings; write-only), "Submit to the
FEC" on a finished report (treasurer, fresh second factor) and the submission's status, refreshed by htmx while
the FEC is working on it (the page reloads once it answers, to show the report filed or the FEC's reasons)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.fresh import fresh_second_factor
from accounts.roles import Role
from compliance.filing.selectors import filing_password_is_set, filing_submissions
from compliance.models import FilingSubmission, Report
from compliance.selectors import report_get
from compliance.services.filing import filing_password_set, report_submit
from console import forms
from console.access import committee_view
from console.views.common import form_error, page
from fundraising.exceptions import ApplicationError

STATUS_WORDS = {
    FilingSubmission.Status.SUBMITTED: "Sending to the FEC…",
    FilingSubmission.Status.PROCESSING: "The FEC received it and is checking it…",
    FilingSubmission.Status.ACCEPTED: "Accepted by the FEC",
    FilingSubmission.Status.REJECTED: "Rejected by the FEC",
    FilingSubmission.Status.FAILED: "Not delivered",
}


def _report(request: HttpRequest, report_id: int) -> Report:
    try:
        return report_get(report_id=report_id, committee=request.committee)
    except ApplicationError:
        raise Http404("No such report.") from None


def filing_context(report: Report) -> dict:
    """What the report page shows about filing with the FEC."""
    submissions = list(filing_submissions(report=report)[:10])
    for submission in submissions:
        submission.words = STATUS_WORDS[submission.status]
    return {
        "submissions": submissions,
        "submission_open": any(s.is_open for s in submissions),
        "filing_password_set": filing_password_is_set(committee=report.committee),
    }


@committee_view(Role.TREASURER)
@fresh_second_factor
def filing_password(request: HttpRequest) -> HttpResponse:
    form = forms.FilingPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            filing_password_set(committee=request.committee, password=form.cleaned_data["password"], actor=request.user)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "The FEC filing password is kept (encrypted).")
            return HttpResponseRedirect(reverse("console:settings", args=[request.committee.fec_id]))
    context = {"form": form, "is_set": filing_password_is_set(committee=request.committee)}
    return page(
        request, "console/filing/password.html", context, section="settings", status=400 if form.errors else 200
    )


@committee_view(Role.TREASURER)
@fresh_second_factor
def report_submit_view(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    back = HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, found.pk]) + "#h-submit")
    if request.method != "POST":
        return back
    try:
        submission = report_submit(report=found, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return back
    messages.success(request, f"Submitted to the FEC (attempt {submission.attempt}); its answer shows below.")
    return back


@committee_view(Role.VIEWER)
def report_submissions(request: HttpRequest, report_id: int) -> HttpResponse:
    """The submissions block, polled by htmx while one is open; reloads the page once the FEC has answered."""
    found = _report(request, report_id)
    context = {"report": found, **filing_context(found)}
    response = page(request, "console/filing/submissions.html", context, section="reports")
    if request.headers.get("HX-Request") and not context["submission_open"]:
        response["HX-Refresh"] = "true"
    return response
