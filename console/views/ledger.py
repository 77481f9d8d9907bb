"""The ledger: every receipt, refund and disbursement; entry and correction through
compliance.services.transactions; refunds (with a confirmation step) through donations.services.refunds."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.audit import AuditSubject, audit_export
from accounts.fresh import fresh_second_factor
from accounts.roles import Role
from audit.models import AuditEvent
from committees.models import Election
from compliance.models import Disbursement, TransactionText
from compliance.services.entries import LoanTermsInput, receipt_enter_with_extras
from compliance.services.transactions import (
    PayeeInput,
    disbursement_enter,
    refund_enter,
    transaction_text_add,
)
from console import forms, selectors
from console.access import committee_view
from console.views.common import form_error, page, today_for, validation_error
from console.views.entries import transaction_extras
from donations.models import Contribution, Refund
from donations.services.donors import DonorInput
from donations.services.refunds import contribution_refundable, refund_issue
from fundraising.exceptions import ApplicationError
from fundraising.spreadsheet import spreadsheet_writer

PAGE_SIZE = 50
PERSON = (
    "entity_type",
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "organization_name",
    "committee_fec_id",
    "street_1",
    "street_2",
    "city",
    "state",
    "zip_code",
)


def _filters(request: HttpRequest) -> tuple[forms.LedgerFilterForm, selectors.LedgerFilters]:
    committee = request.committee
    form = forms.LedgerFilterForm(request.GET or None, committee=committee, lines=selectors.line_choices(committee))
    data = form.cleaned_data if form.is_valid() else {}
    donor_id = request.GET.get("donor_id", "")
    filters = selectors.LedgerFilters(
        start=data.get("start"),
        end=data.get("end"),
        kind=data.get("kind", ""),
        line=data.get("line", ""),
        election=data.get("election", ""),
        donor=data.get("donor", ""),
        donor_id=int(donor_id) if donor_id.isdigit() else None,
        amount_min=data.get("amount_min"),
        amount_max=data.get("amount_max"),
        itemized=data.get("itemized", ""),
        memo=data.get("memo", ""),
        sort=data.get("sort") or "-date",
    )
    return form, filters


@committee_view(Role.VIEWER)
def ledger(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    rows = selectors.ledger(committee=request.committee, filters=filters)
    paginator = Paginator(rows, PAGE_SIZE)
    current = paginator.get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page_obj": current,
        "rows": selectors.ledger_rows(request.committee, list(current.object_list)),
        "sort": filters.sort,
        "csv_query": request.GET.urlencode(),
    }
    return page(request, "console/ledger/list.html", context, section="ledger")


CSV_COLUMNS = [
    "kind",
    "transaction_id",
    "date",
    "amount",
    "name",
    "line",
    "type_label",
    "election_code",
    "memo",
    "origin",
]


@committee_view(Role.VIEWER)
def ledger_csv(request: HttpRequest) -> HttpResponse:
    """The filtered ledger as CSV. Donor data leaves the system: the export is audited, with its filters."""
    committee = request.committee
    _, filters = _filters(request)
    rows = selectors.ledger_rows(committee, list(selectors.ledger(committee=committee, filters=filters)))
    out = io.StringIO()
    writer = spreadsheet_writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([row[c] for c in CSV_COLUMNS])
    audit_export(
        actor=request.user,
        what="ledger_csv",
        obj=AuditSubject("Ledger", committee.fec_id),
        after={"rows": len(rows), **filters.as_dict()},
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{committee.fec_id}_ledger.csv"'
    return response


def _election(request: HttpRequest, code: str) -> Election | None:
    return request.committee.elections.filter(code=code).first() if code else None


@committee_view(Role.STAFF)
def receipt_new(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    initial = {"date_received": today_for(request)}
    for name in (
        "receipt_type",
        "entity_type",
        "organization_name",
        "street_1",
        "street_2",
        "city",
        "state",
        "zip_code",
        "purpose",
        "memo_text",
        "committee_fec_id",
    ):
        if request.GET.get(name):
            initial[name] = request.GET[name]
    form = forms.ReceiptForm(request.POST or None, committee=committee, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        donor = DonorInput(
            **{k: d[k] or "" for k in PERSON},
            employer=d["employer"],
            occupation=d["occupation"],
            email=d["email"],
            phone=d["phone"],
        )
        try:
            loan = d["receipt_type"] in (Contribution.ReceiptType.LOAN_CANDIDATE, Contribution.ReceiptType.LOAN_OTHER)
            terms = LoanTermsInput(
                due_date=d["loan_due_date"],
                interest_rate=d["loan_interest_rate"] or Decimal(0),
                secured=d["loan_secured"],
            )
            entered = receipt_enter_with_extras(
                in_kind=d["in_kind"],
                loan_terms=terms if loan else None,
                committee=committee,
                donor_data=donor,
                amount=d["amount"],
                date_received=d["date_received"],
                receipt_type=d["receipt_type"],
                election=_election(request, d["election"]) if d["election"] else _next_election(request, d),
                purpose=d["purpose"],
                memo_text=d["memo_text"],
                is_memo=d["is_memo"],
                conduit=d["conduit"],
                conduit_received_date=d["conduit_received_date"],
                transaction_id=d["transaction_id"],
                payment_method=d["payment_method"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        except ValidationError as exc:  # a model check (full_clean): a value the FEC format cannot hold
            validation_error(form, exc)
        else:
            c = entered.contribution
            messages.success(
                request, f"Receipt {c.transaction_id} recorded: ${c.amount:,.2f} from {c.donor.display_name}."
            )
            if entered.warning:
                messages.warning(request, entered.warning)
            return HttpResponseRedirect(
                reverse("console:transaction", args=[committee.fec_id, "receipt", c.transaction_id])
            )
    return page(
        request,
        "console/ledger/receipt_form.html",
        {"form": form},
        section="ledger",
        status=400 if form.errors else 200,
    )


def _next_election(request: HttpRequest, data: dict) -> Election | None:
    """Candidate committees designate an undesignated gift to the next election; PACs and parties have none."""
    committee = request.committee
    if not committee.is_candidate_committee:
        return None
    return committee.elections.filter(date__gte=data["date_received"]).order_by("date").first()


def _loans(request: HttpRequest) -> list[tuple[str, str]]:
    loans = Contribution.objects.filter(
        committee=request.committee,
        receipt_type__in=[Contribution.ReceiptType.LOAN_CANDIDATE, Contribution.ReceiptType.LOAN_OTHER],
    ).select_related("donor")
    return [(c.transaction_id, f"{c.transaction_id}: ${c.amount:,.2f} from {c.donor.display_name}") for c in loans]


@committee_view(Role.TREASURER)
def disbursement_new(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    form = forms.DisbursementForm(
        request.POST or None, committee=committee, loans=_loans(request), initial={"date_disbursed": today_for(request)}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        loan = Contribution.objects.filter(committee=committee, transaction_id=d["loan"]).first() if d["loan"] else None
        beneficiary = {
            name.removeprefix("beneficiary_candidate_"): d[name] or ""
            for name in form.fields
            if name.startswith("beneficiary_candidate_")
        }
        try:
            made = disbursement_enter(
                committee=committee,
                payee=PayeeInput(**{k: d[k] or "" for k in PERSON}),
                amount=d["amount"],
                date_disbursed=d["date_disbursed"],
                kind=d["kind"],
                purpose=d["purpose"],
                category_code=d["category_code"],
                election=_election(request, d["election"]),
                memo_text=d["memo_text"],
                is_memo=d["is_memo"],
                transaction_id=d["transaction_id"],
                beneficiary=beneficiary if any(beneficiary.values()) else None,
                loan=loan,
                actor=request.user,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        except ValidationError as exc:
            validation_error(form, exc)
        else:
            messages.success(
                request, f"Disbursement {made.transaction_id} recorded: ${made.amount:,.2f} to {made.payee_name}."
            )
            return HttpResponseRedirect(
                reverse("console:transaction", args=[committee.fec_id, "disbursement", made.transaction_id])
            )
    return page(
        request,
        "console/ledger/disbursement_form.html",
        {"form": form},
        section="ledger",
        status=400 if form.errors else 200,
    )


@committee_view(Role.TREASURER)
def memo_new(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    form = forms.MemoForm(request.POST or None, initial={"parent_transaction_id": request.GET.get("parent", "")})
    if request.method == "POST" and form.is_valid():
        try:
            memo = transaction_text_add(
                committee=committee,
                parent_transaction_id=form.cleaned_data["parent_transaction_id"],
                text=form.cleaned_data["text"],
                actor=request.user,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"Memo {memo.transaction_id} added to {memo.parent_transaction_id}.")
            return HttpResponseRedirect(reverse("console:lookup", args=[committee.fec_id, memo.parent_transaction_id]))
    return page(
        request, "console/ledger/memo_form.html", {"form": form}, section="ledger", status=400 if form.errors else 200
    )


MODELS = {"receipt": Contribution, "refund": Refund, "disbursement": Disbursement}


def _get(request: HttpRequest, kind: str, transaction_id: str):  # noqa: ANN202
    model = MODELS.get(kind)
    row = model.objects.filter(committee=request.committee, transaction_id=transaction_id).first() if model else None
    if row is None:
        raise Http404("No such transaction in this committee's books.")
    return row


@committee_view(Role.VIEWER)
def lookup(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """A transaction id (a report's error names one) to its page; memo (…M) and loan (…L) records lead to the
    transaction they belong to."""
    committee = request.committee
    wanted = transaction_id.upper()
    for candidate in (wanted, wanted[:-1] if wanted[-1:] in ("M", "L") else None):
        if not candidate:
            continue
        for kind, model in MODELS.items():
            if model.objects.filter(committee=committee, transaction_id=candidate).exists():
                return HttpResponseRedirect(reverse("console:transaction", args=[committee.fec_id, kind, candidate]))
        text = TransactionText.objects.filter(committee=committee, transaction_id=candidate).first()
        if text is not None:
            return HttpResponseRedirect(reverse("console:lookup", args=[committee.fec_id, text.parent_transaction_id]))
    raise Http404("No transaction with that id in this committee's books.")


@committee_view(Role.VIEWER)
def transaction(request: HttpRequest, kind: str, transaction_id: str) -> HttpResponse:
    row = _get(request, kind, transaction_id)
    history = AuditEvent.objects.filter(object_type=type(row).__name__, object_id=str(row.pk)).order_by("occurred_at")
    memos = TransactionText.objects.filter(committee=request.committee, parent_transaction_id=row.transaction_id)
    context = {"kind": kind, "row": row, "history": history, "memos": memos, **transaction_extras(kind, row)}
    if kind == "receipt":
        context["refundable"] = contribution_refundable(row)
        context["refunds"] = row.refunds.order_by("date_refunded")
        context["memo_rows"] = row.memo_rows.all()
    return page(request, "console/ledger/transaction.html", context, section="ledger")


@committee_view(Role.VIEWER)
def correct(request: HttpRequest, kind: str, transaction_id: str) -> HttpResponse:
    """Entries are never edited: this page offers the correcting entries for the kind of row."""
    row = _get(request, kind, transaction_id)
    offset = ""
    if kind == "disbursement":  # money back from a payee: an offset to operating expenditures, from that payee
        fields = (
            "entity_type",
            "organization_name",
            "committee_fec_id",
            "first_name",
            "last_name",
            "street_1",
            "street_2",
            "city",
            "state",
            "zip_code",
        )
        offset = urlencode(
            {
                "receipt_type": "offset",
                "purpose": f"Refund of {row.transaction_id}",
                **{f: getattr(row, f) for f in fields},
            }
        )
    context = {"kind": kind, "row": row, "offset": offset, **transaction_extras(kind, row)}
    return page(request, "console/ledger/correct.html", context, section="ledger")


@committee_view(Role.TREASURER)
@fresh_second_factor
def refund(request: HttpRequest, transaction_id: str) -> HttpResponse:
    """Refund a gift in two steps: the form, then a page that says exactly what will happen; only the second
    POST (``confirm``) moves money. Card gifts go back through Stripe; others are recorded as a check."""
    gift = _get(request, "receipt", transaction_id)
    left = contribution_refundable(gift)
    by_card = bool(gift.stripe_payment_intent_id)
    form = forms.RefundForm(request.POST or None, initial={"date_refunded": today_for(request)})
    context = {"gift": gift, "left": left, "by_card": by_card, "form": form}
    if request.method == "POST" and form.is_valid():
        amount = form.cleaned_data["amount"] or left
        context["amount"] = amount
        if amount > left:
            form.add_error("amount", f"Only ${left:,.2f} of this gift is left to refund.")
        elif not by_card and gift.is_memo:
            form.add_error(None, "A memo entry moved no money; there is nothing to refund.")
        elif request.POST.get("confirm") != "yes":
            return page(request, "console/ledger/refund_confirm.html", context, section="ledger")
        else:
            try:
                if by_card:
                    made = refund_issue(
                        contribution=gift, amount=amount, reason=form.cleaned_data["reason"], actor=request.user
                    )
                else:
                    made = refund_enter(
                        contribution=gift,
                        amount=amount,
                        date_refunded=form.cleaned_data["date_refunded"] or today_for(request),
                        reason=form.cleaned_data["reason"],
                        actor=request.user,
                    )
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, f"Refunded ${made.amount:,.2f} ({made.transaction_id}).")
                return HttpResponseRedirect(
                    reverse("console:transaction", args=[request.committee.fec_id, "receipt", gift.transaction_id])
                )
    status = 400 if form.errors else 200
    return page(request, "console/ledger/refund_form.html", context, section="ledger", status=status)
