"""Finding 2 of issue 15: a password alone enrolled the second factor: a password-only session at /accounts/otp/
was shown a new TOTP secret for any user without a confirmed device. Enrolment now needs a one-time, expiring
enrolment link, issued by a treasurer of the person's committee (console, Settings > People) or an operator
(``manage.py enrolment_link``)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from accounts.models import EnrolmentLink, StaffTOTPDevice
from accounts.roles import Role
from audit.models import AuditEvent
from tests.compliance.helpers import house_committee
from tests.console.helpers import PASSWORD, person, signed_in

pytestmark = pytest.mark.django_db


def _password_only(username: str) -> Client:
    client = Client()
    client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    return client


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_a_password_only_session_gets_no_secret():
    person("newbie", (house_committee(), Role.STAFF))
    client = _password_only("newbie")
    page = client.get("/accounts/otp/")
    assert page.status_code == 200
    assert b"otpauth://" not in page.content and b"enrolment link" in page.content
    assert not StaffTOTPDevice.objects.filter(user__username="newbie").exists()
    # Posting codes does not enrol anything either.
    assert client.post("/accounts/otp/", {"code": "123456"}).status_code == 400
    assert client.get("/staff/").status_code == 302


def _issue_in_console(treasurer_client, committee, membership_pk: int) -> str:
    response = treasurer_client.post(f"/staff/{committee.fec_id}/settings/people/{membership_pk}/enrolment-link/")
    assert response.status_code == 200, response.content[:500]
    match = re.search(rb"(/accounts/enrol/[A-Za-z0-9_\-]+/)", response.content)
    assert match, response.content[:2000]
    return match.group(1).decode()


def test_a_treasurer_issues_a_link_and_the_person_enrols_once():
    committee = house_committee()
    newbie = person("newbie", (committee, Role.STAFF))
    treasurer = signed_in(person("tess", (committee, Role.TREASURER)))
    link = _issue_in_console(treasurer, committee, newbie.committee_memberships.get().pk)
    assert AuditEvent.objects.filter(action="auth.enrolment_link.issued", actor__username="tess").exists()

    # The link alone (no password) leads to the sign-in page.
    assert Client().get(link)["Location"].startswith("/accounts/login/")
    client = _password_only("newbie")
    assert client.get(link)["Location"].startswith("/accounts/otp/")
    page = client.get("/accounts/otp/")
    assert b"otpauth://" in page.content
    device = StaffTOTPDevice.objects.get(user=newbie, confirmed=False)
    done = client.post("/accounts/otp/?next=/staff/", {"code": _code(device)})
    assert done.status_code == 302 and done["Location"] == "/staff/"
    assert StaffTOTPDevice.objects.get(pk=device.pk).confirmed
    assert EnrolmentLink.objects.get().used_at is not None
    # Used up: another password-only session (device removed meanwhile) cannot reuse it.
    StaffTOTPDevice.objects.filter(user=newbie).delete()
    again = _password_only("newbie")
    assert again.get(link).status_code == 400
    assert b"otpauth://" not in again.get("/accounts/otp/").content


def test_a_link_expires_and_is_only_for_its_person():
    committee = house_committee()
    newbie = person("newbie", (committee, Role.STAFF))
    person("other", (committee, Role.STAFF))
    treasurer = signed_in(person("tess", (committee, Role.TREASURER)))
    link = _issue_in_console(treasurer, committee, newbie.committee_memberships.get().pk)
    assert _password_only("other").get(link).status_code == 400
    EnrolmentLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    client = _password_only("newbie")
    assert client.get(link).status_code == 400
    assert b"otpauth://" not in client.get("/accounts/otp/").content


def test_a_treasurer_cannot_issue_for_another_committees_person():
    a, b = house_committee("C00999999"), house_committee("C00888888", name="B")
    theirs = person("theirs", (a, Role.STAFF))
    treasurer_b = signed_in(person("bea", (b, Role.TREASURER)))
    response = treasurer_b.post(
        f"/staff/{b.fec_id}/settings/people/{theirs.committee_memberships.get().pk}/enrolment-link/"
    )
    assert response.status_code == 404
    staff = signed_in(person("sid", (a, Role.STAFF)))
    response = staff.post(f"/staff/{a.fec_id}/settings/people/{theirs.committee_memberships.get().pk}/enrolment-link/")
    assert response.status_code == 403
    assert not EnrolmentLink.objects.exists()


def test_an_operator_issues_a_link_with_a_command(capsys):
    person("newbie", (house_committee(), Role.STAFF))
    call_command("enrolment_link", "newbie")
    url = capsys.readouterr().out.strip()
    assert "/accounts/enrol/" in url
    client = _password_only("newbie")
    client.get(url[url.index("/accounts/enrol/") :])
    assert b"otpauth://" in client.get("/accounts/otp/").content


def test_a_new_person_added_in_the_console_gets_a_link_with_their_password():
    committee = house_committee()
    treasurer = signed_in(person("tess", (committee, Role.TREASURER)))
    added = treasurer.post(
        f"/staff/{committee.fec_id}/settings/people/new/",
        {"username": "fresh", "email": "fresh@example.org", "role": Role.STAFF},
        follow=True,
    )
    text = added.content.decode()
    assert "first password" in text and "/accounts/enrol/" in text
    assert EnrolmentLink.objects.filter(user__username="fresh", used_at__isnull=True).count() == 1


def test_a_treasurer_issues_a_link_through_the_api():
    a, b = house_committee("C00999999"), house_committee("C00888888", name="B")
    person("newbie", (a, Role.STAFF))
    treasurer = signed_in(person("tess", (a, Role.TREASURER)))
    made = treasurer.post("/api/v1/committees/C00999999/people/newbie/enrolment-link/")
    assert made.status_code == 201, made.content
    assert "/accounts/enrol/" in made.json()["url"] and made.json()["expires_at"]
    # Another committee's treasurer does not find them; an API token may not issue links.
    other = signed_in(person("bea", (b, Role.TREASURER)))
    assert other.post("/api/v1/committees/C00999999/people/newbie/enrolment-link/").status_code == 404
    from tests.auth import api_key

    key = api_key(a, Role.TREASURER)
    refused = Client().post(
        "/api/v1/committees/C00999999/people/newbie/enrolment-link/", HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert refused.status_code == 403
    assert EnrolmentLink.objects.filter(user__username="newbie").count() == 1
