"""The public donation page: details form (server-validated, CSRF), then Stripe's Payment Element."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from donations.selectors import donation_get_public, donation_page_get, election_for_gift
from donations.services.card_testing import CheckoutSource, TooManyAttempts, checkout_guard
from donations.services.donations import donation_start
from donations.services.donors import DonorInput
from donations.services.recurring import recurring_cancel, recurring_from_cancel_token, recurring_start
from donations.web.csp import donation_page_csp
from donations.web.forms import DonationForm
from fundraising.exceptions import ApplicationError

ATTRIBUTION_KEYS = ("refcode", "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content")
DONOR_FIELDS = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "street_1",
    "street_2",
    "city",
    "state",
    "zip_code",
    "email",
    "phone",
    "employer",
    "occupation",
)


@donation_page_csp
def donation_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = donation_page_get(slug=slug)
    attribution = {key: request.GET.get(key, "")[:200] for key in ATTRIBUTION_KEYS if request.GET.get(key)}
    if request.method == "POST":
        attribution = {key: request.POST.get(key, "")[:200] for key in ATTRIBUTION_KEYS if request.POST.get(key)}
        form = DonationForm(request.POST, page=page)
        if form.is_valid():
            data = form.cleaned_data
            source = CheckoutSource(
                request=request, email=data["email"], captcha_token=request.POST.get("cf-turnstile-response", "")
            )
            start = recurring_start if data.get("frequency") == "monthly" else donation_start
            try:
                checkout_guard(source)
                donation = start(
                    committee=page.committee,
                    election=data["election"] or election_for_gift(committee=page.committee, page=page),
                    amount=data["amount"],
                    donor_data=DonorInput(**{name: data.get(name, "") for name in DONOR_FIELDS}),
                    page=page,
                    attribution=attribution,
                    affirmations=form.affirmations,
                    client_ip=source.ip or None,
                )
            except TooManyAttempts as exc:
                context = {"page": page, "form": form, "attribution": attribution, "presets": page.preset_amounts}
                form.add_error(None, exc.message)
                return render(request, "donations/page.html", context, status=429)
            except ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                return render(request, "donations/pay.html", _pay_context(page, donation))
        status = 400
    else:
        form = DonationForm(page=page)
        status = 200
    context = {
        "page": page,
        "form": form,
        "attribution": attribution,
        "presets": page.preset_amounts,
        "turnstile_site_key": settings.TURNSTILE_SITE_KEY,
    }
    return render(request, "donations/page.html", context, status=status)


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
