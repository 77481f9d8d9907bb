"""Finding 10 of issue 15: API tokens never expired. A token now expires API_TOKEN_LIFETIME_DAYS after it is
created; the console and the command show when."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import Role
from accounts.tokens import api_token_create
from tests.compliance.helpers import house_committee
from tests.console.helpers import person, signed_in

pytestmark = pytest.mark.django_db


def _get(client, key: str):
    return client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_expires_after_its_lifetime(client, settings):
    settings.API_TOKEN_LIFETIME_DAYS = 30
    made = api_token_create(committee=house_committee(), role=Role.VIEWER, name="CRM")
    assert made.token.expires_at is not None
    lifetime = made.token.expires_at - made.token.created_at
    assert dt.timedelta(days=29, hours=23) < lifetime <= dt.timedelta(days=30, seconds=5)
    assert _get(client, made.key).status_code == 200
    ApiToken.objects.filter(pk=made.token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert _get(client, made.key).status_code in (401, 403)


def test_a_token_from_before_expiry_existed_lives_the_default_lifetime(client, settings):
    made = api_token_create(committee=house_committee(), role=Role.VIEWER, name="CRM")
    old = timezone.now() - dt.timedelta(days=settings.API_TOKEN_LIFETIME_DAYS + 1)
    ApiToken.objects.filter(pk=made.token.pk).update(expires_at=None, created_at=old)
    assert _get(client, made.key).status_code in (401, 403)


def test_the_console_and_the_command_show_the_expiry(capsys):
    committee = house_committee()
    made = api_token_create(committee=committee, role=Role.VIEWER, name="CRM")
    page = signed_in(person("tess", (committee, Role.TREASURER))).get(f"/staff/{committee.fec_id}/settings/")
    assert page.status_code == 200
    assert f"expires {made.token.expires_at:%Y-%m-%d}".encode() in page.content
    call_command("api_token", "list")
    assert f"expires {made.token.expires_at:%Y-%m-%d}" in capsys.readouterr().out
