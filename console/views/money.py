"""Money: Stripe payouts (what each settled, gross, fee, net) and the bank reconciliation per statement, with the
treasurer confirming a doubtful match or re-matching a bank line (compliance.books.bank, audited)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.roles import Role
from compliance.books.bank import bank_transaction_confirm
from compliance.models import BankTransaction
from console import forms
from console.access import committee_view
from console.selectors_books import payout_lines, payouts_recent, reconciliations
from console.views.common import page
from donations.money_models import Payout
from fundraising.exceptions import ApplicationError


@committee_view(Role.VIEWER)
def money(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    context = {
        "reconciliations": reconciliations(committee=committee),
        "payouts": payouts_recent(committee=committee),
        "match_form": forms.BankMatchForm(),
    }
    return page(request, "console/money/index.html", context, section="money")


@committee_view(Role.VIEWER)
def payout(request: HttpRequest, payout_id: str) -> HttpResponse:
    found = Payout.objects.filter(committee=request.committee, stripe_payout_id=payout_id).first()
    if found is None:
        raise Http404("No such payout.")
    return page(
        request, "console/money/payout.html", {"payout": found, "lines": payout_lines(payout=found)}, section="money"
    )


@committee_view(Role.TREASURER)
def bank_match(request: HttpRequest, txn_id: int) -> HttpResponse:
    txn = BankTransaction.objects.filter(committee=request.committee, pk=txn_id).first()
    if txn is None:
        raise Http404("No such bank line.")
    form = forms.BankMatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            txn = bank_transaction_confirm(
                txn=txn, actor=request.user, target=data["target"], target_id=data["target_id"], note=data["note"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Bank line {txn.bank_id} of {txn.date:%Y-%m-%d}: {txn.get_match_display()}.")
    elif request.method == "POST":
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    return HttpResponseRedirect(reverse("console:money", args=[request.committee.fec_id]) + f"#bank-{txn.pk}")
