"""Express giving pages: the confirm page of a one-tap gift (from a receipt's signed link, or on a recognised
device), and "forget my card". Thin: the rules are donations.services.express and express_cards."""

from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from donations.models import DonationPage, ExpressCard
from donations.selectors import donation_page_get
from donations.services.card_testing import TooManyAttempts
from donations.services.checkout import AFFIRMATIONS
from donations.services.express import ExpressNeedsForm, express_gift_preview, express_give
from donations.services.express_cards import (
    DEVICE_SALT,
    express_card_for_device,
    express_card_forget,
    express_card_from_forget_token,
    express_card_from_link,
    express_device_value,
)
from donations.web.csp import donation_page_csp
from fundraising.exceptions import ApplicationError, PaymentDeclined


def device_card(request: HttpRequest, page: DonationPage) -> ExpressCard | None:
    """The saved card this browser was recognised for (signed cookie set after the donor's consent), if usable."""
    value = request.get_signed_cookie(
        settings.EXPRESS_COOKIE_NAME,
        default=None,
        salt=DEVICE_SALT,
        max_age=settings.EXPRESS_DEVICE_MAX_AGE_DAYS * 86400,
    )
    return express_card_for_device(value, committee_id=page.committee_id)


def remember_device(response: HttpResponse, request: HttpRequest, card: ExpressCard) -> None:
    response.set_signed_cookie(
        settings.EXPRESS_COOKIE_NAME,
        express_device_value(card),
        salt=DEVICE_SALT,
        max_age=settings.EXPRESS_DEVICE_MAX_AGE_DAYS * 86400,
        httponly=True,
        secure=request.is_secure(),
        samesite="Lax",
    )


def _confirm(request: HttpRequest, *, card: ExpressCard, page: DonationPage, amount: Decimal, via: str):
    try:
        gift = express_gift_preview(card=card, page=page, amount=amount)
    except ApplicationError as exc:
        return render(request, "donations/express.html", {"page": page, "error": exc.message}, status=400)
    context = {
        "page": page,
        "gift": gift,
        "affirmations": AFFIRMATIONS.values(),
        "turnstile_site_key": settings.TURNSTILE_SITE_KEY,
    }
    if request.method != "POST":
        return render(request, "donations/express.html", context)
    form_url = f"{reverse('donation-page', args=[page.slug])}?express=authentication"
    try:
        donation = express_give(
            gift=gift, request=request, via=via, captcha_token=request.POST.get("cf-turnstile-response", "")
        )
    except ExpressNeedsForm:
        return redirect(form_url)
    except TooManyAttempts as exc:
        return render(request, "donations/express.html", {**context, "error": exc.message}, status=429)
    except (PaymentDeclined, ApplicationError) as exc:
        return render(request, "donations/express.html", {**context, "error": exc.message}, status=400)
    return redirect(f"{reverse('donation-thanks', args=[page.slug])}?donation={donation.public_id}")


@donation_page_csp
def express_link_page(request: HttpRequest, token: str) -> HttpResponse:
    """A receipt's one-tap link (signed, expiring, one preset amount)."""
    try:
        card, amount = express_card_from_link(token)
    except ApplicationError as exc:
        return render(request, "donations/express.html", {"error": exc.message, "page": None}, status=404)
    page = card.donation.page
    if page is None or not page.is_active:
        return render(request, "donations/express.html", {"error": "This page is closed.", "page": None}, status=404)
    return _confirm(request, card=card, page=page, amount=amount, via="receipt-link")


@donation_page_csp
def express_device_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One tap on a recognised device: ``?amount=`` from the page's express buttons."""
    page = donation_page_get(slug=slug)
    card = device_card(request, page)
    try:
        amount = Decimal(request.GET.get("amount", ""))
    except ArithmeticError:
        amount = None
    if card is None or amount is None:
        return redirect("donation-page", slug=page.slug)
    return _confirm(request, card=card, page=page, amount=amount, via="device")


@donation_page_csp
def express_forget_page(request: HttpRequest, token: str) -> HttpResponse:
    """The receipt's "forget my saved card" link: a confirm button, then the card is detached and forgotten."""
    try:
        card = express_card_from_forget_token(token)
    except ApplicationError as exc:
        return render(request, "donations/express_forget.html", {"error": exc.message}, status=404)
    if request.method == "POST":
        card = express_card_forget(card=card, actor_label="donor:forget-link")
    response = render(request, "donations/express_forget.html", {"card": card})
    if card.forgotten_at is not None:
        response.delete_cookie(settings.EXPRESS_COOKIE_NAME, samesite="Lax")
    return response
