"""Staff access: passwords need a TOTP second factor, roles per committee, API tokens scoped to one committee
and role, and an audit record for every login, export and permission change."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enrolment import enrolment_link_issue
from accounts.models import ApiToken, CommitteeMembership, StaffTOTPDevice
from accounts.otp import totp_device_create
from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import Report
from tests.auth import api_key, otp_login
from tests.compliance.helpers import build, house_committee
from tests.factories import CommitteeFactory, ContributionFactory

pytestmark = pytest.mark.django_db
PASSWORD = "pw-for-access-tests"


def member(username: str, committee, role: str):  # noqa: ANN001
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    CommitteeMembership.objects.create(user=user, committee=committee, role=role)
    return user


def actions(**filters) -> list[str]:
    return list(AuditEvent.objects.filter(**filters).order_by("occurred_at", "pk").values_list("action", flat=True))


@pytest.fixture
def two_committees():
    campaign = house_committee("C00999999", name="Example for Congress")
    pac = CommitteeFactory(fec_id="C00888888", name="Example Leadership PAC", committee_type="pac")
    return campaign, pac


def _code(device: TOTPDevice, *, later: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=later):06d}"


def test_password_alone_reaches_no_staff_page_or_api_and_enrolment_confirms_a_first_code(
    client, two_committees, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code (throttling is django-otp's, tested there)
    campaign, _ = two_committees
    ContributionFactory(committee=campaign)
    member("alice", campaign, Role.TREASURER)

    wrong = client.post("/accounts/login/?next=/staff/", {"username": "alice", "password": "nope"})
    assert wrong.status_code == 200 and not wrong.wsgi_request.user.is_authenticated
    client.post("/accounts/login/?next=/staff/", {"username": "alice", "password": PASSWORD})
    admin = client.get("/staff/")
    assert admin.status_code == 302 and admin["Location"].startswith("/accounts/otp/")
    assert client.get(f"/staff/{campaign.fec_id}/ledger/").status_code == 302  # every console page, whatever it serves
    assert client.get("/admin/").status_code == 403  # the admin is for superusers, whatever the factors
    assert client.get("/api/v1/contributions/").status_code in (401, 403)

    # A password alone shows no secret: enrolment needs a link from a treasurer or an operator (issue 15).
    assert b"otpauth://" not in client.get(admin["Location"]).content
    link = enrolment_link_issue(user=get_user_model().objects.get(username="alice"))
    assert client.get(link).status_code == 302
    page = client.get(admin["Location"])
    assert page.status_code == 200 and b"otpauth://totp/" in page.content
    device = StaffTOTPDevice.objects.get(user__username="alice")
    assert not device.confirmed
    assert (
        client.post(admin["Location"], {"code": "000000" if _code(device) != "000000" else "111111"}).status_code == 400
    )
    done = client.post(admin["Location"], {"code": _code(device)})
    assert done.status_code == 302 and done["Location"] == "/staff/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(f"/staff/{campaign.fec_id}/ledger/").status_code == 200
    assert client.get("/admin/").status_code == 403
    assert client.get("/api/v1/contributions/").status_code == 200

    assert actions(actor_label="anonymous:alice") == ["auth.login.failed"]
    assert actions(actor__username="alice") == [
        "auth.login.password",
        "auth.login.otp_failed",
        "auth.totp_device.added",
        "auth.login.otp_verified",
        "auth.enrolment_link.used",
        "export.contributions",
    ]

    # Next login: the code of the confirmed device is asked for; no secret is shown again.
    client.logout()
    client.post("/accounts/login/?next=/staff/", {"username": "alice", "password": PASSWORD})
    again = client.get("/accounts/otp/?next=/staff/")
    assert b"otpauth://" not in again.content and b"Enter your code" in again.content
    assert client.post("/accounts/otp/?next=/staff/", {"code": _code(device, later=1)}).status_code == 302
    assert client.get(f"/staff/{campaign.fec_id}/").status_code == 200


def test_staff_of_one_committee_never_see_another(client, two_committees, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    campaign, pac = two_committees
    mine = ContributionFactory(committee=campaign)
    theirs = ContributionFactory(committee=pac)
    their_report = build(pac, "Q1")
    otp_login(client, member("bob", campaign, Role.STAFF))

    listed = client.get("/api/v1/contributions/").json()
    assert [c["transaction_id"] for c in listed] == [mine.transaction_id]
    assert client.get("/api/v1/contributions/?committee=C00888888").json() == []
    assert client.get(f"/api/v1/reports/{their_report.pk}/").status_code == 404
    assert client.get(f"/api/v1/reports/{their_report.pk}/fec").status_code == 404
    assert client.post(f"/api/v1/contributions/{theirs.transaction_id}/refunds/", {"reason": "x"}).status_code == 403

    # The console too: only the campaign's rows, and the PAC's committee and objects are not found.
    rows = client.get("/staff/C00999999/ledger/")
    assert rows.status_code == 200
    assert mine.transaction_id.encode() in rows.content and theirs.transaction_id.encode() not in rows.content
    assert client.get("/staff/C00888888/ledger/").status_code == 404
    assert client.get(f"/staff/C00999999/ledger/receipt/{theirs.transaction_id}/").status_code == 404
    assert client.get(f"/staff/C00999999/reports/{their_report.pk}/").status_code == 404
    assert client.get(f"/staff/C00888888/reports/{their_report.pk}/").status_code == 404
    # The admin is for superusers: no list, no object, no audit log.
    assert client.get("/admin/donations/contribution/").status_code == 403
    assert client.get(f"/admin/donations/contribution/{theirs.pk}/change/").status_code == 403
    assert client.get(f"/admin/compliance/report/{their_report.pk}/change/").status_code == 403
    assert client.get("/admin/audit/auditevent/").status_code == 403


def test_viewer_cannot_refund_or_mark_filed_or_build(client, two_committees, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    campaign, _ = two_committees
    gift = ContributionFactory(committee=campaign)
    report = build(campaign, "Q1")
    otp_login(client, member("vera", campaign, Role.VIEWER))

    assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 200
    refund = client.post(
        f"/api/v1/contributions/{gift.transaction_id}/refunds/", {"reason": "asked"}, content_type="application/json"
    )
    assert refund.status_code == 403
    filed = client.post(
        f"/api/v1/reports/{report.pk}/filed/", {"fec_filing_id": "1234567"}, content_type="application/json"
    )
    assert filed.status_code == 403
    build_request = client.post(
        "/api/v1/reports/", {"committee": campaign.fec_id, "report_code": "Q2"}, content_type="application/json"
    )
    assert build_request.status_code == 403
    console = client.post(
        f"/staff/{campaign.fec_id}/reports/{report.pk}/filed/",
        {"fec_filing_id": "1", "signed_by": "Vera", "date_signed": report.date_signed.isoformat()},
    )
    assert console.status_code == 403
    assert client.post(f"/staff/{campaign.fec_id}/reports/new/", {"report_code": "Q2", "year": 2026}).status_code == 403
    admin = client.post(
        "/admin/compliance/report/", {"action": "mark_filed", "_selected_action": [report.pk], "fec_filing_id": "1"}
    )
    assert admin.status_code == 403
    report.refresh_from_db()
    assert report.filed_at is None and Report.objects.count() == 1

    otp_login(client, member("tara", campaign, Role.TREASURER))
    filed = client.post(
        f"/api/v1/reports/{report.pk}/filed/", {"fec_filing_id": "1234567"}, content_type="application/json"
    )
    assert filed.status_code == 200, filed.content
    assert Report.objects.get(pk=report.pk).fec_filing_id == "1234567"


def test_token_is_limited_to_its_committee_and_role(client, two_committees):
    campaign, pac = two_committees
    mine = ContributionFactory(committee=campaign)
    ContributionFactory(committee=pac)
    key = api_key(campaign, Role.STAFF)

    listed = client.get("/api/v1/contributions/", HTTP_AUTHORIZATION=f"Token {key}")
    assert listed.status_code == 200 and [c["transaction_id"] for c in listed.json()] == [mine.transaction_id]
    bearer = client.get("/api/v1/contributions/?committee=C00888888", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert bearer.status_code == 200 and bearer.json() == []
    for fec_id in ("C00999999", "C00888888"):
        report = client.post(
            "/api/v1/reports/",
            {"committee": fec_id, "report_code": "Q1", "year": 2026},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )
        assert report.status_code == 403
    assert client.get("/api/v1/contributions/", HTTP_AUTHORIZATION=f"Token {key}x").status_code == 401
    assert client.get("/admin/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 302  # tokens are API-only

    call_command("api_token", "revoke", key.split("_")[1])
    assert client.get("/api/v1/contributions/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 401
    exporters = set(AuditEvent.objects.filter(action="export.contributions").values_list("actor_label", flat=True))
    assert exporters == {f"token:{key.split('_')[1]}"}


def test_every_export_and_permission_change_is_audited(client, admin_client, two_committees, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    campaign, pac = two_committees
    report = build(campaign, "Q1")
    user = get_user_model().objects.create_user("carol", password=PASSWORD)

    call_command("committee_role", "grant", "carol", "C00999999", "staff")
    call_command("committee_role", "grant", "carol", "C00999999", "treasurer")
    call_command("committee_role", "revoke", "carol", "C00999999")
    call_command("api_token", "create", "C00888888", "viewer", "CRM sync")
    token = ApiToken.objects.get()
    admin_client.post("/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    admin_client.post(
        "/admin/accounts/committeemembership/add/", {"user": user.pk, "committee": pac.pk, "role": Role.VIEWER}
    )
    device = totp_device_create(user=user, name="phone", confirmed=True)
    admin_client.post(f"/admin/accounts/stafftotpdevice/{device.pk}/delete/", {"post": "yes"})
    for kind in ("fec", "csv", "summary"):
        assert admin_client.get(f"/api/v1/reports/{report.pk}/{kind}").status_code == 200
    assert admin_client.get("/api/v1/contributions/").status_code == 200

    audited = actions(occurred_at__gte=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    for action in [
        "role.granted",
        "role.changed",
        "role.revoked",
        "token.created",
        "token.revoked",
        "auth.totp_device.added",
        "auth.totp_device.removed",
        "export.report_fec",
        "export.report_csv",
        "export.report_summary",
        "export.contributions",
    ]:
        assert action in audited, action
    admin_name = AuditEvent.objects.filter(action="token.revoked").get().actor_label
    assert admin_name == "admin"  # who revoked it, from the request
    assert AuditEvent.objects.filter(action="role.granted", actor_label="command:committee_role").exists()
    assert CommitteeMembership.objects.get(user=user).committee == pac
