"""The fee cover's arithmetic and its one definition of Stripe's rate; the limit check sees the total; the Apple
Pay domain-association file (no process needed)."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import override_settings

from donations.models import Donation
from fundraising.fees import card_fee_rate, fee_cover_for
from stripe_emulator.resources.balance import DEFAULTS as EMULATOR_FEES
from tests.donations.test_donation_page import FORM
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("amount", "cover"),
    [("100.00", "3.30"), ("25.00", "1.06"), ("1.00", "0.34"), ("3400.00", "101.86")],
)
def test_cover_leaves_the_committee_the_gift_after_the_fee(amount, cover):
    got = fee_cover_for(Decimal(amount))
    assert got == Decimal(cover)
    percent, fixed = card_fee_rate()
    total = Decimal(amount) + got
    assert total - (total * percent + fixed) >= Decimal(amount)  # after Stripe's fee, at least the gift remains


def test_the_emulator_charges_the_rate_the_page_explains():
    percent, fixed = card_fee_rate()
    assert Decimal(EMULATOR_FEES["card_fee_percent"]) == percent * 100
    assert EMULATOR_FEES["card_fee_fixed"] == int(fixed * 100)


@override_settings(STRIPE_CARD_FEE_PERCENT="3.5", STRIPE_CARD_FEE_FIXED="0.00")
def test_the_rate_comes_from_settings():
    assert fee_cover_for(Decimal("100.00")) == Decimal("3.63")


def test_the_page_explains_the_fee_and_the_limit_sees_the_total(client):
    page = DonationPageFactory(slug="give")
    election = ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    shown = client.get("/donate/give/").content.decode()
    assert "Our card processor keeps 2.9% + $0.30 of each gift" in shown
    assert "counts toward your legal limit" in shown and 'name="cover_fee"' in shown
    # $3,450 fits the $3,500 limit; with the fee ($103.35) it does not: refused before any Stripe call.
    response = client.post("/donate/give/", {**FORM, "amount": "3450.00", "cover_fee": "on", "election": election.pk})
    assert response.status_code == 400
    assert "limits" in response.content.decode() and "3,500" in response.content.decode()
    assert not Donation.objects.exists()


def test_apple_pay_domain_file_is_served_from_the_setting_and_404_when_unset(client):
    with override_settings(APPLE_PAY_DOMAIN_ASSOCIATION=""):
        assert client.get("/.well-known/apple-developer-merchantid-domain-association").status_code == 404
    with override_settings(APPLE_PAY_DOMAIN_ASSOCIATION="7B227073704964223A2241"):
        response = client.get("/.well-known/apple-developer-merchantid-domain-association")
        assert response.status_code == 200 and response.content == b"7B227073704964223A2241"
        assert response["Content-Type"].startswith("text/plain")
