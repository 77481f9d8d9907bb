"""The checkout additions of issue #16, end to end on the emulator, the worker and a live server, driven as a
browser does (form posts with CSRF, Stripe.js's confirmation played by the test): the fee cover, express giving
(card saved with consent, one tap from a receipt link and on a recognised device, authentication-required
fallback, forget), the monthly upsell, and the Payment Element's wallet options."""

import email
import re
from datetime import date
from decimal import Decimal

import pytest
import requests

from donations.models import Contribution, Donation, ExpressCard, MonthlyUpsell, RecurringGift
from donations.services.limits import limit_totals_recompute
from fundraising.fees import fee_cover_for
from tests.conftest import wait_for, worker_mail
from tests.donations.test_donation_page import FORM
from tests.factories import ContributionFactory, DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services


@pytest.fixture
def page(services):
    page = DonationPageFactory(slug="give", preset_amounts=["25", "50"])
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    ElectionFactory(committee=page.committee, code="G2028", date=date(2028, 11, 7))
    return page


class Donor:
    """A browser: one session (cookies), CSRF from the page, Stripe.js's confirmation done through the emulator."""

    def __init__(self, services, page) -> None:
        self.base = services.live_server.url
        self.services = services
        self.page = page
        self.session = requests.Session()

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base}{path}"

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.url(path), timeout=60)

    def post(self, path: str, data: dict) -> requests.Response:
        url = self.url(path)
        self.session.get(url, timeout=60) if "csrftoken" not in self.session.cookies else None
        body = {**data, "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.session.post(url, data=body, headers={"Referer": url}, timeout=60)

    def checkout(self, **changes) -> requests.Response:
        self.get(f"/donate/{self.page.slug}/")
        election = self.page.committee.elections.get(code="P2028")
        return self.post(f"/donate/{self.page.slug}/", {**FORM, "election": election.pk, **changes})

    def pay(self, donation: Donation, card: str = "pm_card_visa") -> None:
        intent = self.services.dashboard.v1.payment_intents.confirm(
            donation.stripe_payment_intent_id, {"payment_method": card, "return_url": "https://example.org"}
        )
        if intent.status == "requires_action":
            self.services.emulator.authenticate(intent.id, "succeed")


def _paid(donation: Donation) -> Contribution:
    return wait_for(lambda: Contribution.objects.filter(donation=donation).first(), timeout=60, what="the contribution")


def _receipt_text(contribution: Contribution) -> str:
    raw = wait_for(
        lambda: next((m for m in worker_mail() if contribution.transaction_id in m), None),
        timeout=60,
        what="the receipt",
    )
    message = email.message_from_string(raw)
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    raise AssertionError(raw)


def _saved_card_gift(donor: Donor, card: str = "pm_card_visa") -> tuple[Donation, ExpressCard]:
    response = donor.checkout(amount="50.00", save_card="on")
    assert response.status_code == 200, response.text
    donation = Donation.objects.latest("pk")
    donor.pay(donation, card)
    _paid(donation)
    saved = wait_for(
        lambda: ExpressCard.objects.filter(donation=donation).exclude(stripe_payment_method_id="").first(),
        timeout=60,
        what="the saved card",
    )
    return donation, saved


def test_fee_cover_is_part_of_the_gift_on_stripe_the_thank_you_page_and_the_receipt(services, page):
    donor = Donor(services, page)
    response = donor.checkout(amount="100.00", cover_fee="on")
    assert response.status_code == 200, response.text
    cover = fee_cover_for(Decimal("100.00"))
    assert cover == Decimal("3.30")  # (100 + 0.30) / (1 - 0.029) = 103.296…, up to the cent
    donation = Donation.objects.get()
    assert donation.amount == Decimal("103.30") and donation.fee_cover == cover
    assert services.dashboard.v1.payment_intents.retrieve(donation.stripe_payment_intent_id).amount == 10330
    assert "Including $3.30 you added to cover the processing fee" in response.text
    donor.pay(donation)
    contribution = _paid(donation)
    assert contribution.amount == Decimal("103.30")
    thanks = donor.get(f"/donate/{page.slug}/thanks/?donation={donation.public_id}")
    assert "It includes $3.30 you added to cover the processing fee." in thanks.text
    assert "(including $3.30 you added to cover the processing fee)" in _receipt_text(contribution)


def test_express_gift_in_one_tap_on_this_device_and_from_the_receipt_link_then_forget(services, page):
    donor = Donor(services, page)
    first, card = _saved_card_gift(donor)
    assert card.consent_text.startswith("Save my card") and card.last4 == "4242" and card.brand == "visa"
    method = services.dashboard.v1.payment_methods.retrieve(card.stripe_payment_method_id)
    assert method.customer == card.stripe_customer_id  # saved at Stripe by the payment (setup_future_usage)

    # This device is recognised (the signed cookie set when the donor consented): one tap, a confirm page, no card.
    form = donor.get(f"/donate/{page.slug}/")
    assert "Give again with Visa ending 4242" in form.text
    confirm = donor.get(f"/donate/{page.slug}/express/?amount=25")
    assert (
        "$25.00" in confirm.text and "2028 primary election" in confirm.text and "payment-element" not in confirm.text
    )
    done = donor.post(f"/donate/{page.slug}/express/?amount=25", {})
    assert done.status_code == 200 and "/thanks/" in done.url, done.text
    second = Donation.objects.exclude(pk=first.pk).get()
    assert second.amount == Decimal("25.00") and second.attribution == {"express": "device"}
    assert second.election.code == "P2028" and second.donor_id == first.donor_id
    intent = services.dashboard.v1.payment_intents.retrieve(second.stripe_payment_intent_id)
    assert intent.status == "succeeded" and intent.payment_method == card.stripe_payment_method_id
    _paid(second)

    # Another browser has no cookie: the page offers nothing, and the device URL sends it to the form.
    stranger = Donor(services, page)
    assert "Give again" not in stranger.get(f"/donate/{page.slug}/").text
    assert stranger.get(f"/donate/{page.slug}/express/?amount=25").url.endswith(f"/donate/{page.slug}/")

    # The receipt's one-tap links (one per preset), signed: a tampered one is refused.
    receipt = _receipt_text(Contribution.objects.get(donation=first))
    links = re.findall(r"\$(\d+\.\d\d): https?://[^/\s]+(/donate/express/give/\S+/)", receipt)
    assert [amount for amount, _ in links] == ["25.00", "50.00"]
    link = links[1][1]
    assert stranger.get(link.replace("/give/", "/give/x")).status_code == 404
    shown = stranger.get(link)
    assert "$50.00" in shown.text and "Visa ending 4242" in shown.text
    stranger.post(link, {})
    third = wait_for(
        lambda: Donation.objects.filter(attribution={"express": "receipt-link"}).first(), timeout=30, what="gift 3"
    )
    assert third.amount == Decimal("50.00")
    _paid(third)

    # Forget: detached at Stripe, the links and the device stop working.
    forget = re.search(r"Forget my saved card: https?://[^/\s]+(\S+)", receipt).group(1)
    assert "Forget my card" in donor.get(forget).text
    assert "is forgotten" in donor.post(forget, {}).text
    card.refresh_from_db()
    assert card.forgotten_at is not None
    assert services.dashboard.v1.payment_methods.retrieve(card.stripe_payment_method_id).customer is None
    assert stranger.get(link).status_code == 404
    assert "Give again" not in donor.get(f"/donate/{page.slug}/").text
    assert Donation.objects.count() == 3


def test_express_gift_is_limit_checked_and_authentication_required_falls_back_to_the_form(services, page):
    donor = Donor(services, page)
    first, card = _saved_card_gift(donor, card="pm_card_authenticationRequired")  # 3-D Secure on the first gift
    # Off-session, the bank wants the donor: declined authentication_required, the donor goes to the full form.
    done = donor.post(f"/donate/{page.slug}/express/?amount=25", {})
    assert "?express=authentication" in done.url and "Your bank wants to confirm that gift" in done.text
    failed = Donation.objects.exclude(pk=first.pk).get()
    assert failed.status == Donation.Status.FAILED and failed.failure_code == "authentication_required"
    assert failed.reservation_released

    # Over the limit: refused before Stripe, with the law's words.
    ContributionFactory(
        committee=page.committee,
        donor=first.donor,
        election=page.committee.elections.get(code="P2028"),
        amount=Decimal("3440.00"),
        limit_period_key="P2028",
    )
    limit_totals_recompute(committee=page.committee, donor=first.donor)
    refused = donor.post(f"/donate/{page.slug}/express/?amount=25", {})
    assert refused.status_code == 400 and "You can still give $10.00" in refused.text
    assert Donation.objects.count() == 2


def test_monthly_upsell_after_a_paid_gift_starts_next_month_once_with_the_consent_stored(services, page):
    donor = Donor(services, page)
    first, card = _saved_card_gift(donor)
    thanks_url = f"/donate/{page.slug}/thanks/?donation={first.public_id}"
    thanks = wait_for(lambda: (t := donor.get(thanks_url)) and "Make it monthly?" in t.text and t, timeout=30)
    assert "Yes, give $50.00 every month starting" in thanks.text
    assert "Visa ending 4242, until I cancel. Each gift is for the 2028 primary election, Jun 20" in thanks.text
    action = f"/donate/{page.slug}/monthly/{first.public_id}/"
    refused = donor.post(action, {})  # no consent ticked: nothing starts
    assert "Tick the box" in refused.text and not RecurringGift.objects.exists()
    donor.post(action, {"consent": "1"})
    again = donor.post(action, {"consent": "1"})  # the double click
    assert "Your monthly gift of" in again.text and "Make it monthly?" not in again.text
    gift = RecurringGift.objects.get()
    upsell = MonthlyUpsell.objects.get()
    assert upsell.donation_id == first.pk and upsell.recurring_gift_id == gift.pk
    assert upsell.consent_text.startswith("Yes, give $50.00 every month") and "Visa ending 4242" in upsell.consent_text
    assert gift.amount == Decimal("50.00") and gift.election.code == "P2028"
    subscription = services.dashboard.v1.subscriptions.retrieve(gift.stripe_subscription_id)
    assert subscription.status == "trialing" and subscription.default_payment_method == card.stripe_payment_method_id
    services.emulator.wait_webhooks_idle()
    assert not Contribution.objects.filter(recurring_gift=gift).exists()  # nothing charged today ($0 trial invoice)
    services.emulator.advance_clock(months=1, seconds=2 * 86400)  # past the first charge (noon, committee time)
    installment = wait_for(
        lambda: Contribution.objects.filter(recurring_gift=gift).first(), timeout=60, what="the first installment"
    )
    assert installment.amount == Decimal("50.00") and installment.election.code == "P2028"


def test_pay_page_turns_the_wallets_on_for_automatic_payment_methods(services, page):
    donor = Donor(services, page)
    response = donor.checkout(amount="30.00")
    assert '"wallets": {"applePay": "auto", "googlePay": "auto"}' in response.text
    assert 'elements.create("payment", elementOptions)' in response.text
    donation = Donation.objects.get()
    intent = services.dashboard.v1.payment_intents.retrieve(donation.stripe_payment_intent_id)
    assert intent.automatic_payment_methods.enabled is True and intent.setup_future_usage is None
    assert not ExpressCard.objects.exists()  # no consent, no saved card


def test_monthly_upsell_over_the_limit_is_refused_and_nothing_starts(services, page):
    donor = Donor(services, page)
    first, _card = _saved_card_gift(donor)
    ContributionFactory(
        committee=page.committee,
        donor=first.donor,
        election=page.committee.elections.get(code="P2028"),
        amount=Decimal("3420.00"),
        limit_period_key="P2028",
    )
    limit_totals_recompute(committee=page.committee, donor=first.donor)  # $3,470 given: $30 left, the offer is $50
    refused = donor.post(f"/donate/{page.slug}/monthly/{first.public_id}/", {"consent": "1"})
    assert "would go over the federal limit" in refused.text and "$30.00" in refused.text
    assert not RecurringGift.objects.exists() and not MonthlyUpsell.objects.exists()
    assert services.dashboard.v1.subscriptions.list({}).data == []


def test_monthly_upsell_without_a_saved_card_collects_the_card_through_a_setup_intent(services, page):
    donor = Donor(services, page)
    response = donor.checkout(amount="40.00")  # no "save my card"
    assert response.status_code == 200, response.text
    first = Donation.objects.get()
    donor.pay(first)
    _paid(first)
    assert not ExpressCard.objects.exists()
    thanks = donor.get(f"/donate/{page.slug}/thanks/?donation={first.public_id}")
    assert "Make it monthly?" in thanks.text and "charged to the card I enter next, until I cancel." in thanks.text

    # The consent box, then the card step: a SetupIntent for the Payment Element, nothing charged.
    action = f"/donate/{page.slug}/monthly/{first.public_id}/"
    card_step = donor.post(action, {"consent": "1"})
    assert "The card for your monthly gift" in card_step.text and 'id="payment-element"' in card_step.text
    secret = re.search(r'<script id="client-secret" type="application/json">"([^"]+)"</script>', card_step.text)
    setup_id = secret.group(1).split("_secret_")[0]
    intent = services.dashboard.v1.setup_intents.retrieve(setup_id)
    assert intent.metadata["upsell_of"] == str(first.public_id) and intent.usage == "off_session"
    customer = services.dashboard.v1.customers.retrieve(intent.customer)
    assert customer.email == first.donor.email

    # Not confirmed yet: nothing starts. Another gift's SetupIntent never starts this one.
    refused = donor.post(action, {"consent": "1", "setup_intent": setup_id})
    assert "did not confirm" in refused.text and not RecurringGift.objects.exists()
    services.dashboard.v1.setup_intents.confirm(setup_id, {"payment_method": "pm_card_mastercard"})
    other = Donor(services, page)
    other.checkout(amount="30.00", email="sam@example.com")
    other_gift = Donation.objects.exclude(pk=first.pk).get()
    other.pay(other_gift)
    _paid(other_gift)
    theirs = f"/donate/{page.slug}/monthly/{other_gift.public_id}/"
    stolen = other.post(theirs, {"consent": "1", "setup_intent": setup_id})
    assert "was not confirmed" in stolen.text and not RecurringGift.objects.exists()

    # Confirmed: the subscription starts on that card, on trial until the same day next month; a double click
    # starts one.
    donor.post(action, {"consent": "1", "setup_intent": setup_id})
    again = donor.post(action, {"consent": "1", "setup_intent": setup_id})
    assert "Your monthly gift of" in again.text and "Make it monthly?" not in again.text
    gift = RecurringGift.objects.get()
    upsell = MonthlyUpsell.objects.get()
    assert upsell.donation_id == first.pk and "the card I enter next" in upsell.consent_text
    assert gift.amount == Decimal("40.00") and gift.stripe_customer_id == intent.customer
    subscription = services.dashboard.v1.subscriptions.retrieve(gift.stripe_subscription_id)
    confirmed = services.dashboard.v1.setup_intents.retrieve(setup_id)
    assert subscription.status == "trialing" and subscription.default_payment_method == confirmed.payment_method
    assert not ExpressCard.objects.exists()  # the monthly gift's card is not an express card: no consent to that
    services.emulator.advance_clock(months=1, seconds=2 * 86400)
    installment = wait_for(
        lambda: Contribution.objects.filter(recurring_gift=gift).first(), timeout=60, what="the first installment"
    )
    assert installment.amount == Decimal("40.00") and installment.election.code == "P2028"


def test_api_fee_cover_and_card_saving_go_through_the_one_checkout(services, page):
    response = requests.post(
        f"{services.live_server.url}/api/v1/donations/",
        json={
            "page": page.slug,
            "amount": "100.00",
            "election": "P2028",
            "cover_fee": True,
            "save_card": True,
            "donor": {
                "first_name": "Ana",
                "last_name": "Garcia",
                "street_1": "5 Elm St",
                "city": "Reston",
                "state": "VA",
                "zip_code": "20190",
                "email": "ana@example.com",
                "employer": "Retired",
                "occupation": "Retired",
            },
        },
        timeout=60,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["amount"] == "103.30" and body["fee_cover"] == "3.30" and body["client_secret"]
    donation = Donation.objects.get(public_id=body["donation_id"])
    assert donation.fee_cover == Decimal("3.30")
    card = ExpressCard.objects.get(donation=donation)
    assert card.consent_text.startswith("Save my card")
    intent = services.dashboard.v1.payment_intents.retrieve(donation.stripe_payment_intent_id)
    assert intent.amount == 10330 and intent.setup_future_usage == "off_session"
    assert intent.customer == card.stripe_customer_id
    Donor(services, page).pay(donation)
    _paid(donation)
    saved = wait_for(
        lambda: ExpressCard.objects.exclude(stripe_payment_method_id="").filter(pk=card.pk).first(),
        timeout=60,
        what="the saved card",
    )
    assert saved.last4 == "4242"
