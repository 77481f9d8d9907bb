"""Finding 10 of issue 15, headers and sessions:
- no Content-Security-Policy outside the donation pages (admin, console, API docs, the report summary served as
  HTML inline): every response now has one, and the donation page keeps its own (Stripe.js);
- the session id was not rotated when the second factor was verified (session fixation across the two steps);
- sessions lasted two weeks with no idle timeout: now an idle timeout and a shorter absolute lifetime;
- ``config/wsgi.py`` fell back to the local settings (DEBUG on): it now defaults to production;
- revoking a person's last role left them ``is_staff``."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp

from accounts.models import CommitteeMembership
from accounts.otp import totp_device_create
from accounts.roles import Role
from accounts.services import membership_revoke
from tests.compliance.helpers import build, house_committee
from tests.console.helpers import PASSWORD, person, signed_in
from tests.test_production_settings import GOOD

pytestmark = pytest.mark.django_db


def _policy(response) -> str:
    return response.get("Content-Security-Policy", "")


def test_every_kind_of_page_has_a_content_security_policy(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    committee = house_committee()
    report = build(committee, "Q1")
    operator = signed_in(person("root", superuser=True))
    treasurer = signed_in(person("tess", (committee, Role.TREASURER)))
    pages = {
        "admin": operator.get("/admin/"),
        "admin login": Client().get("/admin/login/"),
        "console": treasurer.get(f"/staff/{committee.fec_id}/"),
        "sign-in": Client().get("/accounts/login/"),
        "api docs": Client().get("/api/docs/"),
        "api": treasurer.get("/api/v1/reports/"),
        "report summary": treasurer.get(f"/api/v1/reports/{report.pk}/summary"),
        "not found": Client().get("/nowhere/"),
    }
    for name, response in pages.items():
        policy = _policy(response)
        assert "default-src" in policy and "frame-ancestors 'none'" in policy, (name, response.status_code, policy)
        assert "'unsafe-eval'" not in policy, name
        script = next((part for part in policy.split(";") if "script-src" in part), "")
        assert "'unsafe-inline'" not in script, name
    summary = pages["report summary"]
    assert summary.status_code == 200 and summary["Content-Type"].startswith("text/html")
    assert "sandbox" in _policy(summary) and "script-src 'none'" in _policy(summary)


def test_the_donation_page_keeps_its_own_policy():
    from tests.factories import DonationPageFactory, ElectionFactory

    page = DonationPageFactory(slug="give")
    ElectionFactory(committee=page.committee, code="P2026", date=dt.date(2026, 6, 16))
    response = Client().get(f"/donate/{page.slug}/")
    assert response.status_code == 200
    assert "https://js.stripe.com" in _policy(response)


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_the_session_id_changes_when_the_second_factor_is_verified():
    user = person("alice", (house_committee(), Role.TREASURER))
    device = totp_device_create(user=user, confirmed=True)
    client = Client()
    client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    after_password = client.cookies["sessionid"].value
    done = client.post("/accounts/otp/?next=/staff/", {"code": _code(device)})
    assert done.status_code == 302
    assert client.cookies["sessionid"].value != after_password
    assert client.get("/staff/").status_code in (200, 302)
    assert done.wsgi_request.user.is_verified()


def test_an_idle_session_ends_and_so_does_an_old_one(settings):
    committee = house_committee()
    client = signed_in(person("tess", (committee, Role.TREASURER)))
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_IDLE_TIMEOUT_SECONDS < settings.SESSION_COOKIE_AGE
    url = f"/staff/{committee.fec_id}/"
    assert client.get(url).status_code == 200

    session = client.session
    session["last_seen"] = (
        timezone.now() - dt.timedelta(seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS + 5)
    ).timestamp()
    session.save()
    idle = client.get(url)
    assert idle.status_code == 302 and idle["Location"].startswith("/accounts/login/")

    client = signed_in(person("tom", (committee, Role.TREASURER)))
    assert client.get(url).status_code == 200
    session = client.session
    session["signed_in_at"] = (timezone.now() - dt.timedelta(seconds=settings.SESSION_COOKIE_AGE + 5)).timestamp()
    session.save()
    old = client.get(url)
    assert old.status_code == 302 and old["Location"].startswith("/accounts/login/")


def test_wsgi_never_falls_back_to_debug_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STRIPE_", "DATABASE_", "TEST_"))}
    env.update({k: v for k, v in GOOD.items() if k != "DJANGO_SETTINGS_MODULE"})
    probe = "import config.wsgi; from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG)"
    from tests.conftest import REPO

    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["config.settings.production", "False"]


def test_revoking_the_last_role_clears_is_staff():
    a = house_committee("C00999999")
    b = house_committee("C00888888", name="B")
    user = person("sam", (a, Role.STAFF), (b, Role.VIEWER))
    membership_revoke(membership=CommitteeMembership.objects.get(user=user, committee=a))
    user.refresh_from_db()
    assert user.is_staff  # still viewer of B
    membership_revoke(membership=CommitteeMembership.objects.get(user=user, committee=b))
    user.refresh_from_db()
    assert not user.is_staff


def test_revoking_the_last_role_by_command_clears_is_staff():
    from django.core.management import call_command

    a = house_committee("C00999999")
    user = person("sam", (a, Role.STAFF))
    call_command("committee_role", "revoke", "sam", "C00999999")
    user.refresh_from_db()
    assert not user.is_staff
