"""Finding 10 of issue 15: refunds, API token creation, role changes and marking a report filed did not ask for a
fresh second factor: a session left open (or stolen) could do them all day. When the code was verified more than
OTP_FRESH_SECONDS ago, the console asks for it again and then performs the action as submitted; the API answers
403 ``fresh_second_factor_required`` unless the current code comes in ``X-OTP-Code``."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django_otp.oath import totp

from accounts.models import ApiToken, CommitteeMembership
from accounts.roles import Role
from accounts.sessions import OTP_VERIFIED_AT
from audit.models import AuditEvent
from compliance.models import Report
from tests.auth import otp_login
from tests.compliance.helpers import build, house_committee
from tests.console.helpers import person

pytestmark = pytest.mark.django_db


def _stale(client, settings) -> None:
    session = client.session
    session[OTP_VERIFIED_AT] = time.time() - settings.OTP_FRESH_SECONDS - 5
    session.save()


@pytest.fixture
def treasurer(client, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after a wrong code (django-otp's throttling, tested there)
    committee = house_committee()
    user = person("tess", (committee, Role.TREASURER))
    device = otp_login(client, user)
    _stale(client, settings)
    return client, committee, device


def _code(device, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def test_console_token_creation_asks_for_the_code_then_goes_ahead(treasurer):
    client, committee, device = treasurer
    url = f"/staff/{committee.fec_id}/settings/tokens/new/"
    asked = client.post(url, {"name": "CRM", "role": Role.VIEWER})
    assert asked.status_code == 403 and b'name="otp_code"' in asked.content
    assert b'name="name" value="CRM"' in asked.content and f'action="{url}"'.encode() in asked.content
    assert not ApiToken.objects.exists()
    wrong = client.post(
        url, {"name": "CRM", "role": Role.VIEWER, "otp_code": "000000" if _code(device) != "000000" else "111111"}
    )
    assert wrong.status_code == 403 and not ApiToken.objects.exists()
    done = client.post(url, {"name": "CRM", "role": Role.VIEWER, "otp_code": _code(device)})
    assert done.status_code == 200 and ApiToken.objects.filter(name="CRM").exists()
    assert AuditEvent.objects.filter(action="auth.otp.reverified", actor__username="tess").exists()
    # Fresh now: the next one needs no code.
    assert client.post(url, {"name": "CRM 2", "role": Role.VIEWER}).status_code == 200
    assert ApiToken.objects.filter(name="CRM 2").exists()


def test_console_role_change_needs_a_fresh_factor(treasurer):
    client, committee, _ = treasurer
    other = person("sam", (committee, Role.VIEWER))
    membership = CommitteeMembership.objects.get(user=other)
    asked = client.post(f"/staff/{committee.fec_id}/settings/people/{membership.pk}/", {"role": Role.TREASURER})
    assert asked.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_console_mark_filed_and_refund_need_a_fresh_factor(treasurer, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client, committee, _ = treasurer
    report = build(committee, "Q1")
    asked = client.post(
        f"/staff/{committee.fec_id}/reports/{report.pk}/filed/",
        {"fec_filing_id": "1550126", "signed_by": "Terry Treasurer", "date_signed": "2026-04-10"},
    )
    assert asked.status_code == 403
    assert not Report.objects.get(pk=report.pk).fec_filing_id
    from tests.desk.helpers import donor, gift

    contribution = gift(committee, donor(), "100.00", dt.date(2026, 2, 1))
    url = f"/staff/{committee.fec_id}/ledger/receipt/{contribution.transaction_id}/refund/"
    asked = client.post(url, {"amount": "10.00", "reason": "asked", "date_refunded": "2026-02-02", "confirm": "yes"})
    assert asked.status_code == 403 and b'name="confirm" value="yes"' in asked.content


def test_api_refund_and_mark_filed_need_a_fresh_factor(treasurer, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client, committee, device = treasurer
    report = build(committee, "Q1")
    body = {"fec_filing_id": "1550126", "date_signed": "2026-04-10"}
    refused = client.post(f"/api/v1/reports/{report.pk}/filed/", body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "fresh_second_factor_required"
    refused = client.post("/api/v1/contributions/NOPE/refunds/", {"reason": "x"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "fresh_second_factor_required"
    filed = client.post(
        f"/api/v1/reports/{report.pk}/filed/", body, content_type="application/json", HTTP_X_OTP_CODE=_code(device)
    )
    assert filed.status_code == 200, filed.content
    assert Report.objects.get(pk=report.pk).fec_filing_id == "1550126"
