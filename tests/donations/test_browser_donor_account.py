"""Donor self-service in Debian's Chromium (Playwright) at 390 and 1366 px (issue #16): a donor asks for a sign-in
link on the donation page, follows the link from the worker's email, sees their gifts (a refund shown), views and
re-sends a receipt, changes a monthly gift's amount (over the limit refused, then a good amount, the Stripe
subscription repriced), puts a new card on it through a SetupIntent and the Payment Element, prints the year's
statement, cancels the gift and signs out. axe-core finds no serious or critical violation on any page; screenshots
go to test-artifacts/<test database>/donor-account/."""

import email
import re
from datetime import date

import pytest

from audit.models import AuditEvent
from donations.models import Contribution, RecurringGift, Refund
from tests.conftest import ARTIFACTS, WORKER_LOG, wait_for, worker_mail
from tests.donations.helpers import give
from tests.donations.test_browser_donor import AXE, browser_page, device  # noqa: F401 (fixtures)
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = [pytest.mark.services, pytest.mark.browser]
SHOTS = ARTIFACTS / "donor-account"


def _axe(page, name: str, width: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate(AXE + "\n;0")
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    assert bad == [], (name, width, bad)
    errors = [e for e in page.errors if "status of 400 (Bad Request)" not in e]
    assert errors == [], (name, width, errors)


def _mail_parts(raw: str) -> tuple[str, str, str]:
    message = email.message_from_string(raw)
    text = html = ""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            text = part.get_payload(decode=True).decode()
        elif part.get_content_type() == "text/html":
            html = part.get_payload(decode=True).decode()
    return message["Subject"] or "", text, html


def _sign_in_path(raw: str) -> str | None:
    subject, text, html = _mail_parts(raw)
    if "sign-in link" not in subject:
        return None
    found = re.search(r"/donate/[\w-]+/manage/sign-in/[^/\s]+/", text)
    assert found and found.group(0) in html  # the HTML part carries the same link
    return found.group(0)


@pytest.fixture
def gifts(services):
    page = DonationPageFactory(slug="account", title="Give to Example for Congress")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    base = services.live_server.url
    monthly = give(base, page.slug, "25.00", frequency="monthly", election="P2028")
    assert monthly.status_code == 201, monthly.text
    once = give(base, page.slug, "40.00", election="P2028")
    assert once.status_code == 201, once.text
    gift = RecurringGift.objects.get(public_id=monthly.json()["recurring_gift"])
    wait_for(lambda: Contribution.objects.count() == 2, timeout=90, what="both gifts recorded")
    one_time = Contribution.objects.get(recurring_gift__isnull=True)
    services.dashboard.v1.refunds.create({"payment_intent": one_time.stripe_payment_intent_id, "amount": 1000})
    wait_for(lambda: Refund.objects.exists(), timeout=60, what="the refund recorded")
    return page, gift, one_time


def test_donor_manages_their_giving(services, browser_page, gifts, device):  # noqa: F811 (fixtures)
    page = browser_page
    donation_page, gift, one_time = gifts
    base = services.live_server.url
    before_mail = len(worker_mail())

    page.goto(f"{base}/donate/{donation_page.slug}/")
    page.get_by_role("link", name="Manage your giving").click()
    page.get_by_label("Email address").fill("Jane@Example.com")
    _axe(page, "request", device)
    page.get_by_role("button", name="Email me a sign-in link").click()
    assert "If we have gifts under that address" in page.locator("#link-sent").inner_text()
    _axe(page, "request-sent", device)

    path = wait_for(
        lambda: next((p for p in map(_sign_in_path, worker_mail()[before_mail:]) if p), None),
        timeout=60,
        what="the sign-in email",
    )
    page.goto(f"{base}{path}")
    _axe(page, "sign-in", device)
    page.get_by_role("button", name="Continue to my gifts").click()
    page.wait_for_url("**/manage/gifts/")
    main = page.locator("main").inner_text()
    assert "$25.00 a month" in main and "$40.00" in main and "Refunded: $10.00" in main
    assert "2028 primary election, Jun 20" in main
    _axe(page, "home", device)

    # The receipt, as emailed, and a copy sent again.
    gift_card = page.locator(f"#gift-{one_time.transaction_id}")
    gift_card.get_by_role("link", name=re.compile("View receipt")).click()
    assert "$40.00" in page.locator("body").inner_text() and one_time.transaction_id in page.content()
    page.screenshot(path=str(SHOTS / f"receipt-{device}.png"), full_page=True)
    page.go_back()
    mail_count = len(worker_mail())
    page.locator(f"#gift-{one_time.transaction_id}").get_by_role("button", name=re.compile("Email me a copy")).click()
    assert "on its way" in page.locator(".flash").inner_text()
    wait_for(
        lambda: any(one_time.transaction_id in m for m in worker_mail()[mail_count:]), timeout=60, what="receipt copy"
    )

    # Change the amount: over the limit is refused and says why; a good amount reprices the subscription.
    monthly = page.locator(f"#monthly-{gift.public_id}")
    monthly.get_by_role("link", name=re.compile("Change amount")).click()
    page.get_by_label("New monthly amount (USD)").fill("3500")
    page.get_by_role("button", name="Change my monthly gift").click()
    assert "left to give for the 2028 primary election" in page.locator("#amount-error").inner_text()
    _axe(page, "amount-refused", device)
    page.get_by_label("New monthly amount (USD)").fill("35")
    page.get_by_role("button", name="Change my monthly gift").click()
    page.wait_for_url("**/manage/gifts/")
    assert "now $35.00" in page.locator(".flash").inner_text()
    gift.refresh_from_db()
    assert str(gift.amount) == "35.00"
    subscription = services.dashboard.v1.subscriptions.retrieve(gift.stripe_subscription_id)
    assert subscription["items"].data[0].price.unit_amount == 3500

    # A new card through a SetupIntent and the Payment Element.
    old_card = subscription.default_payment_method
    page.locator(f"#monthly-{gift.public_id}").get_by_role("link", name=re.compile("Update card")).click()
    page.wait_for_selector("#payment-element select")
    _axe(page, "card", device)
    page.get_by_label("Test card").select_option("pm_card_visa")
    page.get_by_role("button", name="Save the new card").click()
    page.wait_for_url("**/manage/gifts/")
    assert "new card" in page.locator(".flash").inner_text()
    subscription = services.dashboard.v1.subscriptions.retrieve(gift.stripe_subscription_id)
    assert subscription.default_payment_method and subscription.default_payment_method != old_card

    # The year's statement: each gift, the refund, the total.
    year = one_time.date_received.year
    page.get_by_role("link", name=f"{year} statement").click()
    statement = page.locator("main").inner_text()
    assert "not tax deductible" in statement and "Refund of gift" in statement
    assert page.locator("#statement-total").inner_text() == "$55.00"  # 25 + 40 - 10
    _axe(page, "statement", device)
    page.emulate_media(media="print")
    page.screenshot(path=str(SHOTS / f"statement-print-{device}.png"), full_page=True)
    assert not page.get_by_role("button", name="Sign out").is_visible()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to your gifts").click()

    # Cancel, through the existing cancel service, with the donor as the actor.
    page.locator(f"#monthly-{gift.public_id}").get_by_role("link", name=re.compile("Cancel")).click()
    _axe(page, "cancel", device)
    page.get_by_role("button", name="Cancel my monthly gift").click()
    page.wait_for_url("**/manage/gifts/")
    assert "is canceled" in page.locator(".flash").inner_text()
    gift.refresh_from_db()
    assert gift.status == RecurringGift.Status.CANCELED
    assert services.dashboard.v1.subscriptions.retrieve(gift.stripe_subscription_id).status == "canceled"
    actions = set(
        AuditEvent.objects.filter(actor_label__startswith="donor:self-service").values_list("action", flat=True)
    )
    assert {"recurring.amount_changed", "recurring.card_updated", "recurring.canceled", "receipt.copy_sent"} <= actions
    _axe(page, "home-after", device)

    page.get_by_role("button", name="Sign out").click()
    assert "signed out" in page.locator("h1").inner_text()
    page.goto(f"{base}/donate/{donation_page.slug}/manage/gifts/")
    assert "/manage/?ended=1" in page.url
    page.goto(f"{base}{path}")  # the link worked once
    assert "used already" in page.locator("main").inner_text()
    worker_log = WORKER_LOG.read_text().lower()  # the worker looked the address up and mailed it: never logged it
    assert "jane@example.com" not in worker_log and path.split("/")[-2].lower() not in worker_log
