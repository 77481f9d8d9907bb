"""Monthly gifts on the emulator's clock: each paid invoice is that month's contribution, and the
installment that would pass the limit is never charged."""

from datetime import date
from decimal import Decimal

import pytest
import requests

from donations.models import Contribution, RecurringGift
from tests.conftest import wait_for, worker_mail
from tests.donations.helpers import give
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services


@pytest.fixture
def page(services):
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def _paid(gift: RecurringGift) -> int:
    return Contribution.objects.filter(recurring_gift=gift).count()


def test_six_months_then_the_seventh_is_refused_at_the_limit(services, page):
    response = give(services.live_server.url, page.slug, "550.00", frequency="monthly", election="P2028")
    assert response.status_code == 201, response.text
    gift = RecurringGift.objects.get(public_id=response.json()["recurring_gift"])
    wait_for(lambda: _paid(gift) == 1, timeout=60, what="the first installment")
    for month in range(2, 7):
        services.emulator.advance_clock(months=1)
        wait_for(lambda m=month: _paid(gift) == m, timeout=60, what=f"installment {month}")
    # 6 × $550 = $3,300: a seventh $550 would pass $3,500, so the gift is stopped before it is charged.
    wait_for(
        lambda: RecurringGift.objects.get(pk=gift.pk).status == RecurringGift.Status.CANCELED,
        timeout=60,
        what="the limit check to cancel the subscription",
    )
    services.emulator.advance_clock(months=1)
    services.emulator.wait_webhooks_idle()
    assert _paid(gift) == 6
    contributions = Contribution.objects.filter(recurring_gift=gift)
    assert sum(c.amount for c in contributions) == Decimal("3300.00")
    assert len({c.stripe_invoice_id for c in contributions}) == 6
    assert all(c.election.code == "P2028" for c in contributions)
    gift.refresh_from_db()
    assert "limit" in gift.cancel_reason
    subscription = services.dashboard.v1.subscriptions.retrieve(gift.stripe_subscription_id)
    assert subscription.status == "canceled"


def test_donor_cancels_from_the_signed_link(services, page):
    response = give(services.live_server.url, page.slug, "25.00", frequency="monthly", election="P2028")
    gift = RecurringGift.objects.get(public_id=response.json()["recurring_gift"])
    wait_for(lambda: _paid(gift) == 1, timeout=60, what="the first installment")
    receipt = wait_for(
        lambda: next(
            (m for m in worker_mail() if Contribution.objects.get(recurring_gift=gift).transaction_id in m), None
        ),
        timeout=60,
        what="the receipt email",
    )
    assert "$25.00" in receipt and "monthly gift" in receipt
    path = recurring_cancel_path_in(receipt)
    url = f"{services.live_server.url}{path}"
    session = requests.Session()
    page_html = session.get(url, timeout=30)
    assert "Cancel my monthly gift" in page_html.text
    token = session.cookies["csrftoken"]
    done = session.post(url, data={"csrfmiddlewaretoken": token}, headers={"Referer": url}, timeout=30)
    assert done.status_code == 200 and "canceled" in done.text
    wait_for(lambda: RecurringGift.objects.get(pk=gift.pk).status == RecurringGift.Status.CANCELED, timeout=30)
    services.emulator.advance_clock(months=1)
    services.emulator.wait_webhooks_idle()
    assert _paid(gift) == 1
    tampered = session.get(url.replace("/cancel/", "/cancel/x"), timeout=30)
    assert tampered.status_code == 404


def recurring_cancel_path_in(mail: str) -> str:
    import re

    match = re.search(r"https?://[^/\s]+(/donate/monthly/cancel/\S+/)", mail.replace("=\n", ""))
    assert match, mail
    return match.group(1)
