"""A loan's Schedule C-1 (the agreement with a lending institution) and C-2 (its endorsers and guarantors), from
the loan's page, through the services the API calls (compliance.services.loan_schedules). Treasurers enter; the
loan's page shows what is recorded to every role."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.roles import Role
from compliance.models import LoanAgreement
from compliance.reports.lines import LOAN_RECEIPT_TYPES
from compliance.services.loan_schedules import (
    GuarantorInput,
    LoanAgreementInput,
    loan_agreement_record,
    loan_guarantor_add,
)
from console.access import committee_view
from console.forms_schedules import GuarantorForm, LoanAgreementForm
from console.views.common import form_error, page, today_for
from donations.models import Contribution
from fundraising.exceptions import ApplicationError

TEMPLATES = "console/loans/"


def loan_extras(row: Contribution) -> dict:
    """For a receipt's page: if it is a loan, its C-1 and C-2 entries and which can still be added."""
    if row.receipt_type not in LOAN_RECEIPT_TYPES or row.is_memo:
        return {}
    agreement = LoanAgreement.objects.filter(contribution=row).first()
    return {
        "is_loan": True,
        "agreement": agreement,
        "agreement_possible": agreement is None and row.donor.entity_type == "ORG",
        "guarantors": row.guarantors.order_by("pk"),
    }


def _loan(request: HttpRequest, transaction_id: str) -> Contribution:
    loan = (
        Contribution.objects.select_related("donor")
        .filter(committee=request.committee, transaction_id=transaction_id, receipt_type__in=LOAN_RECEIPT_TYPES)
        .first()
    )
    if loan is None:
        raise Http404("No such loan in this committee's books.")
    return loan


def _back(request: HttpRequest, loan: Contribution) -> HttpResponseRedirect:
    return HttpResponseRedirect(
        reverse("console:transaction", args=[request.committee.fec_id, "receipt", loan.transaction_id])
    )


@committee_view(Role.TREASURER)
def loan_agreement(request: HttpRequest, transaction_id: str) -> HttpResponse:
    loan = _loan(request, transaction_id)
    today = today_for(request)
    form = LoanAgreementForm(request.POST or None, initial={"treasurer_signed": today, "officer_signed": today})
    if request.method == "POST" and form.is_valid():
        try:
            agreement = loan_agreement_record(
                loan=loan, data=LoanAgreementInput(**form.cleaned_data), actor=request.user
            )
        except ApplicationError as exc:
            form_error(form, exc, fields={"loan": None})
        else:
            messages.success(request, f"Schedule C-1 recorded ({agreement.transaction_id}).")
            return _back(request, loan)
    context = {"loan": loan, "form": form, "recorded": LoanAgreement.objects.filter(contribution=loan).first()}
    status = 400 if form.errors else 200
    return page(request, TEMPLATES + "agreement.html", context, section="ledger", status=status)


@committee_view(Role.TREASURER)
def loan_guarantor(request: HttpRequest, transaction_id: str) -> HttpResponse:
    loan = _loan(request, transaction_id)
    form = GuarantorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            guarantor = loan_guarantor_add(loan=loan, data=GuarantorInput(**form.cleaned_data), actor=request.user)
        except ApplicationError as exc:
            form_error(form, exc, fields={"loan": None})
        else:
            messages.success(request, f"Guarantor recorded on Schedule C-2 ({guarantor.transaction_id}).")
            return _back(request, loan)
    context = {"loan": loan, "form": form, "guarantors": loan.guarantors.order_by("pk")}
    status = 400 if form.errors else 200
    return page(request, TEMPLATES + "guarantor.html", context, section="ledger", status=status)
