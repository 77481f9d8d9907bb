"""Reports whose period spans a general election (Form 3 F3S, Form 3P F3PS), Form 3P's state allocation and its
line 31 items (F3P31), built from the books.

Expected figures follow the FEC's instructions:
- FEC Form 3 instructions (rev. 05/2016), "FEC FORM 3: Pages 5-8, Post-Election Detailed Summary Page": used "when
  filing 30-day Post-General report (or Year-End Report for candidates who did not participate in the general
  election)", in lieu of the Detailed Summary Page; the summary shows the reporting period and the election
  cycle-to-date, and an authorized committee's cycle ends on the day of the general election (11 CFR 100.3(b)).
- fec.gov "Post-general election reports" (House/Senate: Form 3 and its post-election detailed summary page;
  presidential committees: Form 3P and its post-election detailed summary page).
- The FEC's F3S / F3PS record layouts (fecfile-validate backlog/forms/F3S.json, F3PS.json): the page's column is
  dated by the general election and the day after it, i.e. it is the new cycle from the day after the election.
So column A is the whole period, column B the ending cycle through election day, the page the new cycle:
previous report's column B + this column A = this column B + the page (shared/fec/NOTES.md 13.3).
- Form 3P state allocation (11 CFR 106.2) and line 31 items on hand to be liquidated (11 CFR 9034.5(a)(2)(ii)),
  itemized on F3P31 (fecfile-validate backlog/forms/F3P31.json)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage

from audit.models import AuditEvent
from committees.models import Committee, ContributionLimit
from compliance.models import Disbursement, Report
from compliance.services.presidential import (
    ItemSource,
    liquidation_item_enter,
    liquidation_item_liquidate,
    state_allocation_enter,
)
from fundraising.exceptions import ApplicationError
from tests.compliance.helpers import build, built_fec, house_committee, import_rows, person, records, row

pytestmark = pytest.mark.django_db
D = Decimal
ANN = person("Ann", "Early", "1 Oak St", employer="Acme", occupation="Engineer")
BOB = person("Bob", "Small", "2 Oak St", employer="Acme", occupation="Clerk")
CAL = person("Cal", "Late", "3 Oak St", employer="Acme", occupation="Nurse")
DEE = person("Dee", "Tiny", "4 Oak St", employer="Acme", occupation="Chef")
SHOP = {"entity_type": "ORG", "organization_name": "Print Shop", "purpose": "Printing"}


def _house_books() -> Committee:
    committee = house_committee(cash="1000.00")
    import_rows(
        committee,
        [
            row("contribution", "A1", "2026-08-10", "500.00", election="G2026", **ANN),
            row("contribution", "B1", "2026-10-05", "150.00", election="G2026", **BOB),
            row("contribution", "A2", "2026-10-20", "300.00", election="G2026", **ANN),
            row("expenditure", "E1", "2026-10-25", "400.00", election="G2026", **SHOP),
            # after the 2026-11-03 general: the new cycle (debt retirement for the general, as designated)
            row("contribution", "C1", "2026-11-10", "250.00", election="G2026", **CAL),
            row("contribution", "D1", "2026-11-12", "100.00", election="G2026", **DEE),
            row("expenditure", "E2", "2026-11-15", "50.00", election="G2026", **SHOP),
        ],
    )
    return committee


def _post_general(committee: Committee) -> Report:
    general = committee.elections.get(code="G2026")
    return build(committee, "30G", election=general, coverage_from=dt.date(2026, 10, 15), signed=dt.date(2026, 11, 30))


def _lines(parsed: dict, key: str) -> dict:
    return parsed["itemizations"][key][0]


def test_form_3_post_general_splits_column_b_at_the_general_election():
    committee = _house_books()
    pre = build(
        committee,
        "12G",
        election=committee.elections.get(code="G2026"),
        coverage_from=dt.date(2026, 10, 1),
        coverage_through=dt.date(2026, 10, 14),
        signed=dt.date(2026, 10, 20),
    )
    report = _post_general(committee)
    assert report.status == Report.Status.DONE, report.errors
    parsed = built_fec(report)
    kinds = [fields[0] for fields in records(report)]
    assert kinds[:3] == ["HDR", "F3N", "F3S"]  # the page follows the cover (real filing 1135558 does the same)

    a, b = report.summary["col_a"], report.summary["col_b"]
    # column A: the whole period Oct 15 - Nov 23 (Ann 300 and Cal 250 itemized, Dee 100 not; both expenditures)
    assert (a["11ai"], a["11aii"], a["11e"], a["17"], a["22"]) == ("550.00", "100.00", "650.00", "450.00", "450.00")
    # cash: 1000 opening + 650 before the period, + 650 - 450 in it
    assert (a["23"], a["27"], a["8"]) == ("1650.00", "1850.00", "1850.00")
    # column B: the 2025-26 cycle through election day only (Ann 500 + 300 itemized; Bob 150; one expenditure)
    assert (b["11ai"], b["11aii"], b["11e"], b["17"], b["6c"], b["7c"]) == (
        "800.00",
        "150.00",
        "950.00",
        "400.00",
        "950.00",
        "400.00",
    )
    assert parsed["filing"]["col_b_total_contributions"] == 950.00
    # the page: the new cycle from Nov 4 (Cal's 250 is itemized on his own new-cycle aggregate, Dee's 100 is not)
    page = report.summary["post_election"]
    assert (page["general_election"], page["day_after"]) == ("2026-11-03", "2026-11-04")
    c = page["lines"]
    assert (c["11ai"], c["11aii"], c["11e"], c["16"], c["17"], c["22"], c["6c"], c["7c"]) == (
        "250.00",
        "100.00",
        "350.00",
        "350.00",
        "50.00",
        "50.00",
        "350.00",
        "50.00",
    )
    assert len(parsed["itemizations"]["F3S"]) == 1  # fecfile reads the page
    f3s = records(report)[2]  # columns: 3, 4 dates; 11 = 11(a)(i), 17 = 11(e), 25 = 17 (F3S.json COL_SEQ)
    assert (f3s[2], f3s[3], f3s[10], f3s[16], f3s[24]) == ("20261103", "20261104", "250.00", "350.00", "50.00")
    # the printable summary shows the page after the detailed summary
    with default_storage.open(report.summary_file) as handle:
        html = handle.read().decode()
    assert "Post-election detailed summary page" in html and "2026-11-04" in html
    assert (
        '<td>11(e)</td><td>Total contributions (11(a)(iii), (b), (c) and (d))</td><td class="num">350.00</td>' in html
    )
    # previous column B + this column A = this column B + the new cycle, line by line
    prev = pre.summary["col_b"]
    for line in ("11ai", "11aii", "11e", "16", "17", "22", "6a", "7a"):
        assert D(prev[line]) + D(a[line]) == D(b[line]) + D(c[line]), line


def test_year_end_spanning_the_general_gets_the_page_and_a_report_after_it_does_not():
    """Form 3 instructions: the Year-End of a candidate not in the general election uses the page too."""
    committee = _house_books()
    year_end = build(
        committee, "YE", coverage_from=dt.date(2026, 10, 1), coverage_through=dt.date(2026, 12, 31), signed=None
    )
    assert year_end.status == Report.Status.DONE, year_end.errors
    assert "F3S" in built_fec(year_end)["itemizations"]
    assert year_end.summary["post_election"]["lines"]["11e"] == "350.00"
    assert year_end.summary["col_b"]["11e"] == "950.00"

    q1 = build(committee, "Q1", year=2027, signed=dt.date(2027, 4, 10))
    assert q1.status == Report.Status.DONE, q1.errors
    assert "F3S" not in built_fec(q1)["itemizations"] and "post_election" not in q1.summary


def _presidential() -> Committee:
    """A presidential committee in the 2021-24 cycle (the 2028 general is in the future: the books cannot hold
    receipts after it yet). The 2023-24 limits are copied from the seeded 2026 rows (the amounts do not matter here:
    every gift is well under them)."""
    for limit in ContributionLimit.objects.filter(cycle=2026):
        ContributionLimit.objects.get_or_create(
            cycle=2024,
            recipient_type=limit.recipient_type,
            contributor_type=limit.contributor_type,
            defaults={"period": limit.period, "amount": limit.amount, "source": "test copy of the 2026 rows"},
        )
    committee = house_committee("C00000002", cash="5000.00", as_of=dt.date(2024, 1, 1))
    Committee.objects.filter(pk=committee.pk).update(
        committee_type="presidential", election_state="", election_district=""
    )
    committee.refresh_from_db()
    committee.elections.filter(code__in=["P2026", "G2026"]).delete()  # the House helper's; a President runs in 2024
    committee.elections.update_or_create(code="P2024", defaults={"date": dt.date(2024, 3, 5)})
    committee.elections.update_or_create(code="G2024", defaults={"date": dt.date(2024, 11, 5)})
    return committee


def _expenditure(committee: Committee, tid: str) -> Disbursement:
    return Disbursement.objects.get(committee=committee, transaction_id=tid)


def test_form_3p_post_general_state_allocation_and_items_to_be_liquidated():
    committee = _presidential()
    import_rows(
        committee,
        [
            row("contribution", "P1", "2024-09-02", "400.00", election="P2024", **ANN),
            row("contribution", "P2", "2024-10-20", "300.00", election="G2024", **ANN),
            row("expenditure", "X1", "2024-10-21", "1000.00", election="P2024", **SHOP),
            row("contribution", "P3", "2024-11-12", "250.00", election="G2024", **CAL),
            row("expenditure", "X2", "2024-11-14", "200.00", election="P2024", **SHOP),
        ],
    )
    state_allocation_enter(disbursement=_expenditure(committee, "X1"), state="IA", amount=D("600.00"))
    state_allocation_enter(disbursement=_expenditure(committee, "X1"), state="NH", amount=D("400.00"))
    state_allocation_enter(disbursement=_expenditure(committee, "X1"), state="NH", amount=D("-100.00"))
    state_allocation_enter(disbursement=_expenditure(committee, "X2"), state="IA", amount=D("200.00"))
    furniture = ItemSource(
        entity_type="ORG",
        organization_name="Office Outlet",
        street_1="5 Elm",
        city="Des Moines",
        state="IA",
        zip_code="50309",
    )
    desk = liquidation_item_enter(
        committee=committee,
        source=furniture,
        description="Office furniture",
        date_acquired=dt.date(2024, 2, 1),
        fair_market_value=D("1200.00"),
        election_code="P2024",
        transaction_id="L31DESK",
    )
    sold = liquidation_item_enter(
        committee=committee,
        source=furniture,
        description="Laptops",
        date_acquired=dt.date(2024, 2, 1),
        fair_market_value=D("900.00"),
        election_code="P2024",
    )
    liquidation_item_liquidate(item=sold, on=dt.date(2024, 10, 1))
    assert AuditEvent.objects.filter(action="state_allocation.entered").count() == 4
    assert AuditEvent.objects.filter(action__startswith="liquidation_item.").count() == 3

    report = build(
        committee,
        "30G",
        year=2024,
        election=committee.elections.get(code="G2024"),
        coverage_from=dt.date(2024, 10, 17),
        signed=dt.date(2024, 12, 1),
    )
    assert report.status == Report.Status.DONE, report.errors
    parsed = built_fec(report)
    kinds = [fields[0] for fields in records(report)]
    assert kinds[:4] == ["HDR", "F3PN", "F3PS", "F3P31"]
    filing = parsed["filing"]
    # column A: the period; column B: the 2024 cycle through Nov 5; lines 14/15 from column B
    totals = (filing["col_a_total_contributions"], filing["col_b_total_contributions_other_than_loans"])
    assert totals == (550.00, 700.00)
    assert (filing["col_a_operating_expenditures"], filing["col_b_operating_expenditures"]) == (1200.00, 1000.00)
    assert (filing["col_a_net_contributions"], filing["col_a_net_operating_expenditures"]) == (700.00, 1000.00)
    # state allocation: X1 (Oct 21) and X2 (Nov 14) in the period; NH 400 - 100
    assert (filing["col_a_iowa"], filing["col_a_new_hampshire"], filing["col_a_totals"]) == (800.00, 300.00, 1100.00)
    assert (filing["col_b_iowa"], filing["col_b_new_hampshire"], filing["col_b_totals"]) == (600.00, 300.00, 900.00)
    # line 31: only the desk is still on hand on Nov 25
    assert filing["col_a_items_on_hand_to_be_liquidated"] == 1200.00
    (item,) = parsed["itemizations"]["F3P31"]
    assert (item["transaction_id_number"], item["item_fair_market_value"]) == (desk.transaction_id, "1200.00")
    # the page: the new cycle from Nov 6
    page = _lines(parsed, "F3PS")
    assert (page["date_general_election"], page["date_day_after_general_election"]) == ("20241105", "20241106")
    assert (page["e_total_contributions_other_than_loans"], page["operating_expenditures"]) == ("250.00", "200.00")
    assert (page["net_contributions"], page["net_expenditures"], page["iowa"], page["totals"]) == (
        "250.00",
        "200.00",
        "200.00",
        "200.00",
    )


def test_state_allocation_refuses_what_the_expenditure_cannot_cover():
    committee = _presidential()
    import_rows(committee, [row("expenditure", "X1", "2024-10-21", "100.00", election="P2024", **SHOP)])
    spent = _expenditure(committee, "X1")
    state_allocation_enter(disbursement=spent, state="IA", amount=D("80.00"))
    with pytest.raises(ApplicationError) as over:
        state_allocation_enter(disbursement=spent, state="NH", amount=D("20.01"))
    assert over.value.field == "amount"
    with pytest.raises(ApplicationError) as below:
        state_allocation_enter(disbursement=spent, state="NH", amount=D("-1.00"))
    assert below.value.field == "amount"
    with pytest.raises(ApplicationError) as where:
        state_allocation_enter(disbursement=spent, state="AS", amount=D("1.00"))
    assert where.value.field == "state"
    house = house_committee("C00999998")
    import_rows(house, [row("expenditure", "H1", "2026-10-21", "100.00", election="G2026", **SHOP)])
    with pytest.raises(ApplicationError):
        state_allocation_enter(disbursement=_expenditure(house, "H1"), state="VA", amount=D("1.00"))
    assert AuditEvent.objects.filter(action="state_allocation.entered").count() == 1


def test_api_enters_allocations_and_items_for_treasurers_only():
    from django.test import Client

    from accounts.roles import Role
    from compliance.models import LiquidationItem, StateAllocation
    from tests.auth import api_key

    committee = _presidential()
    import_rows(committee, [row("expenditure", "X1", "2024-10-21", "100.00", election="P2024", **SHOP)])
    treasurer = Client(headers={"Authorization": f"Token {api_key(committee, Role.TREASURER)}"})
    staff = Client(headers={"Authorization": f"Token {api_key(committee, Role.STAFF, 'staff')}"})
    url = "/api/v1/payments/X1/state-allocations/"
    body = {"state": "IA", "amount": "60.00"}
    assert staff.post(url, body, content_type="application/json").status_code == 403
    made = treasurer.post(url, body, content_type="application/json")
    assert made.status_code == 201, made.json()
    over = treasurer.post(url, {"state": "NH", "amount": "40.01"}, content_type="application/json")
    assert over.status_code == 400 and "amount" in str(over.json())
    assert (
        treasurer.post("/api/v1/payments/NOPE/state-allocations/", body, content_type="application/json").status_code
        == 404
    )
    assert list(StateAllocation.objects.values_list("state", "amount")) == [("IA", D("60.00"))]

    items = f"/api/v1/committees/{committee.fec_id}/liquidation-items/"
    item = {
        "entity_type": "IND",
        "last_name": "Doe",
        "first_name": "Jane",
        "street_1": "1 Main St",
        "city": "Ames",
        "state": "IA",
        "zip_code": "50010",
        "description": "Donated laptop",
        "date_acquired": "2024-03-01",
        "fair_market_value": "300.00",
        "election_code": "P2024",
    }
    nameless = treasurer.post(items, {**item, "last_name": ""}, content_type="application/json")
    assert nameless.status_code == 400 and "last_name" in str(nameless.json())
    made = treasurer.post(items, item, content_type="application/json")
    assert made.status_code == 201, made.json()
    tid = made.json()["transaction_id"]
    done = treasurer.post(f"{items}{tid}/liquidated/", {"liquidated_on": "2024-12-01"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["liquidated_on"] == "2024-12-01"
    assert LiquidationItem.objects.get(transaction_id=tid).liquidated_on == dt.date(2024, 12, 1)
    again = treasurer.post(
        f"{items}{tid}/liquidated/", {"liquidated_on": "2024-12-02"}, content_type="application/json"
    )
    assert again.status_code == 400
