"""A one-tap gift passes the card-testing guard and the page's rules before any Stripe call (no process needed:
a refused tap never reaches Stripe, so nothing here may call it)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import timezone

from donations.models import Donation, ExpressCard
from donations.services.card_testing import TooManyAttempts, checkout_record_decline
from donations.services.express import express_gift_preview, express_give
from donations.services.express_cards import express_card_from_link, express_link_token
from fundraising.exceptions import ApplicationError
from tests.factories import DonationPageFactory, DonorFactory, ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card():
    page = DonationPageFactory(slug="give", maximum_amount=Decimal("500.00"))
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    donor = DonorFactory(committee=page.committee, email="jane@example.com")
    first = Donation.objects.create(committee=page.committee, page=page, donor=donor, amount=Decimal("50.00"))
    return ExpressCard.objects.create(
        committee=page.committee,
        donor=donor,
        donation=first,
        stripe_customer_id="cus_test",
        stripe_payment_method_id="pm_test",
        brand="visa",
        last4="4242",
        consent_text="Save my card",
        consented_at=timezone.now(),
    )


def test_a_locked_out_source_cannot_tap(card, settings):
    cache.clear()
    for _ in range(settings.CHECKOUT_DECLINES_BEFORE_LOCKOUT):
        checkout_record_decline(ip="203.0.113.9", email="someone@example.net")
    gift = express_gift_preview(card=card, page=card.donation.page, amount=Decimal("25.00"))
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    request.session = None
    with pytest.raises(TooManyAttempts):
        express_give(gift=gift, request=request, via="device")
    assert Donation.objects.count() == 1


def test_the_page_rules_apply_to_a_tap(card):
    with pytest.raises(ApplicationError, match="maximum gift on this page is \\$500.00"):
        express_gift_preview(card=card, page=card.donation.page, amount=Decimal("600.00"))
    other = DonationPageFactory(slug="other")
    with pytest.raises(ApplicationError, match="not for this campaign"):
        express_gift_preview(card=card, page=other, amount=Decimal("25.00"))


def test_links_are_signed_expire_and_stop_when_the_card_is_forgotten(card, settings):
    token = express_link_token(card, Decimal("25"))
    assert express_card_from_link(token) == (card, Decimal("25.00"))
    with pytest.raises(ApplicationError):
        express_card_from_link(token[:-2] + "xx")
    settings.EXPRESS_LINK_MAX_AGE_DAYS = -1  # every link is past its age
    with pytest.raises(ApplicationError, match="expired"):
        express_card_from_link(token)
    settings.EXPRESS_LINK_MAX_AGE_DAYS = 60
    ExpressCard.objects.filter(pk=card.pk).update(forgotten_at=timezone.now())
    with pytest.raises(ApplicationError):
        express_card_from_link(token)
