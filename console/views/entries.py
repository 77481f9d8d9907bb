"""Money that did not stay, from the ledger: a gift returned or bounced (staff, from the receipt's page) and a
refund check voided (treasurers, from the refund's page). Both through compliance.services.returns (the API and
the CSV import use the same), both with a confirmation step and a fresh second factor, as refunds have."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.fresh import fresh_second_factor
from accounts.roles import Role
from compliance.services import transactions as tx
from compliance.services.returns import contribution_return, refund_void, return_refusal, void_refusal
from console.access import committee_view
from console.forms_entries import ReturnForm, VoidForm
from console.views.common import form_error, page, today_for, validation_error
from console.views.loans import loan_extras
from console.views.presidential import allocation_extras
from donations.models import Contribution, Refund
from fundraising.exceptions import ApplicationError

CONFIRM = "console/ledger/entry_confirm.html"


def transaction_extras(kind: str, row: Contribution | Refund) -> dict:
    """For a receipt's or refund's page: what came back of it, and whether it can be returned or voided; a loan's
    Schedules C-1 and C-2; a presidential committee's payment's allocation to states."""
    if kind == "receipt":
        extras = {"returns": row.returns.order_by("date_received", "pk"), "returnable": return_refusal(row) is None}
        return {**extras, **loan_extras(row)}
    if kind == "disbursement":
        return allocation_extras(row)
    if kind == "refund":
        return {"voids": row.voids.order_by("date_refunded", "pk"), "voidable": void_refusal(row) is None}
    return {}


def _row(request: HttpRequest, model: type, transaction_id: str):  # noqa: ANN202
    row = model.objects.filter(committee=request.committee, transaction_id=transaction_id).first()
    if row is None:
        raise Http404("No such transaction in this committee's books.")
    return row


def _carried(form: ReturnForm | VoidForm) -> list[tuple[str, str]]:
    """The form's fields as typed, for the confirmation page to post again."""
    return [(name, form.data.get(name, "")) for name in form.fields]


def _back(request: HttpRequest, kind: str, transaction_id: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("console:transaction", args=[request.committee.fec_id, kind, transaction_id]))


@committee_view(Role.STAFF)
@fresh_second_factor
def gift_return(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """Mark a gift (or part of it) returned unpaid by the bank, or sent back uncashed: a negative receipt on the
    gift's own line, so the line, the donor's aggregate and the limit total all drop."""
    gift = _row(request, Contribution, transaction_id)
    refusal = return_refusal(gift)
    left = tx.refundable(gift)
    form = ReturnForm(request.POST or None, initial={"date_returned": today_for(request)})
    context = {"gift": gift, "left": left, "refusal": refusal, "form": form}
    if request.method == "POST" and refusal is None and form.is_valid():
        d = form.cleaned_data
        amount = d["amount"] or left
        if amount > left:
            form.add_error("amount", f"Only ${left:,.2f} of this gift is left to return.")
        elif d["date_returned"] < gift.date_received:
            form.add_error("date_returned", "A gift cannot come back before it arrived.")
        elif request.POST.get("confirm") != "yes":
            context.update(
                title=f"Mark {gift.transaction_id} returned",
                summary=f"Record ${amount:,.2f} of gift {gift.transaction_id} from {gift.donor.display_name} as "
                f"returned or bounced on {d['date_returned']:%Y-%m-%d}.",
                effect="A negative receipt on the gift's own line: the line, the donor's aggregate and the total "
                "counted toward the limit drop by this amount. Entries are never deleted; this cannot be undone.",
                fields=_carried(form),
                button=f"Yes, mark ${amount:,.2f} returned",
                back=reverse("console:gift_return", args=[request.committee.fec_id, gift.transaction_id]),
            )
            return page(request, CONFIRM, context, section="ledger")
        else:
            try:
                made = contribution_return(
                    contribution=gift,
                    date_returned=d["date_returned"],
                    amount=amount,
                    reason=d["reason"],
                    transaction_id=d["transaction_id"],
                    actor=request.user,
                )
            except ApplicationError as exc:
                form_error(form, exc, fields={"date": "date_returned"})
            except ValidationError as exc:
                validation_error(form, exc)
            else:
                messages.success(request, f"Recorded ${-made.amount:,.2f} returned ({made.transaction_id}).")
                return _back(request, "receipt", gift.transaction_id)
    status = 400 if form.errors or (refusal and request.method == "POST") else 200
    return page(request, "console/ledger/return_form.html", context, section="ledger", status=status)


@committee_view(Role.TREASURER)
@fresh_second_factor
def refund_check_void(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """Void a refund check the contributor never cashed: a negative refund on the refund's own line, so the money
    counts for the contributor again."""
    refund = _row(request, Refund, transaction_id)
    refusal = void_refusal(refund)
    form = VoidForm(request.POST or None, initial={"date_voided": today_for(request)})
    context = {"refund": refund, "refusal": refusal, "form": form}
    if request.method == "POST" and refusal is None and form.is_valid():
        d = form.cleaned_data
        if d["date_voided"] < refund.date_refunded:
            form.add_error("date_voided", "A refund check cannot be voided before it was written.")
        elif request.POST.get("confirm") != "yes":
            context.update(
                title=f"Void refund check {refund.transaction_id}",
                summary=f"Void the ${refund.amount:,.2f} refund check {refund.transaction_id} to "
                f"{refund.donor.display_name} on {d['date_voided']:%Y-%m-%d}.",
                effect="A negative refund on the refund's own line: the refund total drops and the money counts "
                "for the contributor's limit again. Entries are never deleted; this cannot be undone.",
                fields=_carried(form),
                button="Yes, void the check",
                back=reverse("console:refund_void", args=[request.committee.fec_id, refund.transaction_id]),
            )
            return page(request, CONFIRM, context, section="ledger")
        else:
            try:
                made = refund_void(
                    refund=refund,
                    date_voided=d["date_voided"],
                    reason=d["reason"],
                    transaction_id=d["transaction_id"],
                    actor=request.user,
                )
            except ApplicationError as exc:
                form_error(form, exc, fields={"date": "date_voided"})
            except ValidationError as exc:
                validation_error(form, exc)
            else:
                messages.success(request, f"Refund check {refund.transaction_id} voided ({made.transaction_id}).")
                return _back(request, "refund", refund.transaction_id)
    status = 400 if form.errors or (refusal and request.method == "POST") else 200
    return page(request, "console/ledger/void_form.html", context, section="ledger", status=status)
