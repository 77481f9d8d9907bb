"""The thank-you page and the small JSON status it polls: the gift in plain words (amount, "monthly", the election
in words), and the payment's state as the webhook records it, so the page updates itself without a reload."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from donations.models import Donation
from donations.selectors import donation_get_public, donation_page_get
from donations.services.upsell import upsell_accept, upsell_card_start, upsell_offer
from donations.web.csp import donation_page_csp
from fundraising.client_ip import client_ip
from fundraising.exceptions import ApplicationError

_CONFIRMED = "Your payment is confirmed. A receipt is on its way to your email."
_MESSAGES = {
    "pending": "We are confirming your payment.",
    "confirmed": _CONFIRMED,
    "failed": "Your payment did not go through, and no money was taken.",
}


def donation_public_state(donation: Donation) -> str:
    """pending, confirmed or failed: what a donor needs to know of the gift's status."""
    if donation.status == Donation.Status.SUCCEEDED:
        return "confirmed"
    if donation.status in (Donation.Status.FAILED, Donation.Status.CANCELED):
        return "failed"
    return "pending"


def _donation_on_page(slug: str, public_id: str) -> Donation | None:
    page = donation_page_get(slug=slug)
    try:
        donation = donation_get_public(public_id=public_id)
    except (ApplicationError, ValueError):
        return None
    return donation if donation.page_id in (None, page.pk) and donation.committee_id == page.committee_id else None


@donation_page_csp
def donation_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    page = donation_page_get(slug=slug)
    gifts = []
    for public_id in request.GET.getlist("donation")[:2]:  # two when the donor split a gift to the next election
        donation = _donation_on_page(slug, public_id)
        if donation is not None:
            state = donation_public_state(donation)
            gifts.append({"donation": donation, "state": state, "message": _MESSAGES[state]})
    context = {"page": page, "gifts": gifts, "pending": any(g["state"] == "pending" for g in gifts)}
    if len(gifts) == 1:
        # After a paid one-time gift: offer to give the same every month (services/upsell.py). While the payment is
        # pending, the page's poll asks the status endpoint for the offer once the payment is confirmed.
        donation = gifts[0]["donation"]
        context["upsell"] = upsell_offer(donation)
        context["offer_later"] = gifts[0]["state"] == "pending" and not donation.recurring_gift_id
        context["monthly"] = getattr(getattr(donation, "monthly_upsell", None), "recurring_gift", None)
        context["upsell_error"] = request.session.pop("upsell_error", "")
    return render(request, "donations/thanks.html", context)


@donation_page_csp
@require_http_methods(["GET", "POST"])
def donation_upsell(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    """The thank-you page's "make it monthly" button (CSRF, consent box). With the gift's saved card the monthly
    gift starts at once; without one the donor enters a card (a SetupIntent in the Payment Element) and its
    confirmation comes back here (posted, or in Stripe's return URL after a bank's challenge). Back to the
    thank-you page either way."""
    donation = _donation_on_page(slug, public_id)
    if donation is None:
        raise Http404("No such donation.")
    data = request.POST if request.method == "POST" else request.GET
    setup_intent = data.get("setup_intent", "")
    if request.method == "GET" and not setup_intent:
        return redirect(_thanks_url(slug, donation))
    consented = data.get("consent") == "1"
    try:
        offer = upsell_offer(donation)
        if offer is not None and offer.card is None and not setup_intent:
            offer, intent = upsell_card_start(donation=donation, consented=consented)
            context = {
                "page": donation_page_get(slug=slug),
                "upsell": offer,
                "client_secret": intent.client_secret,
                "stripe_js_url": settings.STRIPE_JS_URL,
                "stripe_publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
                "finish_extra": {"consent": "1"},
            }
            return render(request, "donations/upsell_card.html", context)
        upsell_accept(
            donation=donation, consented=consented, client_ip=client_ip(request), setup_intent_id=setup_intent
        )
    except ApplicationError as exc:
        request.session["upsell_error"] = exc.message
    return redirect(_thanks_url(slug, donation))


def _thanks_url(slug: str, donation: Donation) -> str:
    return f"{reverse('donation-thanks', args=[slug])}?donation={donation.public_id}"


@never_cache
@require_GET
def donation_status(request: HttpRequest, slug: str, public_id: str) -> JsonResponse:
    donation = _donation_on_page(slug, public_id)
    if donation is None:
        raise Http404("No such donation.")
    state = donation_public_state(donation)
    body = {"status": state, "message": _MESSAGES[state]}
    if state == "confirmed" and request.GET.get("offer") == "1":
        # The thank-you page of one gift asks for the monthly offer too: the same fragment a reload would show.
        offer = upsell_offer(donation)
        if offer is not None:
            body["offer"] = render_to_string(
                "donations/_upsell.html", {"upsell": offer, "page": donation_page_get(slug=slug)}, request=request
            )
    return JsonResponse(body)
