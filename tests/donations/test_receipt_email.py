"""Receipt emails (issue #16): an HTML part with a plain-text part, the election in words, "monthly" and the
cancel link for a monthly gift; none of that for a PAC gift with no election."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from committees.models import Committee
from donations.models import RecurringGift
from donations.services.receipts import receipt_send
from tests.factories import CommitteeFactory, ContributionFactory, ElectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _parts(message) -> tuple[str, str]:
    html = [body for body, kind in message.alternatives if kind == "text/html"]
    assert len(html) == 1, message.alternatives
    return message.body, html[0]


def test_a_one_time_receipt_has_html_and_text_naming_the_election_in_words():
    committee = CommitteeFactory()
    election = ElectionFactory(committee=committee, code="G2026", date=date(2026, 11, 3))
    gift = ContributionFactory(committee=committee, election=election, amount=Decimal("35.00"))
    assert receipt_send(contribution_pk=gift.pk)
    text, html = _parts(mail.outbox[0])
    for body in (text, html):
        assert "$35.00" in body
        assert "2026 general election, Nov 3" in body
        assert "monthly" not in body.lower()
        assert "not tax deductible" in body
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert "G2026 (" not in text  # the code is for the FEC, the words are for the donor


def test_a_monthly_receipt_says_monthly_and_links_the_cancel_page():
    committee = CommitteeFactory()
    election = ElectionFactory(committee=committee, code="G2026", date=date(2026, 11, 3))
    recurring = RecurringGift.objects.create(
        committee=committee,
        donor=ContributionFactory(committee=committee, election=election).donor,
        election=election,
        amount=Decimal("20.00"),
        status=RecurringGift.Status.ACTIVE,
        installments_paid=2,
    )
    gift = ContributionFactory(
        committee=committee, donor=recurring.donor, election=election, amount=Decimal("20.00"), recurring_gift=recurring
    )
    mail.outbox.clear()
    assert receipt_send(contribution_pk=gift.pk)
    text, html = _parts(mail.outbox[0])
    for body in (text, html):
        assert "monthly" in body.lower()
        assert "/donate/monthly/cancel/" in body
    assert 'href="http' in html and "/donate/monthly/cancel/" in html


def test_a_pac_gift_with_no_election_names_none():
    committee = CommitteeFactory(committee_type=Committee.Type.PAC)
    gift = ContributionFactory(committee=committee, election=None, amount=Decimal("100.00"))
    assert receipt_send(contribution_pk=gift.pk)
    text, html = _parts(mail.outbox[0])
    assert "election" not in text.lower() and "election" not in html.lower()


def test_the_receipt_links_the_donors_latest_usable_saved_card_only():
    from django.utils import timezone

    from donations.models import Donation, ExpressCard
    from donations.services.receipts import receipt_express_context
    from tests.factories import DonationPageFactory

    page = DonationPageFactory(preset_amounts=["10", "20"])
    gift = ContributionFactory(committee=page.committee)
    assert receipt_express_context(gift) == {}  # no saved card

    def card(**fields) -> ExpressCard:
        donation = Donation.objects.create(
            committee=page.committee, page=page, donor=gift.donor, amount=Decimal("10.00"), election=gift.election
        )
        defaults = {"stripe_customer_id": "cus_1", "stripe_payment_method_id": "pm_1", "last4": "4242"}
        return ExpressCard.objects.create(
            committee=page.committee,
            donor=gift.donor,
            donation=donation,
            consent_text="Save my card",
            consented_at=timezone.now(),
            **{**defaults, **fields},
        )

    usable = card()
    card(forgotten_at=timezone.now())  # newer, but forgotten
    card(stripe_payment_method_id="")  # newer, never paid
    context = receipt_express_context(gift)
    assert context["express_card"] == usable
    assert len(context["express_links"]) == 2 and context["express_forget_url"]
