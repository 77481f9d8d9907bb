"""Commands, the reports API and the admin, on the same services; Form 3P; and one run on the real worker."""

import datetime as dt

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from committees.models import Committee
from compliance.models import Report
from tests.auth import otp_login, token_auth
from tests.compliance.helpers import build, built_fec, house_committee, import_rows, person, row
from tests.conftest import wait_for
from tests.fec_assertions import assert_valid_fec

JO = person("Jo", "Edge", "5 Edge Ln", employer="Acme", occupation="Clerk")


@pytest.mark.django_db
def test_committee_create_and_fec_report_commands(tmp_path, capsys):
    call_command(
        "committee_create",
        "--fec-id",
        "C00000001",
        "--name",
        "Example for Congress",
        "--type",
        "house",
        "--state",
        "VA",
        "--district",
        "11",
        "--street",
        "PO Box 1",
        "--city",
        "Anytown",
        "--zip",
        "22030",
        "--treasurer-first",
        "Terry",
        "--treasurer-last",
        "Treasurer",
        "--election",
        "P2026:2026-06-16",
        "--election",
        "G2026:2026-11-03",
        "--cash-on-hand",
        "1000.00",
        "--as-of",
        "2025-01-01",
    )
    committee = Committee.objects.get(fec_id="C00000001")
    assert (committee.report_form, committee.opening_cash_on_hand, committee.elections.count()) == ("F3", 1000, 2)
    import_rows(committee, [row("contribution", "Z1", "2026-01-05", "300.00", **JO)])
    out, items = tmp_path / "q1.fec", tmp_path / "q1.csv"
    call_command(
        "fec_report",
        "--committee",
        "C00000001",
        "--form",
        "F3",
        "--report-code",
        "Q1",
        "--year",
        "2026",
        "--out",
        str(out),
        "--csv",
        str(items),
    )
    parsed = assert_valid_fec(out.read_bytes())
    assert parsed["filing"]["col_a_cash_beginning_reporting_period"] == 1000.0
    assert "Z1" in items.read_text()

    import_rows(committee, [row("contribution", "Z2", "2026-04-05", "300.00", **person("No", "Job"))])
    with pytest.raises(CommandError, match="failed validation"):
        call_command(
            "fec_report",
            "--committee",
            "C00000001",
            "--report-code",
            "Q2",
            "--year",
            "2026",
            "--out",
            str(tmp_path / "q2.fec"),
        )
    assert "No Job, $300.00 on 2026-04-05" in capsys.readouterr().err
    assert Report.objects.filter(report_code="Q2").get().coverage_from == dt.date(2026, 4, 1)


@pytest.mark.django_db
def test_presidential_committee_files_form_3p():
    committee = house_committee("C00000002")
    Committee.objects.filter(pk=committee.pk).update(
        committee_type="presidential", election_state="", election_district=""
    )
    committee.refresh_from_db()
    committee.elections.update_or_create(code="P2028", defaults={"date": dt.date(2028, 3, 7)})
    committee.elections.update_or_create(code="G2028", defaults={"date": dt.date(2028, 11, 7)})
    import_rows(
        committee,
        [
            row("contribution", "PR1", "2025-03-01", "150.00", election="P2028", **JO),
            row("contribution", "PR2", "2026-01-10", "100.00", election="P2028", **JO),
            row(
                "expenditure", "PR3", "2026-01-11", "75.00", entity_type="ORG", organization_name="Hall", purpose="Rent"
            ),
        ],
    )
    report = build(committee, "Q1")
    parsed = built_fec(report)
    assert parsed["filing"]["form_type"] == "F3PN"
    items = parsed["itemizations"]["Schedule A"]
    assert [(i["form_type"], i["contribution_aggregate"]) for i in items] == [("SA17A", 250.0)]  # 4-year cycle
    assert parsed["itemizations"]["Schedule B"][0]["form_type"] == "SB23"
    assert report.summary["col_a"]["10"] == "175.00" and report.summary["col_b"]["17ai"] == "100.00"


@pytest.mark.django_db
def test_api_defaults_and_admin_actions(client):
    committee = house_committee()
    staff = get_user_model().objects.create_user("t", password="pw", is_staff=True, is_superuser=True)
    otp_login(client, staff)
    response = client.post(
        "/api/v1/reports/",
        {"committee": committee.fec_id, "report_code": "Q1", "year": 2026},
        content_type="application/json",
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["coverage_from"], body["coverage_through"], body["status"]) == ("2026-01-01", "2026-03-31", "queued")
    bad = client.post(
        "/api/v1/reports/",
        {"committee": committee.fec_id, "report_code": "12G", "year": 2026},
        content_type="application/json",
    )
    assert bad.status_code == 400
    report = build(committee, "Q2")
    page = client.get(f"/admin/compliance/report/{report.pk}/change/")
    assert page.status_code == 200 and b"/api/v1/reports/" in page.content
    client.post(
        "/admin/compliance/report/",
        {"action": "mark_filed", "_selected_action": [report.pk], "fec_filing_id": "1700001"},
    )
    report.refresh_from_db()
    assert report.fec_filing_id == "1700001"
    client.post("/admin/compliance/report/", {"action": "amend", "_selected_action": [report.pk]})
    assert Report.objects.filter(amendment_of=report, amendment_number=1).exists()


@pytest.mark.services
def test_report_built_by_the_real_worker_and_downloaded(services):
    committee = house_committee("C00999998")
    import_rows(
        committee,
        [row("contribution", "W1", "2026-02-01", "250.00", **JO), row("refund", "W2", "2026-02-03", "50.00", **JO)],
    )
    base, auth = services.live_server.url, token_auth(committee)
    response = requests.post(
        f"{base}/api/v1/reports/",
        json={"committee": "C00999998", "report_code": "Q1", "year": 2026},
        auth=auth,
        timeout=30,
    )
    assert response.status_code == 202, response.text
    report_id = response.json()["id"]
    wait_for(lambda: Report.objects.get(pk=report_id).status in ("done", "failed"), timeout=60, what="the report")
    detail = requests.get(f"{base}/api/v1/reports/{report_id}/", auth=auth, timeout=30).json()
    assert (detail["status"], detail["progress"]) == ("done", 100), detail["errors"]
    assert detail["summary"]["col_a"]["20a"] == "50.00"
    fec = requests.get(f"{base}/api/v1/reports/{report_id}/fec", auth=auth, timeout=30)
    parsed = assert_valid_fec(fec.content)
    assert [i["transaction_id"] for i in parsed["itemizations"]["Schedule A"]] == ["W1"]
    csv_file = requests.get(f"{base}/api/v1/reports/{report_id}/csv", auth=auth, timeout=30)
    assert csv_file.status_code == 200 and "W2" in csv_file.text
    summary = requests.get(f"{base}/api/v1/reports/{report_id}/summary", auth=auth, timeout=30)
    assert summary.status_code == 200 and "Example for Congress" in summary.text
