"""A donor gives through the real page in headless Chromium (Debian's package, driven by Playwright).

Only here, requests to js.stripe.com are answered by the emulator's stand-in for Stripe.js, which talks to
the emulator; every other request off this machine is refused. Screenshots go to test-artifacts/."""

import shutil
from datetime import date
from pathlib import Path

import pytest
import requests

from donations.models import Contribution, Donation
from tests.conftest import ARTIFACTS, wait_for
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = [pytest.mark.services, pytest.mark.browser]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser_page(services, monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM reads are still plain
    # synchronous queries between browser steps.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is required for the browser test: apt-get install chromium")
    stand_in = requests.get(f"{services.emulator.url}/js/v3/stripe.js", timeout=10).text
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        context = browser.new_context(viewport={"width": 390, "height": 844})  # a phone
        context.add_init_script(f"window.__STRIPE_EMULATOR_BASE__ = {services.emulator.url!r};")

        def route(route):
            url = route.request.url
            if url.startswith("https://js.stripe.com/"):
                return route.fulfill(status=200, content_type="application/javascript", body=stand_in)
            if url.startswith(("http://127.0.0.1", "http://localhost")):
                return route.continue_()
            return route.abort()

        context.route("**/*", route)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture
def donation_page(services):
    page = DonationPageFactory(slug="browser", title="Give to Example for Congress")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def _fill_form(page, base_url: str, amount: str) -> None:
    page.goto(f"{base_url}/donate/browser/?refcode=browser_test")
    page.get_by_label("Amount (USD)").fill(amount)
    page.get_by_label("First name").fill("Jane")
    page.get_by_label("Last name").fill("Doe")
    page.get_by_label("Street address").fill("12 Main St")
    page.get_by_label("City").fill("Springfield")
    page.get_by_label("State").select_option("VA")
    page.get_by_label("ZIP code").fill("22150")
    page.get_by_label("Email").fill("jane@example.com")
    page.get_by_label("Employer").fill("Acme Corp")
    page.get_by_label("Occupation").fill("Engineer")
    for checkbox in page.locator("fieldset.affirm input[type=checkbox]").all():
        checkbox.check()
    page.get_by_role("button", name="Continue to payment").click()
    page.wait_for_selector("#payment-element select")


def test_donor_gives_through_the_page(services, browser_page, donation_page):
    _fill_form(browser_page, services.live_server.url, "35.00")
    browser_page.get_by_label("Test card").select_option("pm_card_visa")
    browser_page.screenshot(path=str(ARTIFACTS / "donation-payment-step.png"), full_page=True)
    browser_page.get_by_role("button", name="Give $35.00").click()
    browser_page.wait_for_url("**/donate/browser/thanks/**")
    assert "Thank you" in browser_page.content()
    contribution = wait_for(lambda: Contribution.objects.first(), timeout=60, what="the webhook")
    assert contribution.amount == 35
    assert contribution.donation.attribution == {"refcode": "browser_test"}
    browser_page.reload()
    browser_page.screenshot(path=str(ARTIFACTS / "donation-thank-you.png"), full_page=True)


def test_declined_card_shows_its_message(services, browser_page, donation_page):
    _fill_form(browser_page, services.live_server.url, "20.00")
    browser_page.get_by_label("Test card").select_option("pm_card_chargeDeclined")
    browser_page.get_by_role("button", name="Give $20.00").click()
    message = browser_page.locator("#payment-message")
    message.wait_for(state="visible")
    wait_for(lambda: "declined" in message.inner_text().lower(), timeout=20, what="the decline message")
    browser_page.screenshot(path=str(ARTIFACTS / "donation-declined.png"), full_page=True)
    assert Contribution.objects.count() == 0
    assert Donation.objects.get().stripe_payment_intent_id


def test_card_needing_3d_secure_works(services, browser_page, donation_page):
    _fill_form(browser_page, services.live_server.url, "15.00")
    browser_page.get_by_label("Test card").select_option("pm_card_authenticationRequired")
    browser_page.get_by_role("button", name="Give $15.00").click()
    browser_page.get_by_role("dialog", name="3D Secure 2 Test Page").get_by_role("button", name="Complete").click()
    browser_page.wait_for_url("**/donate/browser/thanks/**")
    assert wait_for(lambda: Contribution.objects.first(), timeout=60, what="the 3DS payment").amount == 15
