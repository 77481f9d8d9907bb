"""Form 3P entries beyond receipts and payments, for a presidential committee, through the services the API calls
(compliance.services.presidential): an operating expenditure's allocation to states (from the payment's page) and
the items on hand to be liquidated (line 31). Viewers read; treasurers enter, as with disbursements. Another kind
of committee has no Form 3P: the pages do not exist for it (404)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.roles import Role
from compliance.models import Disbursement, LiquidationItem
from compliance.services.presidential import (
    ItemSource,
    liquidation_item_enter,
    liquidation_item_liquidate,
    state_allocation_enter,
)
from console.access import committee_view
from console.forms_schedules import LiquidatedForm, LiquidationItemForm, StateAllocationForm
from console.views.common import form_error, page, today_for, validation_error
from fundraising.exceptions import ApplicationError

TEMPLATES = "console/presidential/"


def _presidential(request: HttpRequest) -> None:
    if request.committee.committee_type != "presidential":
        raise Http404("Only a presidential committee reports on Form 3P.")


def allocation_extras(row: Disbursement) -> dict:
    """For a payment's page: its allocations to states, per state, and whether it can be allocated."""
    if row.committee.committee_type != "presidential":
        return {}
    allocated = row.state_allocations.values("state").annotate(total=Sum("amount")).order_by("state")
    return {
        "allocations": [a for a in allocated if a["total"]],
        "allocatable": row.kind == Disbursement.Kind.OPERATING and not row.is_memo,
    }


@committee_view(Role.TREASURER)
def state_allocation(request: HttpRequest, transaction_id: str) -> HttpResponse:
    _presidential(request)
    payment = Disbursement.objects.filter(committee=request.committee, transaction_id=transaction_id).first()
    if payment is None:
        raise Http404("No such payment in this committee's books.")
    form = StateAllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            row = state_allocation_enter(
                disbursement=payment, state=d["state"], amount=d["amount"], note=d["note"], actor=request.user
            )
        except ApplicationError as exc:
            form_error(form, exc, fields={"disbursement": None})
        else:
            messages.success(request, f"${row.amount:,.2f} of {payment.transaction_id} allocated to {row.state}.")
            url = reverse("console:transaction", args=[request.committee.fec_id, "disbursement", transaction_id])
            return HttpResponseRedirect(url)
    context = {"payment": payment, "form": form, **allocation_extras(payment)}
    context["allocated"] = sum(a["total"] for a in context["allocations"])
    context["left"] = payment.amount - context["allocated"]
    status = 400 if form.errors else 200
    return page(request, TEMPLATES + "allocate.html", context, section="ledger", status=status)


@committee_view(Role.VIEWER)
def liquidation_items(request: HttpRequest) -> HttpResponse:
    _presidential(request)
    items = LiquidationItem.objects.filter(committee=request.committee).order_by("liquidated_on", "-date_acquired")
    on_hand = [i for i in items if i.liquidated_on is None]
    context = {
        "on_hand": on_hand,
        "on_hand_total": sum((i.fair_market_value for i in on_hand), Decimal("0.00")),
        "liquidated": [i for i in items if i.liquidated_on is not None],
    }
    return page(request, TEMPLATES + "items.html", context, section="reports")


@committee_view(Role.TREASURER)
def liquidation_item_new(request: HttpRequest) -> HttpResponse:
    _presidential(request)
    form = LiquidationItemForm(request.POST or None, initial={"date_acquired": today_for(request)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            item = liquidation_item_enter(
                committee=request.committee,
                source=ItemSource(**{name: d[name] for name in form.SOURCE}),
                actor=request.user,
                **{name: d[name] for name in form.ITEM},
            )
        except ApplicationError as exc:
            form_error(form, exc, fields={"committee": None})
        except ValidationError as exc:
            validation_error(form, exc)
        else:
            messages.success(request, f"Item {item.transaction_id} recorded: ${item.fair_market_value:,.2f}.")
            return HttpResponseRedirect(reverse("console:liquidation_items", args=[request.committee.fec_id]))
    status = 400 if form.errors else 200
    return page(request, TEMPLATES + "item_form.html", {"form": form}, section="reports", status=status)


@committee_view(Role.TREASURER)
def liquidation_item_done(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """The item was sold or disposed of: no longer on hand from that day."""
    _presidential(request)
    item = LiquidationItem.objects.filter(committee=request.committee, transaction_id=transaction_id).first()
    if item is None:
        raise Http404("No such item.")
    back = reverse("console:liquidation_items", args=[request.committee.fec_id])
    form = LiquidatedForm(request.POST or None, initial={"liquidated_on": today_for(request)})
    if request.method == "POST" and form.is_valid():
        try:
            liquidation_item_liquidate(item=item, on=form.cleaned_data["liquidated_on"], actor=request.user)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Item {item.transaction_id} liquidated.")
            return HttpResponseRedirect(back)
    status = 400 if form.errors else 200
    return page(request, TEMPLATES + "liquidate.html", {"item": item, "form": form}, section="reports", status=status)
