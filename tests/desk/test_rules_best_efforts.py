"""Best efforts ask every donor the reports itemize (issue #12 item 6).

11 CFR 104.7(b): the follow-up request goes to each contributor whose identification is incomplete once the
report must itemize them, i.e. once the aggregate passes $200 in the window the reports aggregate over (the
election cycle for a candidate committee, 11 CFR 104.3(a)(4)(i), 100.3(b)); the request and the reports must use
the same window. Seen and run on demand: the API lists the requests, the command sends what is due."""

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from accounts.roles import Role
from compliance.desk.best_efforts import best_efforts_send_due
from compliance.models import BestEffortsRequest
from tests.auth import api_key
from tests.compliance.helpers import build, house_committee, records
from tests.desk.helpers import donor, gift

pytestmark = pytest.mark.django_db


def test_house_donor_itemized_across_new_year_is_asked():
    """$150 on 2024-12-01 and $100 on 2025-02-01: one 2025-26 cycle (it began 2024-11-06), itemized in Q1 2025."""
    committee = house_committee(as_of=dt.date(2024, 1, 1))
    blank = donor(
        "Nora", "Blank", employer="Information Requested", occupation="Information Requested", email="nora@example.com"
    )
    gift(committee, blank, "150.00", dt.date(2024, 12, 1), election="")
    second = gift(committee, blank, "100.00", dt.date(2025, 2, 1))
    report = build(committee, "Q1", year=2025, signed=dt.date(2025, 4, 10))
    assert any(second.transaction_id in row for row in records(report))  # the report itemizes it

    assert best_efforts_send_due(today=dt.date(2025, 2, 5)) == 1
    request = BestEffortsRequest.objects.get()
    assert (request.contribution, request.cycle) == (second, 2026)
    assert mail.outbox and mail.outbox[0].to == ["nora@example.com"]


def test_api_lists_requests_with_their_state_and_command_sends_what_is_due():
    committee = house_committee()
    gift(
        committee,
        donor("Ann", "Mailed", employer="", occupation="", email="ann@example.com"),
        "250.00",
        dt.date(2026, 2, 1),
    )
    gift(committee, donor("Bo", "Nomail", employer="n/a", occupation="", email=""), "300.00", dt.date(2026, 2, 2))
    out = io.StringIO()
    call_command("best_efforts_send", "--committee", committee.fec_id, "--as-of", "2026-02-05", stdout=out)
    assert "2 best-efforts request(s)" in out.getvalue()
    call_command("best_efforts_send", "--committee", committee.fec_id, "--as-of", "2026-02-06", stdout=out)
    assert BestEffortsRequest.objects.count() == 2  # once per donor and cycle

    viewer = Client(HTTP_AUTHORIZATION=f"Token {api_key(committee, Role.VIEWER)}")
    response = viewer.get("/api/v1/compliance/best-efforts/", {"committee": committee.fec_id})
    assert response.status_code == 200
    states = sorted(row["state"] for row in response.json())
    assert states in (["no_email", "sent"], ["overdue", "sent"])
    other = house_committee("C00888888", name="Other")
    stranger = Client(HTTP_AUTHORIZATION=f"Token {api_key(other, Role.TREASURER)}")
    assert stranger.get("/api/v1/compliance/best-efforts/", {"committee": committee.fec_id}).status_code == 404
