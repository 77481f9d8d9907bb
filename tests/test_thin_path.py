"""One gift all the way to a valid .fec file, on real parts: PostgreSQL, Redis, a Celery worker
process, the Stripe emulator process (over HTTP, signed webhooks) and a live Django server."""

from datetime import date
from decimal import Decimal

import pytest
import requests

from compliance.models import Report
from donations.models import Contribution, Donation, StripeEvent
from tests.auth import token_auth
from tests.conftest import wait_for
from tests.factories import DonationPageFactory, ElectionFactory
from tests.fec_assertions import assert_valid_fec

pytestmark = pytest.mark.services


def _gift(page_slug: str, amount: str, payment_method: str = "pm_card_visa", **donor) -> dict:
    body = {
        "page": page_slug,
        "amount": amount,
        "election": "P2028",
        "payment_method": payment_method,
        "donor": {
            "first_name": "Jane",
            "last_name": "Doe",
            "street_1": "12 Main St",
            "city": "Springfield",
            "state": "VA",
            "zip_code": "22150-1234",
            "email": "jane@example.com",
            "employer": "Acme Corp",
            "occupation": "Engineer",
            **donor,
        },
    }
    return body


@pytest.fixture
def page(services):
    page = DonationPageFactory(committee__fec_id="C00999999", committee__name="Example for Congress")
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    return page


def test_one_gift_end_to_end_to_a_valid_fec_file(services, page):
    base = services.live_server.url
    response = requests.post(f"{base}/api/v1/donations/", json=_gift(page.slug, "250.00"), timeout=30)
    assert response.status_code == 201, response.text
    donation_id = response.json()["donation_id"]

    contribution = wait_for(
        lambda: Contribution.objects.filter(donation__public_id=donation_id).first(),
        timeout=60,
        what="the webhook to record the contribution",
    )
    assert contribution.amount == Decimal("250.00")
    assert Donation.objects.get(public_id=donation_id).status == Donation.Status.SUCCEEDED

    # The same event delivered again (Stripe retries) changes nothing.
    event = StripeEvent.objects.get(type="payment_intent.succeeded")
    services.emulator.resend(event.event_id)
    services.emulator.wait_webhooks_idle()
    auth = token_auth(page.committee)
    anonymous = requests.post(f"{base}/api/v1/reports/", json={}, timeout=30)
    assert anonymous.status_code in (401, 403)

    response = requests.post(
        f"{base}/api/v1/reports/",
        json={
            "committee": "C00999999",
            "report_code": "YE",
            "coverage_from": "2026-01-01",
            "coverage_through": "2026-12-31",
        },
        auth=auth,
        timeout=30,
    )
    assert response.status_code == 202, response.text
    report_id = response.json()["id"]
    wait_for(lambda: Report.objects.get(pk=report_id).status in ("done", "failed"), timeout=60, what="the report")
    detail = requests.get(f"{base}/api/v1/reports/{report_id}/", auth=auth, timeout=30).json()
    assert detail["status"] == "done", detail["errors"]
    assert Contribution.objects.count() == 1
    assert StripeEvent.objects.filter(event_id=event.event_id).count() == 1

    fec = requests.get(f"{base}/api/v1/reports/{report_id}/fec", auth=auth, timeout=30)
    assert fec.status_code == 200
    parsed = assert_valid_fec(fec.content)
    assert parsed["filing"]["form_type"] == "F3N"
    assert parsed["filing"]["col_a_individual_contributions_itemized"] == 250.0
    (item,) = parsed["itemizations"]["Schedule A"]
    assert item["form_type"] == "SA11AI"
    assert item["contribution_amount"] == 250.0
    assert item["contributor_last_name"] == "Doe"
    assert item["contributor_zip_code"] == "221501234"


def test_declined_card_records_no_contribution(services, page):
    base = services.live_server.url
    response = requests.post(
        f"{base}/api/v1/donations/", json=_gift(page.slug, "25.00", "pm_card_chargeDeclined"), timeout=30
    )
    assert response.status_code == 402, response.text
    error = response.json()["error"]
    assert error["decline_code"] == "generic_decline"
    assert "declined" in error["message"].lower()
    donation = Donation.objects.get()
    assert donation.status == Donation.Status.FAILED
    # The payment_failed webhook arrives and is processed, and still nothing is recorded.
    wait_for(
        lambda: StripeEvent.objects.filter(type="payment_intent.payment_failed", processed_at__isnull=False).exists(),
        timeout=60,
        what="the payment_failed webhook",
    )
    assert Contribution.objects.count() == 0
