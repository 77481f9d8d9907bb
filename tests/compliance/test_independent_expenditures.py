"""Independent expenditures (issue #18): Schedule E on Form 3X line 24 and the 24/48-hour reports (Form 24).

Worked case, from the FEC's instructions (cited, figures derived from them):

- FEC, "Aggregating independent expenditures" (fec.gov, Making independent expenditures): IEs are aggregated per
  election, within the calendar year, per office sought (the race); its second example: $6,000 supporting a Senate
  candidate in the primary and $4,000 opposing that candidate's opponent in the same election aggregate to
  $10,000, so a 48-hour report is due (its first example, $3,000 in all, calls for none).
- 11 CFR 104.4(b)(2) and 109.10(c): IEs aggregating $10,000 or more for an election, made up to and including the
  20th day before it, are reported within 48 hours (received by 11:59 p.m. Eastern on the second day after the
  communication is publicly disseminated, 104.4(f)); 104.4(c) and 109.10(d): after the 20th day but more than
  24 hours before the election, $1,000 or more is reported within 24 hours.
- FEC Form 3X instructions, Schedule E, and "Reporting independent expenditures": each IE is itemized on Schedule
  E with the dissemination date, the payment date, the candidate supported or opposed, the election, and the
  calendar-year-to-date total per election, per office sought; Schedule E supports line 24, which counts in
  total disbursements (line 31) and so in cash on hand (line 8).

Here a PAC with $50,000 on hand on Jan 1, 2028 (Senate primary in Virginia on June 20, 2028):
  Apr 3  $6,000 TV ad supporting Alice Able (S8VA00012), paid Apr 1     -> aggregate  6,000: no report yet
  Apr 10 $4,000 mailer opposing Bob Baker (S8VA00020), paid Apr 8       -> aggregate 10,000: 48-hour report of
         both, due Apr 12, 11:59 p.m. Eastern
  Jun 10 $1,500 radio ad supporting Able (10 days before the primary)   -> aggregate 11,500: 24-hour report,
         due within 24 hours (Jun 11, 0:00 Eastern: only the date is known)
Q2 2028 (Apr 1 - Jun 30): line 24 = $11,500.00 (columns A and B), line 31 = $11,500.00, line 8 = $38,500.00."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest

from audit.models import AuditEvent
from compliance.desk.ie_notices import ie_report_fec_bytes, ie_report_mark_filed, ie_reports_sync
from compliance.desk.ie_reports import EASTERN
from compliance.fec.layouts import SE
from compliance.models import IndependentExpenditure, IndependentExpenditureReport
from compliance.selectors import ie_current
from compliance.services.imports import ImportInvalid
from compliance.services.independent import IndependentExpenditureInput, ie_enter
from fundraising.exceptions import ApplicationError, Conflict
from tests.compliance.helpers import build, built_fec, house_committee, import_rows, pac_committee, records, row
from tests.fec_assertions import assert_valid_fec

SE_NAMES = [f.name for f in SE.fields]


def _se(fields: list[str]) -> dict[str, str]:
    """An SE record's columns by the FEC's field names (format 8.5, SchE.json)."""
    return dict(zip(SE_NAMES, fields, strict=True))


pytestmark = pytest.mark.django_db
D = Decimal
PRIMARY = dt.date(2028, 6, 20)
ABLE = {"candidate_fec_id": "S8VA00012", "candidate_last_name": "Able", "candidate_first_name": "Alice"}
BAKER = {"candidate_fec_id": "S8VA00020", "candidate_last_name": "Baker", "candidate_first_name": "Bob"}


def _ie(amount: str, disseminated: dt.date, paid: dt.date | None, who: dict, so: str, purpose: str):
    return IndependentExpenditureInput(
        entity_type="ORG",
        organization_name="Example Media LLC",
        street_1="9 Studio Way",
        city="Richmond",
        state="VA",
        zip_code="23219",
        purpose=purpose,
        dissemination_date=disseminated,
        expenditure_date=paid,
        amount=D(amount),
        support_oppose=so,
        candidate_office="S",
        candidate_state="VA",
        election_code="P2028",
        election_date=PRIMARY,
        **who,
    )


TV = _ie("6000.00", dt.date(2028, 4, 3), dt.date(2028, 4, 1), ABLE, "S", "TV ad")
MAILER = _ie("4000.00", dt.date(2028, 4, 10), dt.date(2028, 4, 8), BAKER, "O", "Mailer")
RADIO = _ie("1500.00", dt.date(2028, 6, 10), dt.date(2028, 6, 9), ABLE, "S", "Radio ad")


def _pac():
    return pac_committee(cash="50000.00", as_of=dt.date(2028, 1, 1))


def test_worked_case_48_and_24_hour_reports():
    committee = _pac()
    tv = ie_enter(committee=committee, data=TV, actor=None)
    assert ie_reports_sync(committee=committee, as_of=dt.date(2028, 4, 3)) == []  # $6,000 < $10,000
    mailer = ie_enter(committee=committee, data=MAILER, actor=None)
    (report48,) = ie_reports_sync(committee=committee, as_of=dt.date(2028, 4, 10))
    assert report48.report_type == "48" and (report48.office, report48.state) == ("S", "VA")
    assert report48.deadline == dt.datetime(2028, 4, 12, 23, 59, tzinfo=EASTERN)
    assert ie_reports_sync(committee=committee, as_of=dt.date(2028, 4, 11)) == []  # listed once

    data = ie_report_fec_bytes(report48, date_signed=dt.date(2028, 4, 11))
    parsed = assert_valid_fec(data)  # structure, F24 + SchE schemas (both copies), fecfile
    lines = [r.split("\x1c") for r in data.decode("ascii").split("\r\n")[:-1]]
    assert [r[0] for r in lines] == ["HDR", "F24N", "SE", "SE"]
    assert lines[1][2] == "48" and lines[1][1] == "C00777777"
    tv_row, mailer_row = _se(lines[2]), _se(lines[3])
    assert tv_row["transaction_id"] == tv.transaction_id and tv_row["dissemination_date"] == "20280403"
    assert (tv_row["expenditure_amount"], tv_row["disbursement_date"]) == ("6000.00", "20280401")
    assert tv_row["calendar_ytd_per_election_office"] == "6000.00"  # below $10,000 alone
    assert (tv_row["support_oppose_code"], tv_row["so_candidate_id_number"], tv_row["election_code"]) == (
        "S", "S8VA00012", "P2028",
    )  # fmt: skip
    assert mailer_row["transaction_id"] == mailer.transaction_id and mailer_row["expenditure_amount"] == "4000.00"
    assert mailer_row["calendar_ytd_per_election_office"] == "10000.00"  # same election, same race: they add up
    assert (mailer_row["support_oppose_code"], mailer_row["so_candidate_id_number"]) == ("O", "S8VA00020")
    assert parsed["filing"]["form_type"] == "F24N"

    ie_enter(committee=committee, data=RADIO, actor=None)
    (report24,) = ie_reports_sync(committee=committee, as_of=dt.date(2028, 6, 10))
    assert report24.report_type == "24"
    assert report24.deadline == dt.datetime(2028, 6, 11, 0, 0, tzinfo=EASTERN)
    radio = ie_report_fec_bytes(report24, date_signed=dt.date(2028, 6, 10)).decode("ascii").split("\r\n")[2]
    radio_row = _se(radio.split("\x1c"))
    assert (radio_row["expenditure_amount"], radio_row["calendar_ytd_per_election_office"]) == ("1500.00", "11500.00")

    filed = ie_report_mark_filed(report=report48, actor=None, fec_filing_id="FEC-1600001")
    assert filed.fec_filing_id == "1600001" and filed.filed_at < report48.deadline.replace(year=2099)
    with pytest.raises(Conflict):
        ie_report_mark_filed(report=report48, actor=None, fec_filing_id="1600001")
    assert AuditEvent.objects.filter(action="ie_report.filed", object_id=str(report48.pk)).exists()

    q2 = build(committee, "Q2", year=2028, signed=dt.date(2028, 7, 10))
    built_fec(q2)  # SE rows pass the F3X report's schemas and fecfile
    se = [_se(r) for r in records(q2) if r[0] == "SE"]
    assert [(r["expenditure_amount"], r["calendar_ytd_per_election_office"]) for r in se] == [
        ("6000.00", "6000.00"),
        ("4000.00", "10000.00"),
        ("1500.00", "11500.00"),
    ]
    col_a, col_b = q2.summary["col_a"], q2.summary["col_b"]
    assert col_a["24"] == col_b["24"] == "11500.00"
    assert col_a["31"] == "11500.00" and col_a["6b"] == "50000.00" and col_a["8"] == "38500.00"


def test_corrections_are_new_rows_and_reports_use_the_current_version():
    committee = _pac()
    original = ie_enter(committee=committee, data=MAILER, actor=None)
    fixed = ie_enter(committee=committee, data=replace(MAILER, amount=D("4500.00")), actor=None, corrects=original)
    assert fixed.transaction_id == original.transaction_id and fixed.corrects_id == original.pk
    assert IndependentExpenditure.objects.filter(committee=committee).count() == 2  # nothing deleted or rewritten
    assert list(ie_current(committee)) == [fixed]
    with pytest.raises(Conflict):
        ie_enter(committee=committee, data=MAILER, actor=None, corrects=original)
    assert AuditEvent.objects.filter(action="independent_expenditure.corrected", object_id=str(fixed.pk)).exists()
    q2 = build(committee, "Q2", year=2028, signed=dt.date(2028, 7, 10))
    built_fec(q2)
    assert [_se(r)["expenditure_amount"] for r in records(q2) if r[0] == "SE"] == ["4500.00"]
    assert q2.summary["col_a"]["24"] == "4500.00"


def test_memo_entries_are_disclosed_but_not_counted():
    committee = _pac()
    unpaid = replace(TV, is_memo=True, memo_text="Disseminated; paid later", expenditure_date=None)
    ie_enter(committee=committee, data=unpaid, actor=None)
    q2 = build(committee, "Q2", year=2028, signed=dt.date(2028, 7, 10))
    built_fec(q2)
    (se,) = [_se(r) for r in records(q2) if r[0] == "SE"]
    assert (
        se["memo_code"] == "X"
        and se["disbursement_date"] == ""
        and q2.summary["col_a"]["24"] == "0.00"
        and q2.summary["col_a"]["8"] == "50000.00"
    )
    assert ie_reports_sync(committee=committee, as_of=dt.date(2028, 6, 30)) == []


def test_refused_for_a_candidate_committee_and_bad_fields_named():
    house = house_committee()
    with pytest.raises(ApplicationError) as err:
        ie_enter(committee=house, data=TV, actor=None)
    assert err.value.field == "committee" and "authorized" in err.value.message
    pac = _pac()
    for change, field in [
        ({"support_oppose": "X"}, "support_oppose"),
        ({"candidate_fec_id": "S8VA12"}, "candidate_fec_id"),
        ({"candidate_state": ""}, "candidate_state"),
        ({"election_code": "P2030"}, "election_date"),
        ({"purpose": " "}, "purpose"),
        ({"expenditure_date": dt.date(2028, 4, 5)}, "expenditure_date"),
        ({"candidate_last_name": "L" * 31}, "candidate_last_name"),
        ({"category_code": "099"}, "category"),
    ]:
        with pytest.raises(ApplicationError) as err:
            ie_enter(committee=pac, data=replace(TV, **change), actor=None)
        assert err.value.field == field, change
    assert not IndependentExpenditure.objects.exists()


def _csv(tid: str, disseminated: str, amount: str, **more: str) -> dict[str, str]:
    fields = dict(
        entity_type="ORG",
        organization_name="Example Media LLC",
        purpose="TV ad",
        election="P2028",
        election_date="2028-06-20",
        support_oppose="S",
        candidate_office="S",
        candidate_state="VA",
        candidate_fec_id="S8VA00012",
        candidate_last_name="Able",
        candidate_first_name="Alice",
    )
    return row("independent_expenditure", tid, disseminated, amount, **{**fields, **more})


def test_csv_import_kind():
    committee = _pac()
    result = import_rows(
        committee,
        [_csv("IE-1", "2028-04-03", "6000.00", expenditure_date="2028-04-01"), _csv("IE-2", "2028-04-10", "4000")],
    )
    assert result.imported["independent_expenditure"] == 2
    assert sorted(ie_current(committee).values_list("external_id", "amount")) == [
        ("IE-1", D("6000.00")),
        ("IE-2", D("4000.00")),
    ]
    again = import_rows(committee, [_csv("IE-1", "2028-04-03", "6000.00")])
    assert again.skipped == 1 and ie_current(committee).count() == 2


def test_csv_import_refuses_bad_rows_with_line_and_field_and_writes_nothing():
    committee = _pac()
    with pytest.raises(ImportInvalid) as err:
        import_rows(
            committee,
            [
                _csv("IE-1", "2028-04-03", "6000.00"),
                _csv("IE-2", "2028-04-10", "4000.00", support_oppose="maybe", candidate_fec_id="X1"),
                _csv("IE-3", "2028-04-11", "10.00", election_date=""),
                _csv("IE-4", "2028-04-11", "10.00", candidate_first_name="F" * 21),
            ],
        )
    problems = [str(p) for p in err.value.problems]
    assert "line 3: support_oppose: 'MAYBE' is S (support) or O (oppose)" in problems
    assert any(p.startswith("line 3: candidate_fec_id:") for p in problems)
    assert "line 4: election_date: is required (YYYY-MM-DD)" in problems
    assert "line 5: candidate_first_name: is longer than 20 characters" in problems  # never a database error
    assert not IndependentExpenditure.objects.exists()
    with pytest.raises(ImportInvalid) as err:
        import_rows(house_committee(), [_csv("IE-1", "2028-04-03", "6000.00")])
    assert str(err.value.problems[0]).startswith("line 2: committee: an authorized (candidate) committee")
    assert not IndependentExpenditure.objects.exists()


def test_api_entry_correction_and_form_24():
    from django.test import Client

    from accounts.roles import Role
    from tests.auth import api_key

    committee = _pac()
    treasurer = Client(headers={"Authorization": f"Token {api_key(committee, Role.TREASURER)}"})
    staff = Client(headers={"Authorization": f"Token {api_key(committee, Role.STAFF, 'staff')}"})
    body = {
        "committee": committee.fec_id,
        "entity_type": "ORG",
        "organization_name": "Example Media LLC",
        "street_1": "9 Studio Way",
        "city": "Richmond",
        "state": "VA",
        "zip_code": "23219",
        "purpose": "TV ad",
        "dissemination_date": "2026-11-20",  # already disseminated (tests run after it): due at once
        "expenditure_date": "2026-11-18",
        "amount": "12000.00",
        "support_oppose": "S",
        "candidate_office": "S",
        "candidate_state": "VA",
        "election": "P2028",
        "election_date": "2028-06-20",
        **ABLE,
    }
    url = "/api/v1/independent-expenditures/"
    assert staff.post(url, body, content_type="application/json").status_code == 403
    made = treasurer.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.json()
    tid = made.json()["transaction_id"]
    (report_id,) = made.json()["reports_opened"]
    fixed = treasurer.post(url, {**body, "amount": "12500.00", "corrects": tid}, content_type="application/json")
    assert fixed.status_code == 201 and fixed.json()["transaction_id"] == tid and fixed.json()["reports_opened"] == []
    bad = treasurer.post(url, {**body, "candidate_fec_id": "H8VA1100"}, content_type="application/json")
    assert bad.status_code == 400 and "candidate_fec_id" in str(bad.json()), bad.json()

    listed = treasurer.get(f"/api/v1/committees/{committee.fec_id}/ie-reports/")
    assert [(r["id"], r["report_type"], r["total"]) for r in listed.json()] == [(report_id, "48", "12000.00")]
    fec = treasurer.get(f"/api/v1/committees/{committee.fec_id}/ie-reports/{report_id}/form24.fec")
    assert fec.status_code == 200
    assert_valid_fec(fec.content)
    filed = treasurer.post(
        f"/api/v1/committees/{committee.fec_id}/ie-reports/{report_id}/filed/",
        {"fec_filing_id": "1600002"},
        content_type="application/json",
    )
    assert filed.status_code == 200 and filed.json()["fec_filing_id"] == "1600002"
    assert IndependentExpenditureReport.objects.get(pk=report_id).filed_at is not None

    house = house_committee("C00999998")
    house_treasurer = Client(headers={"Authorization": f"Token {api_key(house, Role.TREASURER)}"})
    refused = house_treasurer.post(url, {**body, "committee": house.fec_id}, content_type="application/json")
    assert refused.status_code == 400 and "authorized (candidate) committee" in str(refused.json()), refused.json()
