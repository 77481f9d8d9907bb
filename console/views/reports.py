"""Reports: list, new report (the API's defaults), live progress (htmx polling), validation errors in plain words
linking to the transaction, downloads (the API's audited file endpoints), the printable summary as the FEC lays
it out (HTML and PDF), mark filed (who signed, when), amend, and the filing calendar."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.audit import audit_export
from accounts.fresh import fresh_second_factor
from accounts.roles import Role
from compliance.filing_calendar import filing_calendar
from compliance.models import Report
from compliance.selectors import report_get, report_list
from compliance.services.reports import report_amend, report_mark_filed, report_request
from compliance.summary_lines import COLUMN_B, signature_line, summary_sections
from console import forms
from console.access import committee_view
from console.pdf import summary_pdf
from console.views.common import form_error, page, today_for
from console.views.filing import filing_context
from fundraising.exceptions import ApplicationError

_RECORD = re.compile(r"\((?P<form>S[ABC][\w/]*|TEXT|F\w+) (?P<tid>[A-Z0-9._-]+)\)")
_FIELD = re.compile(r"\b(contributor|payee|lender|beneficiary_candidate|expenditure|contribution|memo)_([a-z0-9_]+)")
_WORDS = {"zip": "ZIP code", "fec_id": "FEC id", "purpose_descrip": "purpose", "aggregate_amount": "aggregate"}


def plain_error(text: str) -> dict[str, str]:
    """One builder error in plain words, with the transaction it is about (when it names one)."""
    record = _RECORD.search(text)

    def words(match: re.Match) -> str:
        who, what = match.groups()
        what = _WORDS.get(what, what.replace("_", " "))
        owner = {"contributor": "the contributor's", "payee": "the payee's", "lender": "the lender's"}.get(who, "")
        return f"{owner} {what}".strip() if owner else f"{who.replace('_', ' ')} {what}"

    return {"text": _FIELD.sub(words, text), "transaction_id": record.group("tid") if record else ""}


def _report(request: HttpRequest, report_id: int) -> Report:
    try:
        return report_get(report_id=report_id, committee=request.committee)
    except ApplicationError:
        raise Http404("No such report.") from None


@committee_view(Role.VIEWER)
def reports(request: HttpRequest) -> HttpResponse:
    today = today_for(request)
    context = {
        "reports": report_list(committee=request.committee)[:100],
        "upcoming": [
            d
            for d in filing_calendar(committee=request.committee, start=today, end=today + dt.timedelta(days=200))
            if d.kind == "report"
        ][:4],
    }
    return page(request, "console/reports/list.html", context, section="reports")


@committee_view(Role.TREASURER)
def report_new(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    today = today_for(request)
    upcoming = [
        d
        for d in filing_calendar(committee=committee, start=today, end=today + dt.timedelta(days=200))
        if d.kind == "report"
    ]
    suggestion = upcoming[0] if upcoming else None
    initial = {"year": today.year}
    if suggestion is not None:
        initial = {
            "report_code": suggestion.code,
            "year": suggestion.coverage_through.year,
            "election": suggestion.election,
        }
    for key in ("report_code", "year", "election"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    form = forms.ReportForm(request.POST or None, committee=committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        election = committee.elections.filter(code=d["election"]).first() if d["election"] else None
        try:
            report = report_request(
                committee=committee,
                report_code=d["report_code"],
                year=d["year"],
                election=election,
                coverage_from=d["coverage_from"],
                coverage_through=d["coverage_through"],
                date_signed=d["date_signed"],
                requested_by=request.user,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, f"Report {report.report_code} {report.coverage_from}–{report.coverage_through} queued."
            )
            return HttpResponseRedirect(reverse("console:report", args=[committee.fec_id, report.pk]))
    context = {"form": form, "suggestion": suggestion, "form_name": committee.report_form}
    return page(request, "console/reports/new.html", context, section="reports", status=400 if form.errors else 200)


def _detail_context(request: HttpRequest, report: Report) -> dict:
    return {
        "report": report,
        "errors": [plain_error(e) for e in report.errors],
        "sections": summary_sections(report.form, report.summary) if report.summary else [],
        "column_b": COLUMN_B[report.form],
        "amendments": Report.objects.filter(amendment_of=report.amendment_of or report).exclude(pk=report.pk),
        "working": report.status in (Report.Status.QUEUED, Report.Status.RUNNING),
        "signature": signature_line(report),
        **filing_context(report),
    }


@committee_view(Role.VIEWER)
def report(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    context = _detail_context(request, found)
    context["filed_form"] = forms.MarkFiledForm(
        initial={
            "signed_by": f"{request.committee.treasurer_first_name} {request.committee.treasurer_last_name}",
            "date_signed": found.date_signed,
        }
    )
    return page(request, "console/reports/detail.html", context, section="reports")


@committee_view(Role.VIEWER)
def report_progress(request: HttpRequest, report_id: int) -> HttpResponse:
    """The progress bar, polled by htmx every second while the worker builds; when the build ends the whole page
    reloads (``HX-Refresh``) to show the summary or the errors."""
    found = _report(request, report_id)
    response = page(request, "console/reports/progress.html", _detail_context(request, found), section="reports")
    if found.status not in (Report.Status.QUEUED, Report.Status.RUNNING) and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@committee_view(Role.VIEWER)
def report_summary(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    if not found.summary:
        raise Http404("This report has no summary yet.")
    audit_export(actor=request.user, what="report_summary_page", obj=found, after={"format": "html"})
    return page(request, "console/reports/summary.html", _detail_context(request, found), section="reports")


@committee_view(Role.VIEWER)
def report_summary_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    if not found.summary:
        raise Http404("This report has no summary yet.")
    body = summary_pdf(found, summary_sections(found.form, found.summary), COLUMN_B[found.form])
    audit_export(actor=request.user, what="report_summary_page", obj=found, after={"format": "pdf"})
    response = HttpResponse(body, content_type="application/pdf")
    name = f"{found.committee.fec_id}_{found.form_type}_{found.report_code}_{found.pk}_summary.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@committee_view(Role.TREASURER)
@fresh_second_factor
def report_filed(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    form = forms.MarkFiledForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_mark_filed(
                report=found,
                fec_filing_id=form.cleaned_data["fec_filing_id"],
                signed_by=form.cleaned_data["signed_by"],
                date_signed=form.cleaned_data["date_signed"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(
                request, f"Marked filed as FEC-{found.fec_filing_id or form.cleaned_data['fec_filing_id']}."
            )
            return HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, found.pk]))
    context = _detail_context(request, found)
    context["filed_form"] = form
    return page(request, "console/reports/detail.html", context, section="reports", status=400 if form.errors else 200)


@committee_view(Role.TREASURER)
def report_amend_view(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, found.pk]))
    try:
        amendment = report_amend(report=found, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, found.pk]))
    messages.success(request, f"Amendment {amendment.amendment_number} queued.")
    return HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, amendment.pk]))


@committee_view(Role.TREASURER)
def report_rebuild(request: HttpRequest, report_id: int) -> HttpResponse:
    """Build an unfiled report again as a new report with the same code and dates (after fixing its errors)."""
    found = _report(request, report_id)
    if request.method != "POST" or found.is_filed:
        return HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, found.pk]))
    try:
        again = report_request(
            committee=found.committee,
            report_code=found.report_code,
            coverage_from=found.coverage_from,
            coverage_through=found.coverage_through,
            election=found.election,
            requested_by=request.user,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, found.pk]))
    messages.success(request, "Building again.")
    return HttpResponseRedirect(reverse("console:report", args=[request.committee.fec_id, again.pk]))


@committee_view(Role.VIEWER)
def calendar(request: HttpRequest) -> HttpResponse:
    today = today_for(request)
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    deadlines = filing_calendar(committee=request.committee, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    context = {"deadlines": deadlines, "year": year, "years": [year - 1, year + 1]}
    return page(request, "console/reports/calendar.html", context, section="reports")
