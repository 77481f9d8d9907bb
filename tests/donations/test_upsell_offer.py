"""The monthly upsell for every paid one-time gift and the API's fee cover and card saving (issue #16, second
pass), without processes: the offer without a saved card asks for a card, the thank-you page's poll gets the
offer when the payment is confirmed, and the API takes cover_fee and save_card through the one checkout."""

from datetime import date
from decimal import Decimal

import pytest

from donations.models import Donation, ExpressCard, RecurringGift
from donations.services.checkout import CheckoutInput
from donations.services.upsell import upsell_accept, upsell_card_start, upsell_offer
from fundraising.exceptions import ApplicationError
from fundraising.fees import fee_cover_for
from tests.donations.test_checkout import _api_post, _page_post
from tests.factories import DonationPageFactory, DonorFactory, ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page():
    page = DonationPageFactory(slug="give")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    ElectionFactory(committee=page.committee, code="G2028", date=date(2028, 11, 7))
    return page


def _gift(page, status=Donation.Status.PROCESSING) -> Donation:
    return Donation.objects.create(
        committee=page.committee,
        page=page,
        donor=DonorFactory(committee=page.committee),
        election=page.committee.elections.get(code="P2028"),
        amount=Decimal("40.00"),
        status=status,
    )


def test_a_paid_gift_without_a_saved_card_is_offered_monthly_with_a_card_to_enter(client, page):
    donation = _gift(page, status=Donation.Status.SUCCEEDED)
    assert not ExpressCard.objects.exists()
    offer = upsell_offer(donation)
    assert offer is not None and offer.card is None
    assert "charged to the card I enter next, until I cancel." in offer.consent_text
    html = client.get(f"/donate/give/thanks/?donation={donation.public_id}").content.decode()
    assert "Make it monthly?" in html and "Next you enter the card for the monthly gift." in html
    assert 'id="upsell-slot"' not in html  # shown already: nothing for the poll to add


def test_without_a_card_nothing_starts_without_consent_a_confirmed_card_or_room(page):
    donation = _gift(page, status=Donation.Status.SUCCEEDED)
    with pytest.raises(ApplicationError, match="Tick the box"):
        upsell_card_start(donation=donation, consented=False)
    with pytest.raises(ApplicationError, match="Enter the card"):
        upsell_accept(donation=donation, consented=True)
    with pytest.raises(ApplicationError, match="not confirmed"):
        upsell_accept(donation=donation, consented=True, setup_intent_id="pi_not_a_setup_intent")
    pending = _gift(page)
    with pytest.raises(ApplicationError, match="cannot be made monthly"):
        upsell_card_start(donation=pending, consented=True)


def test_the_poll_gets_the_offer_once_the_payment_is_confirmed(client, page):
    donation = _gift(page)
    html = client.get(f"/donate/give/thanks/?donation={donation.public_id}").content.decode()
    assert '<div id="upsell-slot"></div>' in html and "?offer=1" in html and "Make it monthly?" not in html
    assert "onclick" not in html and "<script nonce=" in html  # CSP: the nonce'd script, no inline handler
    url = f"/donate/give/status/{donation.public_id}/"
    assert "offer" not in client.get(f"{url}?offer=1").json()  # pending: no offer yet
    Donation.objects.filter(pk=donation.pk).update(status=Donation.Status.SUCCEEDED)
    body = client.get(f"{url}?offer=1").json()
    assert body["status"] == "confirmed"
    assert "Make it monthly?" in body["offer"]
    assert f'action="/donate/give/monthly/{donation.public_id}/"' in body["offer"]
    assert 'name="csrfmiddlewaretoken"' in body["offer"] and "<script" not in body["offer"]
    assert "offer" not in client.get(url).json()  # only the one-gift page asks for it


def test_a_monthly_gift_or_a_split_gets_no_offer_slot(client, page):
    donation = _gift(page)
    other = _gift(page)
    html = client.get(f"/donate/give/thanks/?donation={donation.public_id}&donation={other.public_id}").content
    assert b'id="upsell-slot"' not in html
    monthly = _gift(page)
    Donation.objects.filter(pk=monthly.pk).update(
        recurring_gift=RecurringGift.objects.create(
            committee=page.committee, donor=monthly.donor, election=monthly.election, amount=monthly.amount
        )
    )
    assert b'id="upsell-slot"' not in client.get(f"/donate/give/thanks/?donation={monthly.public_id}").content


def test_the_api_takes_cover_fee_and_save_card_as_the_page_does(client, page, monkeypatch):
    seen: list[CheckoutInput] = []

    def checkout_start(*, checkout, request):
        seen.append(checkout)
        raise ApplicationError("stopped here", field="amount")

    monkeypatch.setattr("donations.web.views.checkout_start", checkout_start)
    monkeypatch.setattr("donations.api.views.checkout_start", checkout_start)
    assert _page_post(client, page, cover_fee="on", save_card="on").status_code == 400
    assert _api_post(client, page, cover_fee=True, save_card=True).status_code == 400
    web, api = seen
    assert web == api and api.cover_fee is True and api.save_card is True


def test_the_api_refuses_save_card_it_cannot_honour(client, page):
    monthly = _api_post(client, page, save_card=True, frequency="monthly")
    assert monthly.status_code == 400 and "save_card" in monthly.json()["error"]["fields"]
    given = _api_post(client, page, save_card=True, payment_method="pm_card_visa")
    assert given.status_code == 400 and "payment_method blank" in given.json()["error"]["fields"]["save_card"][0]
    assert not Donation.objects.exists()


def test_the_api_fee_cover_counts_against_the_limit(client, page):
    # $3,450 fits the $3,500 limit; with the cover it does not: refused before any Stripe call.
    assert fee_cover_for(Decimal("3450.00")) > Decimal("50.00")
    response = _api_post(client, page, amount="3450.00", cover_fee=True)
    assert response.status_code == 400 and "3,500" in response.json()["error"]["message"]
    assert not Donation.objects.exists()


def test_the_schema_describes_cover_fee_and_save_card(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    fields = schema["components"]["schemas"]["DonationCreateInput"]["properties"]
    assert "fundraising/fees.py" in fields["cover_fee"]["description"] and fields["cover_fee"]["type"] == "boolean"
    assert "consent" in fields["save_card"]["description"]
    assert "fee_cover" in schema["components"]["schemas"]["DonationOutput"]["properties"]
