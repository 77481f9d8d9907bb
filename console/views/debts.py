"""Debts and obligations owed by and to the committee (Schedule D, lines 9 and 10): the list with what is still
owed, entering a debt, recording a payment on one and changing its amount (more billed, forgiven, an estimate
corrected), through compliance.services.debts and debt_adjustments (the API and the CSV import use the same).
Viewers read; treasurers enter, pay, adjust and review a forgiveness, as with disbursements."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import Debt, DebtAdjustment
from compliance.services.debt_adjustments import debt_adjust, debt_adjustment_review
from compliance.services.debts import debt_enter, debt_pay
from compliance.services.entries import Counterparty
from console.access import committee_view
from console.forms_entries import (
    DebtAdjustmentForm,
    DebtAdjustmentReviewForm,
    DebtFilterForm,
    DebtForm,
    DebtPaymentForm,
)
from console.selectors_debts import debt_line, debts_by_direction
from console.views.common import form_error, page, today_for, validation_error
from console.views.ledger import PERSON
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError

SECTION = "debts"
PAYMENT_FIELDS = {"date": "date_paid", "date_disbursed": "date_paid", "date_received": "date_paid"}
ADJUSTMENT_FIELDS = {"date": "date_adjusted"}


def _debt(request: HttpRequest, transaction_id: str) -> Debt:
    debt = Debt.objects.filter(committee=request.committee, transaction_id=transaction_id).first()
    if debt is None:
        raise Http404("No such debt in this committee's books.")
    return debt


@committee_view(Role.VIEWER)
def debts(request: HttpRequest) -> HttpResponse:
    form = DebtFilterForm(request.GET or None)
    include_paid = form.is_valid() and form.cleaned_data["show"] == "all"
    context = {"form": form, "sides": debts_by_direction(committee=request.committee, include_paid=include_paid)}
    return page(request, "console/debts/list.html", context, section=SECTION)


@committee_view(Role.TREASURER)
def debt_new(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    initial = {"date_incurred": today_for(request)}
    if request.GET.get("direction") in Debt.Direction.values:
        initial["direction"] = request.GET["direction"]
    form = DebtForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        who = Counterparty(code=d["entity_type"], identity=DonorInput(**{k: d[k] or "" for k in PERSON}))
        try:
            debt = debt_enter(
                committee=committee,
                direction=d["direction"],
                who=who,
                amount=d["amount"],
                date_incurred=d["date_incurred"],
                purpose=d["purpose"],
                transaction_id=d["transaction_id"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form_error(form, exc, fields={"date": "date_incurred"})
        except ValidationError as exc:
            validation_error(form, exc)
        else:
            messages.success(request, f"Debt {debt.transaction_id} recorded: ${debt.amount:,.2f}.")
            return HttpResponseRedirect(reverse("console:debt", args=[committee.fec_id, debt.transaction_id]))
    status = 400 if form.errors else 200
    return page(request, "console/debts/form.html", {"form": form}, section=SECTION, status=status)


def _debt_page(
    request: HttpRequest,
    row: Debt,
    *,
    adjust_form: DebtAdjustmentForm | None = None,
    review_form: DebtAdjustmentReviewForm | None = None,
    review_of: int | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "line": debt_line(row),
        "payments": row.payments.select_related("disbursement", "contribution").order_by("date_paid", "pk"),
        "adjustments": row.adjustments.select_related("created_by", "reviewed_by").order_by("date_adjusted", "pk"),
        "adjust_form": adjust_form or DebtAdjustmentForm(initial={"date_adjusted": today_for(request)}),
        "review_form": review_form or DebtAdjustmentReviewForm(),
        "review_of": review_of,
        "history": AuditEvent.objects.filter(object_type="Debt", object_id=str(row.pk)).order_by("occurred_at"),
    }
    return page(request, "console/debts/detail.html", context, section=SECTION, status=status)


@committee_view(Role.VIEWER)
def debt(request: HttpRequest, transaction_id: str) -> HttpResponse:
    return _debt_page(request, _debt(request, transaction_id))


@committee_view(Role.TREASURER)
def debt_adjustment(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """A change of the debt's amount other than a payment, from the form on the debt's page: a new row, the debt
    is never edited; a forgiveness waits for the treasurer's review (11 CFR 116)."""
    row = _debt(request, transaction_id)
    here = reverse("console:debt", args=[request.committee.fec_id, row.transaction_id])
    if request.method != "POST":
        return HttpResponseRedirect(here)
    form = DebtAdjustmentForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            change = debt_adjust(
                debt=row,
                kind=d["kind"],
                amount=d["amount"],
                date_adjusted=d["date_adjusted"],
                reason=d["reason"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form_error(form, exc, fields=ADJUSTMENT_FIELDS)
        except ValidationError as exc:
            validation_error(form, exc)
        else:
            said = f"{change.get_kind_display()} of ${change.amount:,.2f} on debt {row.transaction_id} recorded."
            if change.review == DebtAdjustment.Review.OPEN:
                said += " It waits for the treasurer's review (11 CFR 116)."
            messages.success(request, said)
            return HttpResponseRedirect(here)
    return _debt_page(request, row, adjust_form=form, status=400)


@committee_view(Role.TREASURER)
def debt_adjustment_reviewed(request: HttpRequest, transaction_id: str, adjustment_id: int) -> HttpResponse:
    row = _debt(request, transaction_id)
    here = reverse("console:debt", args=[request.committee.fec_id, row.transaction_id])
    change = row.adjustments.filter(pk=adjustment_id).first()
    if change is None:
        raise Http404("No such change of this debt.")
    if request.method != "POST":
        return HttpResponseRedirect(here)
    form = DebtAdjustmentReviewForm(request.POST)
    if form.is_valid():
        try:
            debt_adjustment_review(adjustment=change, note=form.cleaned_data["note"], actor=request.user)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Review of the change of ${change.amount:,.2f} recorded.")
            return HttpResponseRedirect(here)
    return _debt_page(request, row, review_form=form, review_of=change.pk, status=400)


@committee_view(Role.TREASURER)
def debt_payment(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """A payment on the debt: owed by the committee, an operating expenditure to the creditor; owed to it, an
    offset received from the debtor. Either way the debt's Schedule D balance drops."""
    row = _debt(request, transaction_id)
    line = debt_line(row)
    form = DebtPaymentForm(request.POST or None, initial={"date_paid": today_for(request)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            paid = debt_pay(
                debt=row, amount=d["amount"], date_paid=d["date_paid"], purpose=d["purpose"], actor=request.user
            )
        except ApplicationError as exc:
            form_error(form, exc, fields=PAYMENT_FIELDS)
        except ValidationError as exc:
            validation_error(form, exc)
        else:
            entry = paid.disbursement or paid.contribution
            said = f"Payment of ${paid.amount:,.2f} on debt {row.transaction_id} recorded ({entry.transaction_id})."
            messages.success(request, said)
            return HttpResponseRedirect(reverse("console:debt", args=[request.committee.fec_id, row.transaction_id]))
    status = 400 if form.errors else 200
    return page(request, "console/debts/pay.html", {"line": line, "form": form}, section=SECTION, status=status)
