"""Donor self-service against the Stripe emulator and the worker (issue #16): a changed amount is what the next
installment charges; a new card is the subscription's card only when its SetupIntent succeeded for this gift."""

from datetime import date
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from donations.models import Contribution, RecurringGift
from donations.services.donor_access import DonorAccess
from donations.services.donor_account import (
    donor_card_update_finish,
    donor_card_update_start,
    donor_monthly_amount_change,
)
from fundraising.exceptions import ApplicationError
from tests.conftest import wait_for
from tests.donations.helpers import give
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services


def _monthly(services, page, amount: str, email: str) -> RecurringGift:
    response = give(services.live_server.url, page.slug, amount, frequency="monthly", election="P2028", email=email)
    assert response.status_code == 201, response.text
    gift = RecurringGift.objects.get(public_id=response.json()["recurring_gift"])
    wait_for(lambda: Contribution.objects.filter(recurring_gift=gift).count() == 1, timeout=60, what="installment 1")
    gift.refresh_from_db()
    return gift


def test_new_amount_is_the_next_installment_and_a_new_card_is_checked(services):
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    gift = _monthly(services, page, "20.00", "jane@example.com")
    access = DonorAccess(committee_id=page.committee_id, page_slug=page.slug, email="jane@example.com", link_id=7)

    donor_monthly_amount_change(access=access, gift=gift, amount="$45")
    services.emulator.advance_clock(months=1)
    wait_for(lambda: Contribution.objects.filter(recurring_gift=gift).count() == 2, timeout=60, what="installment 2")
    amounts = sorted(Contribution.objects.filter(recurring_gift=gift).values_list("amount", flat=True))
    assert amounts == [Decimal("20.00"), Decimal("45.00")]
    event = AuditEvent.objects.get(action="recurring.amount_changed")
    assert event.actor_label == "donor:self-service link 7" and event.before == {"amount": "20.00"}

    # Another donor's SetupIntent (their customer, their gift) never becomes this gift's card.
    other = _monthly(services, page, "10.00", "sam@example.com")
    theirs = donor_card_update_start(access=access, gift=other)
    services.dashboard.v1.setup_intents.confirm(theirs.id, {"payment_method": "pm_card_mastercard"})
    with pytest.raises(ApplicationError, match="not confirmed"):
        donor_card_update_finish(access=access, gift=gift, setup_intent_id=theirs.id)
    # Unconfirmed: refused; confirmed: the subscription's default payment method.
    mine = donor_card_update_start(access=access, gift=gift)
    with pytest.raises(ApplicationError, match="did not confirm"):
        donor_card_update_finish(access=access, gift=gift, setup_intent_id=mine.id)
    services.dashboard.v1.setup_intents.confirm(mine.id, {"payment_method": "pm_card_mastercard"})
    donor_card_update_finish(access=access, gift=gift, setup_intent_id=mine.id)
    confirmed = services.dashboard.v1.setup_intents.retrieve(mine.id)
    subscription = services.dashboard.v1.subscriptions.retrieve(gift.stripe_subscription_id)
    assert subscription.default_payment_method == confirmed.payment_method
    services.emulator.advance_clock(months=1)
    wait_for(lambda: Contribution.objects.filter(recurring_gift=gift).count() == 3, timeout=60, what="installment 3")
    assert AuditEvent.objects.filter(action="recurring.card_updated", object_id=str(gift.pk)).count() == 1
