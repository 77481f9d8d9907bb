"""Staff admin: ledgers are read-only, refunds go through the service, and every page renders."""

from decimal import Decimal

import pytest

from donations.models import Contribution, Refund
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["contribution", "donation", "donor", "donationpage", "refund", "recurringgift", "stripeevent"],
)
def test_admin_lists_render(admin_client, path):
    ContributionFactory()
    assert admin_client.get(f"/admin/donations/{path}/").status_code == 200


def test_contributions_cannot_be_deleted_or_edited_in_the_admin(admin_client):
    contribution = ContributionFactory()
    response = admin_client.post(f"/admin/donations/contribution/{contribution.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_staff_refund_of_a_check_gift_from_the_admin(admin_client):
    contribution = ContributionFactory(amount=Decimal("100.00"), limit_period_key="P2026")
    url = "/admin/donations/contribution/"
    form = admin_client.post(url, {"action": "refund", "_selected_action": [contribution.pk]})
    assert b"left to refund" in form.content
    admin_client.post(
        url,
        {
            "action": "refund",
            "_selected_action": [contribution.pk],
            "apply": "1",
            "amount": "40.00",
            "reason": "Over the limit",
        },
    )
    refund = Refund.objects.get()
    assert (refund.amount, refund.contribution_id, refund.stripe_refund_id) == (Decimal("40.00"), contribution.pk, "")
    admin_client.post(
        url,
        {
            "action": "refund",
            "_selected_action": [contribution.pk],
            "apply": "1",
            "amount": "60.01",
            "reason": "too much",
        },
    )
    assert Refund.objects.count() == 1  # more than what is left is refused
