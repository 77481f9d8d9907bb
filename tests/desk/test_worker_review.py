"""A web gift through the real worker: the on-commit review runs in the worker and files its flags."""

import datetime as dt

import pytest

from compliance.models import ReviewItem
from donations.models import Contribution
from tests.conftest import wait_for
from tests.donations.helpers import give
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services


def test_web_gift_without_affirmations_is_flagged_by_the_worker(services):
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=dt.date(2028, 6, 20))
    response = give(services.live_server.url, page.slug, "25.00")  # an API client that sent no affirmations
    assert response.status_code == 201, response.text
    gift = wait_for(
        lambda: Contribution.objects.filter(donation__public_id=response.json()["donation_id"]).first(),
        timeout=60,
        what="the contribution",
    )
    item = wait_for(lambda: ReviewItem.objects.filter(contribution=gift).first(), timeout=60, what="the review")
    assert item.kind == "prohibited" and item.reason_code == "affirmation"
