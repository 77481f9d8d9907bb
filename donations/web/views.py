"""The public donation page: details form (server-validated, CSRF), then Stripe's Payment Element."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from donations.models import DonationPage
from donations.selectors import donation_get_public, donation_page_get
from donations.services.card_testing import TooManyAttempts
from donations.services.checkout import ATTRIBUTION_MAX_VALUE_LENGTH, DONOR_FIELDS, CheckoutInput, checkout_start
from donations.services.donors import DonorInput
from donations.services.recurring import recurring_cancel, recurring_from_cancel_token
from donations.web.csp import donation_page_csp
from donations.web.forms import DonationForm
from fundraising.exceptions import ApplicationError

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
        if form.is_valid():
            try:
                result = checkout_start(checkout=_checkout_input(form, page, attribution, request), request=request)
            except TooManyAttempts as exc:
                context = {"page": page, "form": form, "attribution": attribution, "presets": page.preset_amounts}
                form.add_error(None, exc.message)
                return render(request, "donations/page.html", context, status=429)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return render(request, "donations/pay.html", _pay_context(page, result.donation))
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
        "attribution": attribution,
        "presets": page.preset_amounts,
        "turnstile_site_key": settings.TURNSTILE_SITE_KEY,
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
    )


def _pay_context(page, donation) -> dict:
    return {
        "page": page,
        "donation": donation,
        "stripe_js_url": settings.STRIPE_JS_URL,
        "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
    }


@donation_page_csp
def donation_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    page = donation_page_get(slug=slug)
    donation = None
    if request.GET.get("donation"):
        try:
            donation = donation_get_public(public_id=request.GET["donation"])
        except (ApplicationError, ValueError):
            donation = None
    return render(request, "donations/thanks.html", {"page": page, "donation": donation})


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
