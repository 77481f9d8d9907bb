"""A monthly gift stops before an installment that no election would be ahead of (issue #12 item 7).

11 CFR 110.1(b)(3): after an election, gifts designated to it are taken only toward its net debts; the donation page
never takes one, so a monthly gift designated there is canceled before Stripe charges an installment that would land
after the committee's last election."""

import datetime as dt
from decimal import Decimal

import pytest

from donations.models import RecurringGift
from donations.services import recurring
from tests.factories import DonorFactory, ElectionFactory

pytestmark = pytest.mark.django_db


def monthly(election):
    donor = DonorFactory(committee=election.committee)
    return RecurringGift.objects.create(
        committee=election.committee,
        donor=donor,
        election=election,
        amount=Decimal("25.00"),
        status=RecurringGift.Status.ACTIVE,
        stripe_subscription_id=f"sub_{election.pk}",
    )


def test_no_election_ahead_of_the_next_installment_cancels_the_monthly_gift(monkeypatch):
    sent = []
    monkeypatch.setattr(recurring, "send_on_commit", lambda signal, **kwargs: sent.append(kwargs))
    general = ElectionFactory(code="G2026", date=dt.date(2026, 11, 3))
    gift = monthly(general)
    recurring._look_ahead(gift, after=dt.date(2026, 10, 20))  # the next one (Nov 17) would follow the general
    assert len(sent) == 1 and "no election ahead" in sent[0]["reason"]


def test_an_election_still_ahead_keeps_it_going(monkeypatch):
    sent = []
    monkeypatch.setattr(recurring, "send_on_commit", lambda signal, **kwargs: sent.append(kwargs))
    general = ElectionFactory(code="G2026", date=dt.date(2026, 11, 3))
    gift = monthly(general)
    recurring._look_ahead(gift, after=dt.date(2026, 9, 1))
    assert sent == []
