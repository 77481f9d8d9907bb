"""The thank-you page and the small JSON status it polls: the gift in plain words (amount, "monthly", the election
in words), and the payment's state as the webhook records it, so the page updates itself without a reload."""

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from donations.models import Donation
from donations.selectors import donation_get_public, donation_page_get
from donations.services.upsell import upsell_accept, upsell_offer
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
        # After a paid one-time gift whose card was saved: offer to give the same every month (services/upsell.py).
        donation = gifts[0]["donation"]
        context["upsell"] = upsell_offer(donation)
        context["monthly"] = getattr(getattr(donation, "monthly_upsell", None), "recurring_gift", None)
        context["upsell_error"] = request.session.pop("upsell_error", "")
    return render(request, "donations/thanks.html", context)


@donation_page_csp
@require_POST
def donation_upsell(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    """The thank-you page's "make it monthly" button (CSRF, consent box): back to the thank-you page either way."""
    donation = _donation_on_page(slug, public_id)
    if donation is None:
        raise Http404("No such donation.")
    try:
        upsell_accept(donation=donation, consented=request.POST.get("consent") == "1", client_ip=client_ip(request))
    except ApplicationError as exc:
        request.session["upsell_error"] = exc.message
    return redirect(f"{reverse('donation-thanks', args=[slug])}?donation={donation.public_id}")


@never_cache
@require_GET
def donation_status(request: HttpRequest, slug: str, public_id: str) -> JsonResponse:
    donation = _donation_on_page(slug, public_id)
    if donation is None:
        raise Http404("No such donation.")
    state = donation_public_state(donation)
    return JsonResponse({"status": state, "message": _MESSAGES[state]})
