"""Limits at checkout: an over-limit gift is refused before any Stripe call, concurrent gifts cannot
together pass the limit, and the check does not grow with the donor's history."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from donations.models import Contribution, Donor, LimitTotal
from donations.services.limits import OverLimit, limit_reserve, limit_totals_recompute
from tests.conftest import wait_for
from tests.donations.helpers import give
from tests.factories import ContributionFactory, DonationPageFactory, DonorFactory, ElectionFactory


@pytest.fixture
def page(transactional_db):
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    ElectionFactory(committee=page.committee, code="G2028", date=date(2028, 11, 7))
    return page


def _jane_with(page, amount: str) -> Donor:
    """Jane Doe (the helpers' donor) having already given `amount` for P2028."""
    donor = DonorFactory(
        committee=page.committee, first_name="Jane", last_name="Doe", street_1="12 Main St", zip_code="22150"
    )
    election = page.committee.elections.get(code="P2028")
    ContributionFactory(
        committee=page.committee, donor=donor, election=election, amount=Decimal(amount), limit_period_key="P2028"
    )
    limit_totals_recompute(committee=page.committee, donor=donor)
    return donor


@pytest.mark.services
def test_over_limit_gift_is_refused_with_zero_stripe_requests(services, page):
    _jane_with(page, "3400.00")
    response = give(services.live_server.url, page.slug, "100.01")
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "over_limit"
    assert "amount" in error["fields"]
    assert "$100.00" in error["message"]  # how much the donor can still give for that election
    assert error["remaining"] == "100.00"
    assert services.emulator.requests() == []
    # Exactly up to the limit is fine, and the other election has its own limit.
    assert give(services.live_server.url, page.slug, "100.00").status_code == 201
    assert give(services.live_server.url, page.slug, "3500.00", election="G2028").status_code == 201


@pytest.mark.services
def test_twenty_concurrent_gifts_near_the_limit_never_exceed_it(services, page):
    donor = _jane_with(page, "3000.00")
    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(lambda _: give(services.live_server.url, page.slug, "100.00"), range(20)))
    codes = sorted(r.status_code for r in responses)
    assert codes.count(201) == 5, codes
    assert codes.count(400) == 15, codes
    wait_for(lambda: Contribution.objects.filter(donor=donor).count() == 6, timeout=60, what="five webhooks")
    total = sum(c.amount for c in Contribution.objects.filter(donor=donor))
    assert total == Decimal("3500.00")
    limit = LimitTotal.objects.get(donor=donor, period_key="P2028")
    assert (limit.received, limit.reserved) == (Decimal("3500.00"), Decimal("0.00"))


@pytest.mark.django_db
@pytest.mark.parametrize("history", [1, 60])
def test_limit_check_is_one_row_lock_whatever_the_history(history):
    election = ElectionFactory()
    donor = DonorFactory(committee=election.committee)
    for _ in range(history):
        ContributionFactory(
            committee=election.committee,
            donor=donor,
            election=election,
            amount=Decimal("10.00"),
            limit_period_key="P2028",
        )
    limit_totals_recompute(committee=election.committee, donor=donor)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        limit_reserve(
            committee=election.committee, donor=donor, election=election, amount=Decimal("5.00"), on=date(2026, 3, 1)
        )
    assert not any("donations_contribution" in q["sql"] for q in queries.captured_queries)
    assert len(queries.captured_queries) <= 6


@pytest.mark.django_db
def test_boundary_3500_00_passes_and_3500_01_is_refused():
    election = ElectionFactory()
    donor = DonorFactory(committee=election.committee)
    with transaction.atomic():
        limit_reserve(
            committee=election.committee, donor=donor, election=election, amount=Decimal("3500.00"), on=date(2026, 3, 1)
        )
    other = DonorFactory(committee=election.committee)
    with pytest.raises(OverLimit), transaction.atomic():
        limit_reserve(
            committee=election.committee, donor=other, election=election, amount=Decimal("3500.01"), on=date(2026, 3, 1)
        )
