"""A report goes from done to filed through the API and through the console, on the real services: a live
server, a Celery worker process uploading and polling, and the FEC emulator process. 11 CFR 104.18: the report is
filed when the FEC accepts it (its filing id); a rejected report is not filed."""

from __future__ import annotations

import time

import pytest
import requests
from django.urls import reverse

from accounts.roles import Role
from accounts.sessions import OTP_VERIFIED_AT
from compliance.models import FilingSubmission, Report
from tests.auth import token_auth
from tests.conftest import WORKER_LOG, wait_for
from tests.console.helpers import person as staff
from tests.console.helpers import signed_in
from tests.filing.helpers import PASSWORD, done_report

pytestmark = pytest.mark.services


def _answered(report: Report) -> FilingSubmission | None:
    found = FilingSubmission.objects.filter(report=report).order_by("-attempt").first()
    return found if found is not None and not found.is_open else None


def test_done_to_filed_through_the_api(services, emulator):
    report = done_report("C00999991")
    emulator.set_password("C00999991", PASSWORD)
    base, auth = services.live_server.url, token_auth(report.committee)

    put = requests.put(
        f"{base}/api/v1/filing-password/", json={"committee": "C00999991", "password": PASSWORD}, auth=auth, timeout=30
    )
    assert put.status_code == 204, put.text
    assert PASSWORD not in put.text

    response = requests.post(f"{base}/api/v1/reports/{report.pk}/submit/", auth=auth, timeout=30)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "submitted"
    wait_for(lambda: _answered(report), timeout=60, what="the FEC's answer")

    [listed] = requests.get(f"{base}/api/v1/reports/{report.pk}/submissions/", auth=auth, timeout=30).json()
    assert listed["status"] == "accepted" and listed["fec_filing_id"].startswith("FEC-"), listed
    detail = requests.get(f"{base}/api/v1/reports/{report.pk}/", auth=auth, timeout=30).json()
    assert f"FEC-{detail['fec_filing_id']}" == listed["fec_filing_id"]
    assert detail["filed_at"]

    again = requests.post(f"{base}/api/v1/reports/{report.pk}/submit/", auth=auth, timeout=30)
    assert again.status_code == 409, again.text
    assert FilingSubmission.objects.filter(report=report).count() == 1
    time.sleep(0.3)  # the worker's last log lines
    assert "fec upload committee=C00999991" in WORKER_LOG.read_text()
    assert PASSWORD not in WORKER_LOG.read_text()


def test_rejection_through_the_api(services, emulator):
    report = done_report("C00999992")
    base, auth = services.live_server.url, token_auth(report.committee)
    put = requests.put(
        f"{base}/api/v1/filing-password/", json={"committee": "C00999992", "password": PASSWORD}, auth=auth, timeout=30
    )
    assert put.status_code == 204, put.text
    emulator.reject_next(["FEC-0001: The report's coverage dates overlap a report already filed."])

    assert requests.post(f"{base}/api/v1/reports/{report.pk}/submit/", auth=auth, timeout=30).status_code == 202
    wait_for(lambda: _answered(report), timeout=60, what="the FEC's answer")
    [listed] = requests.get(f"{base}/api/v1/reports/{report.pk}/submissions/", auth=auth, timeout=30).json()
    assert listed["status"] == "rejected"
    assert listed["messages"] == ["FEC-0001: The report's coverage dates overlap a report already filed."]
    report.refresh_from_db()
    assert report.filed_at is None and report.status == Report.Status.DONE


def test_viewer_cannot_submit(services, emulator):
    report = done_report("C00999993")
    base = services.live_server.url
    response = requests.post(
        f"{base}/api/v1/reports/{report.pk}/submit/", auth=token_auth(report.committee, Role.VIEWER), timeout=30
    )
    assert response.status_code == 403
    assert not FilingSubmission.objects.filter(report=report).exists()


def test_done_to_filed_through_the_console(services, emulator):
    report = done_report("C00999994")
    emulator.set_password("C00999994", PASSWORD)
    treasurer = staff("treasurer-filing", (report.committee, Role.TREASURER))
    client = signed_in(treasurer)
    fec_id = report.committee.fec_id
    page = client.get(reverse("console:report", args=[fec_id, report.pk]))
    assert "enter the committee's FEC filing password" in page.content.decode()

    saved = client.post(reverse("console:filing_password", args=[fec_id]), {"password": PASSWORD})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    settings_page = client.get(reverse("console:settings", args=[fec_id])).content.decode()
    assert "Kept (encrypted)" in settings_page and PASSWORD not in settings_page

    page = client.get(reverse("console:report", args=[fec_id, report.pk])).content.decode()
    assert "Submit to the FEC" in page
    posted = client.post(reverse("console:report_submit", args=[fec_id, report.pk]))
    assert posted.status_code == 302
    partial = reverse("console:report_submissions", args=[fec_id, report.pk])

    def refreshed() -> bool:
        return client.get(partial, HTTP_HX_REQUEST="true").get("HX-Refresh") == "true"

    wait_for(refreshed, timeout=60, what="the status block to ask for a reload")
    report.refresh_from_db()
    assert report.filed_at is not None
    page = client.get(reverse("console:report", args=[fec_id, report.pk])).content.decode()
    assert f"Filed as FEC-{report.fec_filing_id}" in page
    assert "Accepted by the FEC" in page
    assert "Submit to the FEC</button>" not in page


def test_console_rejection_in_plain_words_and_fresh_factor_required(services, emulator):
    report = done_report("C00999995")
    treasurer = staff("treasurer-reject", (report.committee, Role.TREASURER))
    client = signed_in(treasurer)
    fec_id = report.committee.fec_id
    assert client.post(reverse("console:filing_password", args=[fec_id]), {"password": PASSWORD}).status_code == 302

    session = client.session
    session[OTP_VERIFIED_AT] = time.time() - 86400  # the code was entered long ago
    session.save()
    asked = client.post(reverse("console:report_submit", args=[fec_id, report.pk]))
    assert asked.status_code == 403 and "otp_code" in asked.content.decode()
    assert not FilingSubmission.objects.filter(report=report).exists()

    client = signed_in(treasurer)
    emulator.reject_next(["Schedule A line 11(a)(i): the contributor's ZIP code is missing."])
    assert client.post(reverse("console:report_submit", args=[fec_id, report.pk])).status_code == 302
    wait_for(lambda: _answered(report), timeout=60, what="the FEC's answer")
    page = client.get(reverse("console:report", args=[fec_id, report.pk])).content.decode()
    assert "Rejected by the FEC" in page
    assert "The FEC did not accept this filing, so the report is not filed" in page
    assert "the contributor&#x27;s ZIP code is missing" in page
    assert "Submit to the FEC</button>" in page  # it can be sent again
