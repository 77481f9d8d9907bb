"""24- and 48-hour reports of independent expenditures (Form 24 + Schedule E), 11 CFR 104.4(b), (c), (f). Worked
cases from the FEC's "Aggregating independent expenditures" page: $1,000 supporting a Senate candidate and $2,000
opposing the opponent in the same primary aggregate to $3,000 (no 48-hour report); $6,000 and $4,000 aggregate to
$10,000 (a 48-hour report). 24-hour reports: $1,000 or more after the 20th day before the election, and again for
each further $1,000 (the FEC's "24-hour reports" page)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from compliance.desk.ie_reports import IndependentExpenditureRow, reports_due, ytd_per_election_office
from compliance.fec import Header, RecordValidator, write_fec_bytes
from compliance.fec.records import F24Cover, ScheduleE
from tests.fec_assertions import assert_valid_fec

D = Decimal
PRIMARY = dt.date(2026, 6, 16)


def ie(tid: str, day: dt.date, amount: str, *, state: str = "VA", election=PRIMARY, reported=False):
    return IndependentExpenditureRow(
        transaction_id=tid,
        election_code=f"P{election.year}",
        election_date=election,
        office="S",
        state=state,
        district="",
        dissemination_date=day,
        amount=D(amount),
        reported=reported,
    )


def test_48_hour_threshold_aggregates_the_race_per_election():
    may = dt.date(2026, 5, 1)
    assert reports_due([ie("A", may, "1000.00"), ie("B", may, "2000.00")]) == []  # $3,000: regular report only
    (due,) = reports_due([ie("A", may, "6000.00"), ie("B", may + dt.timedelta(days=3), "4000.00")])
    assert (due.report_type, due.transaction_ids, due.total) == ("48", ("A", "B"), D("10000.00"))
    assert due.due_by.date() == dt.date(2026, 5, 6) and due.due_by.hour == 23  # second day after May 4
    # another race (a different state's Senate seat) does not add up
    assert reports_due([ie("A", may, "6000.00"), ie("B", may, "4000.00", state="MD")]) == []
    # already reported expenditures do not count again; the next $10,000 does
    rows = [ie("A", may, "10000.00", reported=True), ie("B", may, "9999.99")]
    assert reports_due(rows) == []
    (again,) = reports_due([*rows, ie("C", dt.date(2026, 5, 20), "0.01")])
    assert again.transaction_ids == ("B", "C")


def test_24_hour_period_and_each_further_thousand():
    day20 = PRIMARY - dt.timedelta(days=20)  # still the 48-hour period: up to and including the 20th day before
    day19 = PRIMARY - dt.timedelta(days=19)
    assert reports_due([ie("A", day20, "5000.00")]) == []
    (first,) = reports_due([ie("A", day19, "600.00"), ie("B", day19 + dt.timedelta(days=1), "400.00")])
    assert (first.report_type, first.transaction_ids) == ("24", ("A", "B"))
    assert first.due_by == dt.datetime.combine(day19 + dt.timedelta(days=2), dt.time(0, 0), tzinfo=first.due_by.tzinfo)
    rows = [ie("A", day19, "1000.00", reported=True), ie("B", day19, "500.00"), ie("C", PRIMARY, "9000.00")]
    assert reports_due(rows) == []  # $500 more is under $1,000; election-day spending goes on the regular report
    assert [r.transaction_ids for r in reports_due([*rows, ie("D", PRIMARY - dt.timedelta(days=1), "500.00")])] == [
        ("B", "D")
    ]
    assert ytd_per_election_office(rows) == {"A": D("1000.00"), "B": D("1500.00"), "C": D("10500.00")}


def test_form_24_file_with_schedule_e_validates_and_parses():
    cover = F24Cover(
        filer_committee_id_number="C00777777",
        report_type_24_48="48",
        committee_name="Example Workers PAC",
        street_1="3 Elm St",
        city="Arlington",
        state="VA",
        zip="22201",
        treasurer_last_name="Treasurer",
        treasurer_first_name="Pat",
        date_signed=dt.date(2026, 5, 5),
    )
    rows = [ie("IE1", dt.date(2026, 5, 1), "6000.00"), ie("IE2", dt.date(2026, 5, 4), "4000.00")]
    ytd = ytd_per_election_office(rows)
    records = [Header(soft_name="Our App", soft_ver="1.0"), cover]
    for row, support in zip(rows, "SO", strict=True):
        records.append(
            ScheduleE(
                filer_committee_id_number="C00777777",
                transaction_id=row.transaction_id,
                entity_type="ORG",
                payee_organization_name="Ad Agency LLC",
                payee_street_1="9 Media Way",
                payee_city="Arlington",
                payee_state="VA",
                payee_zip="22201",
                election_code=row.election_code,
                dissemination_date=row.dissemination_date,
                expenditure_amount=row.amount,
                disbursement_date=row.dissemination_date,
                calendar_ytd_per_election_office=ytd[row.transaction_id],
                expenditure_purpose_descrip="TV ad",
                support_oppose_code=support,
                so_candidate_id_number="S6VA00001",
                so_candidate_last_name="Candidate" if support == "S" else "Opponent",
                so_candidate_first_name="Casey" if support == "S" else "Olly",
                so_candidate_office="S",
                so_candidate_state="VA",
                completing_last_name="Treasurer",
                completing_first_name="Pat",
                date_signed=dt.date(2026, 5, 5),
            )
        )
    validator = RecordValidator("F24")
    assert [p for r in records for p in validator.errors(r)] == []
    parsed = assert_valid_fec(write_fec_bytes(records))
    assert parsed["filing"]["form_type"] == "F24N" and parsed["filing"]["report_type"] == "48"
    schedule_e = parsed["itemizations"]["Schedule E"]
    assert [r["expenditure_amount"] for r in schedule_e] == [6000.0, 4000.0]
    assert [r["calendar_y_t_d_per_election_office"] for r in schedule_e] == [6000.0, 10000.0]
    assert sum(r.amount for r in rows) == D("10000.00")  # the $10,000 that called for the 48-hour report
