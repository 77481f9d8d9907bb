"""The staff dashboard and the audit CSV: staff only, and an export is itself audited."""

import csv
import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model

from audit.models import AuditEvent
from tests.compliance.helpers import house_committee
from tests.desk.helpers import donor, gift

pytestmark = pytest.mark.django_db


def staff(client):
    from tests.auth import otp_login

    user = get_user_model().objects.create_user(
        "treasurer", "t@example.org", "pw-long-enough-1", is_staff=True, is_superuser=True
    )
    otp_login(client, user)
    return user


def test_console_queues_render_for_staff_and_refuse_anonymous(client):
    committee = house_committee()
    gift(committee, donor(), "3600.00", dt.date(2026, 2, 10))
    anonymous = client.get(f"/staff/{committee.fec_id}/compliance/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    staff(client)
    page = client.get(f"/staff/{committee.fec_id}/compliance/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Excessive contribution (1 open)" in html and "overdue" in html  # the 60 days ran out in April
    found = client.get(f"/staff/{committee.fec_id}/donors/", {"q": "Doe"}).content.decode()
    jane = committee.donors.get()
    assert f'href="/staff/{committee.fec_id}/donors/{jane.pk}/">Jane Doe</a>' in found  # results are links
    overview = client.get(f"/staff/{committee.fec_id}/").content.decode()
    assert "<canvas" in overview and '"label_axis": "Date received"' in overview


def test_excessive_api_and_audit_csv_export(client):
    committee = house_committee()
    gift(committee, donor(), "3600.00", dt.date(2026, 2, 10))
    assert client.get("/api/v1/compliance/excessive/", {"committee": committee.fec_id}).status_code in (401, 403)
    staff(client)
    (item,) = client.get("/api/v1/compliance/excessive/", {"committee": committee.fec_id}).json()
    assert item["amount"] == "100.00" and item["deadline"] == "2026-04-11" and item["overdue"] is True
    before = AuditEvent.objects.count()
    response = client.get("/api/v1/compliance/audit.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["occurred_at", "actor", "action"] and len(rows) == before + 1
    assert AuditEvent.objects.filter(action="audit.exported", actor_label="treasurer").count() == 1


def test_desk_is_scoped_to_the_committees_a_user_holds_roles_in():
    """A viewer reads the queue but cannot remedy; a committee's token sees nothing of another committee."""
    from django.test import Client

    from accounts.roles import Role
    from tests.auth import api_key

    campaign = house_committee()
    pac = house_committee("C00888888", name="Leadership PAC")
    gift(campaign, donor(), "3600.00", dt.date(2026, 2, 10))
    viewer = Client(HTTP_AUTHORIZATION=f"Token {api_key(campaign, Role.VIEWER)}")
    (item,) = viewer.get("/api/v1/compliance/excessive/", {"committee": campaign.fec_id}).json()
    assert viewer.post(f"/api/v1/compliance/review/{item['id']}/clear/").status_code == 403
    assert viewer.get("/api/v1/compliance/audit.csv").status_code == 403
    other = Client(HTTP_AUTHORIZATION=f"Token {api_key(pac, Role.TREASURER)}")
    assert other.get("/api/v1/compliance/excessive/", {"committee": campaign.fec_id}).status_code == 404
    assert other.post(f"/api/v1/compliance/review/{item['id']}/clear/").status_code == 404
    treasurer = Client(HTTP_AUTHORIZATION=f"Token {api_key(campaign, Role.TREASURER)}")
    assert treasurer.post(f"/api/v1/compliance/review/{item['id']}/refund/", {"note": "excess"}).status_code == 200
