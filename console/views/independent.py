"""Independent expenditures of a PAC or party (Schedule E) and the 24- and 48-hour reports they call for (Form 24),
through the services the API calls (compliance.services.independent, compliance.desk.ie_notices): the list with
each expenditure's calendar-year aggregate per race, entering and correcting one (treasurers), and each Form 24 with
its .fec download and marking it filed (treasurers, fresh second factor, as for reports). Viewers read. A
candidate's committee makes no independent expenditures: the section does not exist for it (404)."""

from __future__ import annotations

from dataclasses import fields

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_export
from accounts.fresh import fresh_second_factor
from accounts.roles import Role
from audit.models import AuditEvent
from compliance.desk.ie_notices import (
    ie_report_expenditures,
    ie_report_fec_bytes,
    ie_report_mark_filed,
    ie_report_total,
    ie_reports_sync,
)
from compliance.desk.ie_reports import EASTERN
from compliance.models import IndependentExpenditure, IndependentExpenditureReport
from compliance.reports.schedule_e import aggregates_for
from compliance.selectors import ie_current
from compliance.services.independent import IndependentExpenditureInput, ie_by_transaction_id, ie_enter
from console.access import committee_view
from console.forms_schedules import IEReportFiledForm, IndependentExpenditureForm
from console.views.common import form_error, page, today_for
from fundraising.exceptions import ApplicationError

SECTION = "independent"
TEMPLATES = "console/independent/"
# service field name -> form field name (the rest are the same)
FIELDS = {"payee_committee_fec_id": "fec_id", "category_code": "category", "election_code": "election"}
FIELDS |= {"is_memo": "memo", "committee": None}


def _pac_or_party(request: HttpRequest) -> None:
    if request.committee.is_candidate_committee:
        raise Http404("A candidate's committee makes no independent expenditures.")


def _report(request: HttpRequest, report_id: int) -> IndependentExpenditureReport:
    _pac_or_party(request)
    found = IndependentExpenditureReport.objects.filter(committee=request.committee, pk=report_id).first()
    if found is None:
        raise Http404("No such 24/48-hour report.")
    return found


@committee_view(Role.VIEWER)
def independent(request: HttpRequest) -> HttpResponse:
    _pac_or_party(request)
    committee = request.committee
    rows = list(ie_current(committee).order_by("-dissemination_date", "-pk")[:500])
    aggregates = aggregates_for(committee, (ie.dissemination_date.year for ie in rows))
    reports = IndependentExpenditureReport.objects.filter(committee=committee)
    context = {
        "rows": [(ie, aggregates.get(ie.transaction_id)) for ie in rows],
        "due": [(r, ie_report_total(r)) for r in reports.filter(filed_at__isnull=True).order_by("deadline")],
        "filed": [(r, ie_report_total(r)) for r in reports.filter(filed_at__isnull=False).order_by("-filed_at")[:20]],
        "now": timezone.now(),
    }
    return page(request, TEMPLATES + "list.html", context, section=SECTION)


def _entry(data: dict) -> IndependentExpenditureInput:
    return IndependentExpenditureInput(
        entity_type=data["entity_type"],
        organization_name=data["organization_name"],
        last_name=data["last_name"],
        first_name=data["first_name"],
        payee_committee_fec_id=data["fec_id"],
        street_1=data["street_1"],
        street_2=data["street_2"],
        city=data["city"],
        state=data["state"],
        zip_code=data["zip_code"],
        purpose=data["purpose"],
        category_code=data["category"],
        dissemination_date=data["dissemination_date"],
        expenditure_date=data["expenditure_date"],
        amount=data["amount"],
        support_oppose=data["support_oppose"],
        candidate_fec_id=data["candidate_fec_id"].upper(),
        candidate_last_name=data["candidate_last_name"],
        candidate_first_name=data["candidate_first_name"],
        candidate_office=data["candidate_office"],
        candidate_state=data["candidate_state"],
        candidate_district=data["candidate_district"],
        election_code=data["election"].upper(),
        election_date=data["election_date"],
        memo_text=data["memo_text"],
        is_memo=data["memo"],
    )


def _initial(ie: IndependentExpenditure) -> dict:
    values = {f.name: getattr(ie, f.name) for f in fields(IndependentExpenditureInput) if hasattr(ie, f.name)}
    for service_name, form_name in FIELDS.items():
        if form_name and hasattr(ie, service_name):
            values[form_name] = getattr(ie, service_name)
    return values


def _enter_form(request: HttpRequest, *, corrects: IndependentExpenditure | None) -> HttpResponse:
    committee = request.committee
    initial = _initial(corrects) if corrects else {"dissemination_date": today_for(request)}
    form = IndependentExpenditureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():  # the entry and the Form 24s it makes due, or neither
                row = ie_enter(
                    committee=committee,
                    data=_entry(d),
                    actor=request.user,
                    corrects=corrects,
                    transaction_id="" if corrects else d["transaction_id"],
                )
                opened = ie_reports_sync(committee=committee, as_of=timezone.localdate(timezone=EASTERN))
        except ApplicationError as exc:
            form_error(form, exc, fields={k: v for k, v in FIELDS.items() if v})
        else:
            said = "corrected" if corrects else "recorded"
            messages.success(request, f"Independent expenditure {row.transaction_id} {said}: ${row.amount:,.2f}.")
            if opened:
                messages.warning(request, f"{len(opened)} new 24/48-hour report(s) due: see below.")
            return HttpResponseRedirect(reverse("console:independent", args=[committee.fec_id]))
    context = {"form": form, "corrects": corrects}
    if corrects is not None:
        versions = IndependentExpenditure.objects.filter(committee=committee, transaction_id=corrects.transaction_id)
        ids = [str(pk) for pk in versions.values_list("pk", flat=True)]
        history = AuditEvent.objects.filter(object_type="IndependentExpenditure", object_id__in=ids)
        context["history"] = history.order_by("occurred_at")
    status = 400 if form.errors else 200
    return page(request, TEMPLATES + "form.html", context, section=SECTION, status=status)


@committee_view(Role.TREASURER)
def independent_new(request: HttpRequest) -> HttpResponse:
    _pac_or_party(request)
    return _enter_form(request, corrects=None)


@committee_view(Role.TREASURER)
def independent_correct(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """A corrected version (a new row with the same transaction id); the earlier one is kept."""
    _pac_or_party(request)
    current = ie_by_transaction_id(request.committee, transaction_id)
    if current is None:
        raise Http404("No such independent expenditure.")
    return _enter_form(request, corrects=current)


@committee_view(Role.VIEWER)
def ie_report(request: HttpRequest, report_id: int) -> HttpResponse:
    return _report_page(request, _report(request, report_id), None)


def _report_page(
    request: HttpRequest, found: IndependentExpenditureReport, form: IEReportFiledForm | None
) -> HttpResponse:
    context = {
        "report": found,
        "rows": ie_report_expenditures(found),
        "total": ie_report_total(found),
        "form": form or IEReportFiledForm(),
        "now": timezone.now(),
    }
    status = 400 if form is not None and form.errors else 200
    return page(request, TEMPLATES + "report.html", context, section=SECTION, status=status)


@committee_view(Role.VIEWER)
def ie_report_file(request: HttpRequest, report_id: int) -> HttpResponse:
    """The Form 24's .fec (HDR, F24N, SE …), validated against the FEC's schemas; the download is audited."""
    found = _report(request, report_id)
    try:
        body = ie_report_fec_bytes(found, date_signed=today_for(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("console:ie_report", args=[request.committee.fec_id, found.pk]))
    audit_export(actor=request.user, what="ie_report_fec", obj=found, after={"bytes": len(body)})
    response = HttpResponse(body, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{request.committee.fec_id}_F24_{found.pk}.fec"'
    return response


@committee_view(Role.TREASURER)
@fresh_second_factor
def ie_report_filed(request: HttpRequest, report_id: int) -> HttpResponse:
    found = _report(request, report_id)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("console:ie_report", args=[request.committee.fec_id, found.pk]))
    form = IEReportFiledForm(request.POST)
    if form.is_valid():
        try:
            ie_report_mark_filed(report=found, actor=request.user, fec_filing_id=form.cleaned_data["fec_filing_id"])
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"{found.report_type}-hour report #{found.pk} marked filed.")
            return HttpResponseRedirect(reverse("console:ie_report", args=[request.committee.fec_id, found.pk]))
    return _report_page(request, found, form)
