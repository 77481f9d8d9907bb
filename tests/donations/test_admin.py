"""Gifts are refunded in the console (never the admin, which is for operators): a confirmation step before any money
moves, only what is left of the gift, through the refund service. The operators' admin still lists the ledgers
read-only, and never deletes or edits them."""

from decimal import Decimal

import pytest

from accounts.roles import Role
from donations.models import Contribution, Refund
from tests.console.helpers import person, signed_in
from tests.factories import ContributionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["contribution", "donation", "donor", "donationpage", "refund", "recurringgift", "stripeevent"],
)
def test_operator_admin_lists_render_and_staff_get_none(admin_client, path):
    gift = ContributionFactory()
    assert admin_client.get(f"/admin/donations/{path}/").status_code == 200
    staff = signed_in(person("sid", (gift.committee, Role.TREASURER)))
    assert staff.get(f"/admin/donations/{path}/").status_code == 403


def test_contributions_cannot_be_deleted_or_edited_in_the_admin(admin_client):
    contribution = ContributionFactory()
    response = admin_client.post(f"/admin/donations/contribution/{contribution.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_contributions_list_names_the_donor(admin_client):
    gift = ContributionFactory(donor__first_name="Nora", donor__last_name="Noinfo")
    page = admin_client.get("/admin/donations/contribution/").content.decode()
    assert "Nora Noinfo" in page and f"Donor #{gift.donor_id}<" not in page


def test_treasurer_refunds_a_check_gift_in_the_console_after_confirming():
    contribution = ContributionFactory(amount=Decimal("100.00"), limit_period_key="P2026")
    committee = contribution.committee
    client = signed_in(person("tara", (committee, Role.TREASURER)))
    url = f"/staff/{committee.fec_id}/ledger/receipt/{contribution.transaction_id}/refund/"
    form = client.get(url)
    assert b"left to refund" in form.content
    review = client.post(url, {"amount": "40.00", "reason": "Over the limit", "date_refunded": "2026-02-12"})
    assert review.status_code == 200 and b"Confirm the refund" in review.content
    assert not Refund.objects.exists()  # nothing moves before the confirmation
    done = client.post(
        url, {"amount": "40.00", "reason": "Over the limit", "date_refunded": "2026-02-12", "confirm": "yes"}
    )
    assert done.status_code == 302
    refund = Refund.objects.get()
    assert (refund.amount, refund.contribution_id, refund.stripe_refund_id) == (Decimal("40.00"), contribution.pk, "")
    too_much = client.post(url, {"amount": "60.01", "reason": "too much", "confirm": "yes"})
    assert too_much.status_code == 400 and b"Amount to refund (USD): Only $60.00" in too_much.content
    assert Refund.objects.count() == 1  # more than what is left is refused
