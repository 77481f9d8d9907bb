"""Donor self-service pages (issue #16): ask for a sign-in link, follow it, then see gifts and receipts, change,
re-card or cancel a monthly gift, and print a year-end statement. Views stay thin: reads in account_selectors,
changes in services.donor_account, the session in account_session."""

import logging
from collections.abc import Callable
from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from donations.account_selectors import (
    account_contribution,
    account_gifts,
    account_monthly_gift,
    account_monthly_gifts,
    account_statement,
    account_statement_years,
)
from donations.models import DonationPage
from donations.selectors import donation_page_get
from donations.services.donor_access import (
    DonorAccess,
    donor_access_check,
    donor_access_link_request,
    donor_access_redeem,
    normalized_email,
)
from donations.services.donor_account import (
    donor_card_update_finish,
    donor_card_update_start,
    donor_monthly_amount_change,
    donor_monthly_cancel,
    donor_receipt_resend,
)
from donations.services.receipts import receipt_context
from donations.web.account_session import account_session_end, account_session_get, account_session_start
from donations.web.csp import donation_page_csp
from fundraising.client_ip import client_ip
from fundraising.exceptions import ApplicationError, NotFound

logger = logging.getLogger(__name__)
REQUEST_RATES = {"ip": "20/h", "email": "5/h"}
SENT = (
    "If we have gifts under that address, we sent it a sign-in link. It works once, for 30 minutes. "
    "Nothing arrived? Check your spam folder, or the address you gave with your gift."
)
RECEIPT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}),
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like you@example.com.",
        },
    )


def _page(slug: str) -> DonationPage:
    try:
        return donation_page_get(slug=slug)
    except NotFound:
        raise Http404("No such page.") from None


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # the sign-in token never leaves for another site in a Referer
    return response


def signed_in(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The donor's pages: a signed-in donor of this page's committee, or back to the sign-in page."""

    @wraps(view)
    def wrapped(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
        page = _page(slug)
        access = account_session_get(request, page)
        if access is None:
            return redirect(f"{reverse('donor-account', args=[page.slug])}?ended=1")
        try:
            response = view(request, page, access, *args, **kwargs)
        except NotFound:
            raise Http404("Not one of your gifts.") from None
        return _private(response)

    return donation_page_csp(never_cache(wrapped))


def _limited(request: HttpRequest, name: str, value: str) -> bool:
    return bool(value) and is_ratelimited(
        request,
        group=f"donor-account:{name}",
        key=lambda group, request: value,
        rate=REQUEST_RATES[name],
        increment=True,
    )


@donation_page_csp
@require_http_methods(["GET", "POST"])
def account_request(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a sign-in link. The answer is the same whether or not the address gave."""
    page = _page(slug)
    if request.method == "GET" and account_session_get(request, page) is not None:
        return redirect("donor-account-home", page.slug)
    form, status, sent = EmailForm(request.POST or None), 200, False
    if request.method == "POST" and form.is_valid():
        email = normalized_email(form.cleaned_data["email"])
        if _limited(request, "ip", client_ip(request)) or _limited(request, "email", email):
            logger.info("donor access link request rate limited page=%s", page.pk)
            form.add_error(None, "Too many requests for a sign-in link. Please wait a while and try again.")
            status = 429
        else:
            donor_access_link_request(page=page, email=email)
            sent = True
    elif request.method == "POST":
        status = 400
    context = {"page": page, "form": form, "sent": sent, "sent_message": SENT, "ended": "ended" in request.GET}
    return _private(render(request, "donations/account/request.html", context, status=status))


@donation_page_csp
@never_cache
@require_http_methods(["GET", "POST"])
def account_sign_in(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The emailed link. GET only shows a button (mail scanners open links); the POST spends the link."""
    page = _page(slug)
    try:
        if request.method == "POST":
            account_session_start(request, donor_access_redeem(page=page, token=token))
            return _private(redirect("donor-account-home", page.slug))
        donor_access_check(page=page, token=token)
    except ApplicationError as exc:
        context = {"page": page, "form": EmailForm(), "link_error": exc.message}
        return _private(render(request, "donations/account/request.html", context, status=400))
    return _private(render(request, "donations/account/sign_in.html", {"page": page}))


@signed_in
@require_http_methods(["GET"])
def account_home(request: HttpRequest, page: DonationPage, access: DonorAccess) -> HttpResponse:
    context = {
        "page": page,
        "email": access.email,
        "gifts": account_gifts(access),
        "monthly": account_monthly_gifts(access),
        "years": account_statement_years(access),
    }
    return render(request, "donations/account/home.html", context)


@signed_in
@require_http_methods(["GET"])
def account_receipt(request: HttpRequest, page: DonationPage, access: DonorAccess, transaction_id: str):
    """The HTML receipt as it was emailed (its inline styles allowed; no script can run on it)."""
    contribution = account_contribution(access, transaction_id=transaction_id)
    html = render_to_string("donations/email/receipt.html", receipt_context(contribution, cancel_link=False))
    back = render_to_string("donations/account/_receipt_back.html", {"page": page})
    response = HttpResponse(html.replace("</body>", f"{back}</body>", 1))
    response["Content-Security-Policy"] = RECEIPT_POLICY
    return response


@signed_in
@require_POST
def account_receipt_send(request: HttpRequest, page: DonationPage, access: DonorAccess, transaction_id: str):
    contribution = account_contribution(access, transaction_id=transaction_id)
    if _limited(request, "email", f"copy:{access.email}"):
        messages.error(request, "Too many receipt copies asked for. Please wait a while and try again.")
    else:
        try:
            donor_receipt_resend(access=access, contribution=contribution)
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"A copy of receipt {contribution.transaction_id} is on its way to your email.")
    return redirect("donor-account-home", page.slug)


class AmountForm(forms.Form):
    amount = forms.CharField(
        label="New monthly amount (USD)",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "transaction-amount"}),
        error_messages={"required": "Enter the new monthly amount."},
    )


@signed_in
@require_http_methods(["GET", "POST"])
def account_monthly_amount(request: HttpRequest, page: DonationPage, access: DonorAccess, public_id):
    gift = account_monthly_gift(access, public_id=public_id)
    form, status = AmountForm(request.POST or None, initial={"amount": f"{gift.amount:.2f}"}), 200
    if request.method == "POST" and form.is_valid():
        try:
            gift = donor_monthly_amount_change(access=access, gift=gift, amount=form.cleaned_data["amount"])
        except ApplicationError as exc:
            form.add_error("amount" if exc.field == "amount" else None, exc.message)
            status = 400
        else:
            messages.success(request, f"Your monthly gift is now ${gift.amount:,.2f}, from the next installment on.")
            return redirect("donor-account-home", page.slug)
    elif request.method == "POST":
        status = 400
    return render(request, "donations/account/amount.html", {"page": page, "gift": gift, "form": form}, status=status)


@signed_in
@require_http_methods(["GET", "POST"])
def account_monthly_card(request: HttpRequest, page: DonationPage, access: DonorAccess, public_id):
    """A new card: a SetupIntent confirmed by Stripe.js (Payment Element), then made the subscription's card."""
    gift = account_monthly_gift(access, public_id=public_id)
    finished = request.POST.get("setup_intent") or request.GET.get("setup_intent")
    try:
        if finished:
            donor_card_update_finish(access=access, gift=gift, setup_intent_id=finished)
            messages.success(request, "Your monthly gift will be charged to the new card from now on.")
            return redirect("donor-account-home", page.slug)
        intent = donor_card_update_start(access=access, gift=gift)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("donor-account-home", page.slug)
    context = {
        "page": page,
        "gift": gift,
        "client_secret": intent.client_secret,
        "stripe_js_url": settings.STRIPE_JS_URL,
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
    }
    return render(request, "donations/account/card.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def account_monthly_cancel(request: HttpRequest, page: DonationPage, access: DonorAccess, public_id):
    gift = account_monthly_gift(access, public_id=public_id)
    if request.method == "POST":
        gift = donor_monthly_cancel(access=access, gift=gift)
        messages.success(
            request, f"Your monthly gift of ${gift.amount:,.2f} is canceled. You will not be charged again."
        )
        return redirect("donor-account-home", page.slug)
    return render(request, "donations/account/cancel.html", {"page": page, "gift": gift})


@signed_in
@require_http_methods(["GET"])
def account_statement_page(request: HttpRequest, page: DonationPage, access: DonorAccess, year: int):
    if year not in account_statement_years(access):
        raise NotFound("No gifts that year.")
    statement = account_statement(access, year=year)
    context = {"page": page, "statement": statement, "email": access.email, "printed": timezone.localdate()}
    return render(request, "donations/account/statement.html", context)


@donation_page_csp
@require_POST
def account_sign_out(request: HttpRequest, slug: str) -> HttpResponse:
    page = _page(slug)
    account_session_end(request)
    return _private(render(request, "donations/account/signed_out.html", {"page": page}))
