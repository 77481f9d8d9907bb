"""Finding 1 of issue 15: password guessing was unlimited (40 wrong passwords for one user in 18 s all got 200,
then the right one logged in). django-axes now counts failures per account and per client address; past
AXES_FAILURE_LIMIT the login answers 429 even for the right password, the lockout is audited, and an operator
lifts it (``login_unlock`` command, or the admin's "Access attempts"), which is audited too."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from accounts.roles import Role
from audit.models import AuditEvent
from tests.compliance.helpers import house_committee
from tests.console.helpers import PASSWORD, person, signed_in

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


def _try(client: Client, username: str, password: str, ip: str = "198.51.100.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _signed_in(response) -> bool:
    return response.wsgi_request.user.is_authenticated


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()  # the per-client bound on anonymous audit events lives in the cache (Redis)
    yield
    cache.clear()


@pytest.fixture
def alice():
    return person("alice", (house_committee(), Role.TREASURER))


def test_forty_wrong_passwords_lock_the_account_and_the_right_one_then_fails(settings, alice):
    client = Client()
    codes = [_try(client, "alice", f"guess-{n}").status_code for n in range(40)]
    limit = settings.AXES_FAILURE_LIMIT
    assert codes[: limit - 1] == [200] * (limit - 1)  # the form again, with its error
    assert set(codes[limit:]) == {429}
    right = _try(client, "alice", PASSWORD)
    assert right.status_code == 429 and not _signed_in(right)
    assert AuditEvent.objects.filter(action="auth.login.locked_out", object_id="alice").exists()
    # Axes signals a lockout on every refused attempt: what one client writes to the audit log stays bounded.
    anonymous = AuditEvent.objects.filter(action__in=["auth.login.failed", "auth.login.locked_out"])
    assert anonymous.count() <= settings.AUDIT_ANONYMOUS_EVENTS_PER_CLIENT


def test_the_account_is_locked_whatever_address_the_guesses_come_from(settings, alice):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _try(Client(), "alice", f"guess-{n}", ip=f"203.0.113.{n + 1}")
    right = _try(Client(), "alice", PASSWORD, ip="192.0.2.200")
    assert right.status_code == 429 and not _signed_in(right)


def test_a_client_guessing_many_accounts_is_locked_out(settings, alice):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _try(client, f"nobody-{n}", "guess", ip="198.51.100.66")
    right = _try(client, "alice", PASSWORD, ip="198.51.100.66")
    assert right.status_code == 429 and not _signed_in(right)
    # Another client is not affected.
    assert _signed_in(_try(Client(), "alice", PASSWORD, ip="198.51.100.67"))


def test_an_operator_lifts_the_lockout_with_a_command_and_it_is_audited(settings, alice):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _try(Client(), "alice", f"guess-{n}")
    call_command("login_unlock", "--username", "alice")
    assert AuditEvent.objects.filter(action="auth.lockout.lifted", object_id="alice").exists()
    assert _signed_in(_try(Client(), "alice", PASSWORD))


def test_an_operator_sees_and_lifts_lockouts_in_the_admin(settings, alice):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _try(Client(), "alice", f"guess-{n}")
    operator = signed_in(person("root", superuser=True))
    listing = operator.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and b"alice" in listing.content
    from axes.models import AccessAttempt

    ids = [str(pk) for pk in AccessAttempt.objects.filter(username="alice").values_list("pk", flat=True)]
    operator.post("/admin/axes/accessattempt/", {"action": "delete_selected", "_selected_action": ids, "post": "yes"})
    assert not AccessAttempt.objects.filter(username="alice").exists()
    assert AuditEvent.objects.filter(action="auth.lockout.lifted", object_id="alice").exists()
    assert _signed_in(_try(Client(), "alice", PASSWORD))
