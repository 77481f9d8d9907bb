"""The public donation page: details form (server-validated, CSRF), then Stripe's Payment Element."""

from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from donations.models import DonationPage
from donations.selectors import donation_page_get
from donations.services.card_testing import CheckoutUnavailable, TooManyAttempts
from donations.services.checkout import (
    ATTRIBUTION_MAX_VALUE_LENGTH,
    DONOR_FIELDS,
    CheckoutInput,
    CheckoutResult,
    checkout_start,
)
from donations.services.donors import DonorInput
from donations.services.limit_split import SplitOffer, checkout_start_split, split_offer
from donations.services.recurring import recurring_cancel, recurring_from_cancel_token
from donations.web.csp import donation_page_csp
from donations.web.express import device_card, remember_device
from donations.web.forms import DonationForm
from fundraising.exceptions import ApplicationError

PAYMENT_ELEMENT_OPTIONS = {"layout": "tabs", "wallets": {"applePay": "auto", "googlePay": "auto"}}
ATTRIBUTION_KEYS = ("refcode", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")


@donation_page_csp
def donation_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = donation_page_get(slug=slug)
    attribution = {
        key: request.GET.get(key, "")[:ATTRIBUTION_MAX_VALUE_LENGTH] for key in ATTRIBUTION_KEYS if request.GET.get(key)
    }
    if request.method == "POST":
        attribution = {
            key: request.POST.get(key, "")[:ATTRIBUTION_MAX_VALUE_LENGTH]
            for key in ATTRIBUTION_KEYS
            if request.POST.get(key)
        }
        form = DonationForm(request.POST, page=page)
        split = None
        if form.is_valid():
            try:
                checkout = _checkout_input(form, page, attribution, request)
                if form.split_first is not None:
                    results = checkout_start_split(checkout=checkout, first_amount=form.split_first, request=request)
                else:
                    results = [checkout_start(checkout=checkout, request=request)]
            except (TooManyAttempts, CheckoutUnavailable) as exc:
                context = {"page": page, "form": form, "attribution": attribution, "presets": page.preset_amounts}
                form.add_error(None, exc.message)
                response = render(request, "donations/page.html", context, status=exc.status_code)
                if exc.retry_after:
                    response["Retry-After"] = str(exc.retry_after)
                return response
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                split = _split_offer(form, page, room=exc.extra.get("remaining"))
            else:
                response = render(request, "donations/pay.html", _pay_context(page, results))
                card = getattr(results[0].donation, "express_card", None) if checkout.save_card else None
                if card is not None:
                    remember_device(response, request, card)  # the donor consented: this device is recognised
                return response
        elif "amount" in form.errors:
            split = _split_offer(form, page, room=None)
        status = 400
    else:
        form = DonationForm(page=page)
        status = 200
        # A session from the first view on, so the checkout's per-session limit and lockout have a key.
        if request.session.get("donation_page") != page.slug:
            request.session["donation_page"] = page.slug
    context = {
        "page": page,
        "form": form,
        "split": split if request.method == "POST" else None,
        "attribution": attribution,
        "presets": page.preset_amounts,
        "turnstile_site_key": settings.TURNSTILE_SITE_KEY,
        "express_card": device_card(request, page),
        "express_fallback": request.GET.get("express") == "authentication",
    }
    return render(request, "donations/page.html", context, status=status)


def _checkout_input(
    form: DonationForm, page: DonationPage, attribution: dict[str, str], request: HttpRequest
) -> CheckoutInput:
    data = form.cleaned_data
    return CheckoutInput(
        amount=data["amount"],
        donor=DonorInput(**{name: data.get(name, "") for name in DONOR_FIELDS}),
        frequency=data.get("frequency") or "once",
        page_slug=page.slug,
        election_code=data["election"].code if data.get("election") else "",
        affirmations=form.affirmations,
        attribution=attribution,
        captcha_token=request.POST.get("cf-turnstile-response", ""),
        # A split gift is two gifts already at the limit: no fee on top of them.
        cover_fee=bool(data.get("cover_fee")) and form.split_first is None,
        save_card=bool(data.get("save_card")),
    )


def _split_offer(form: DonationForm, page: DonationPage, room: str | None) -> SplitOffer | None:
    """Over the limit: the offer to give the rest to the next election (the donor confirms it), or None."""
    try:
        amount = Decimal(form.data.get("amount", ""))
    except ArithmeticError:
        return None
    election = form.cleaned_data.get("election") if hasattr(form, "cleaned_data") else None
    try:
        return split_offer(
            page=page,
            election_code=election.code if election else "",
            amount=amount,
            room=Decimal(room) if room is not None else None,
        )
    except ApplicationError:
        return None


def _pay_context(page: DonationPage, results: list[CheckoutResult]) -> dict:
    donations = [r.donation for r in results]
    return {
        "page": page,
        "donation": donations[0],
        "donations": donations,
        "gifts": [
            {
                "id": str(d.public_id),
                "secret": r.client_secret,
                "amount": f"{d.amount:.2f}",
                "election": d.election.label if d.election else "",
                "fee_cover": f"{d.fee_cover:.2f}" if d.fee_cover else "",
            }
            for r in results
            for d in [r.donation]
        ],
        "stripe_js_url": settings.STRIPE_JS_URL,
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
        # The Payment Element's options: wallets (Apple Pay, Google Pay) shown where the device offers them; the
        # PaymentIntent has automatic payment methods on (donations.payments), so Stripe decides what is eligible.
        "payment_element_options": PAYMENT_ELEMENT_OPTIONS,
    }


@donation_page_csp
def recurring_cancel_page(request: HttpRequest, token: str) -> HttpResponse:
    """The signed link in every receipt: the donor cancels a monthly gift, no account needed."""
    try:
        gift = recurring_from_cancel_token(token)
    except ApplicationError as exc:
        return render(request, "donations/recurring_cancel.html", {"error": exc.message}, status=404)
    if request.method == "POST":
        gift = recurring_cancel(gift=gift, reason="Canceled by the donor", actor_label="donor:cancel-link")
    return render(request, "donations/recurring_cancel.html", {"gift": gift})
