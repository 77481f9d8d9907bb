"""A wrong excessive flag is cleared in the console with a reason, audited (issue #12 item 1; the flag was on money
no limit applies to, 11 CFR 110.3(c), 100.82)."""

import datetime as dt

import pytest

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import ReviewItem
from tests.compliance.helpers import house_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import donor, gift

pytestmark = pytest.mark.django_db


def test_treasurer_clears_an_excessive_flag_with_a_reason_in_the_console():
    committee = house_committee()
    item = ReviewItem.objects.get(contribution=gift(committee, donor(), "3600.00", dt.date(2026, 2, 10)))
    client = signed_in(person("tess", (committee, Role.TREASURER)))
    page = client.get(f"/staff/{committee.fec_id}/compliance/review/{item.pk}/").content.decode()
    assert "Clear the item" in page and "The flag is wrong" in page
    url = f"/staff/{committee.fec_id}/compliance/review/{item.pk}/clear/"
    assert client.post(url, {"c-note": ""}).status_code in (200, 400)  # a reason is required
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.OPEN
    client.post(url, {"c-note": "Both spouses signed the check: a joint gift."})
    item.refresh_from_db()
    assert item.status == ReviewItem.Status.CLEARED
    assert AuditEvent.objects.filter(action="review.cleared", object_id=str(item.pk), actor__username="tess").exists()
