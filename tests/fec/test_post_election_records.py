"""The post-election pages (F3S, F3PS) and Form 3P line 31 items (F3P31): layouts against the FEC's schemas, and
worked cases written, validated (FEC schemas twice) and parsed by fecfile.

Worked cases. The FEC's Form 3 instructions (rev. 05/2016; "FEC FORM 3: Pages 5-8, Post-Election Detailed Summary
Page", used when filing the 30-day Post-General report, or the Year-End of a candidate who was not in the general)
and fec.gov "Post-general election reports" (Form 3P likewise) show the period in column A, the ending election
cycle to date in column B (the cycle ends on the day of the general election, 11 CFR 100.3(b)) and the new cycle,
from the day after the general election (the F3S/F3PS dates), in the page's column. Expected figures follow: the
previous report's column B + this column A = this column B + the page, line by line, and each page's totals are
the form's own formulas (Form 3 lines 6(a) = 11(e), 6(c) = 6(a) - 6(b), 7(c) = 7(a) - 7(b), 16, 22; Form 3P lines
14 = 17(e) - 28(d), 15 = 23 - 20(a), 22, 30). Form 3P line 31 is the total of the items on hand to be liquidated,
one F3P31 record each (Form 3P instructions; 11 CFR 9034.5(a)(2)(ii)); each state allocation total is the sum
of its states (11 CFR 106.2; F3P columns 120 and 206, F3PS column 92)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from compliance.fec import layouts, write_fec_bytes
from compliance.fec.layouts_post import F3P31, F3PS, F3S
from compliance.fec.records_post import F3P31Item, F3PSPage, F3SPage
from compliance.fec.validation import RecordValidator
from tests.fec.sample_records import CMTE, PRES, example_header, f3n_cover, f3pn_records
from tests.fec.test_layouts import _schema_columns, _spec_length
from tests.fec_assertions import assert_valid_fec

D = Decimal
GENERAL, DAY_AFTER = dt.date(2026, 11, 3), dt.date(2026, 11, 4)


@pytest.mark.parametrize("layout", [F3S, F3PS, F3P31], ids=lambda layout: layout.schema)
def test_layout_matches_schema_col_seq_and_lengths(layout) -> None:
    columns = _schema_columns(layout.schema)
    first = 2 if layout is F3P31 else 1  # F3P31.json has no property for column 1, the form type
    assert sorted(columns) == list(range(first, len(layout.fields) + 1))
    for number, field in enumerate(layout.fields, start=1):
        if number < first:
            continue
        name, prop = columns[number]
        assert field.name == name, f"column {number}"
        if prop.get("type") in ("boolean", ["boolean", "null"]):
            continue
        assert field.max_len == _spec_length(prop), f"column {number} {name}"
    assert len(layout.fields) == {"backlog/forms/F3S.json": 35, "backlog/forms/F3PS.json": 92}.get(layout.schema, 23)


def test_registered_with_the_writer_and_the_record_type_lookup() -> None:
    assert layouts.LAYOUTS[F3SPage] is F3S and layouts.LAYOUTS[F3PSPage] is F3PS
    assert layouts.layout_for_form_type("F3S") is F3S
    assert layouts.layout_for_form_type("F3PS") is F3PS
    assert layouts.layout_for_form_type("F3P31") is F3P31
    assert layouts.layout_for_form_type("F3N") is layouts.F3  # the covers are still the covers
    assert layouts.layout_for_form_type("F3PN") is layouts.F3P


# Form 3 Post-General 2026 (Oct 15 - Nov 23). The 12G report closed Oct 14 with column B: 11(a)(i) 500,
# 11(a)(ii) 150, 11(e) 650, 17 0. This period: 550 itemized (300 before the election, 250 after), 100 unitemized
# (after), 450 operating expenditures (400 before, 50 after), a 20 refund after the election.
PREVIOUS_B = {"11ai": D("500"), "11aii": D("150"), "11e": D("650"), "17": D("0"), "20a": D("0"), "22": D("0")}
COL_A = {"11ai": D("550"), "11aii": D("100"), "11e": D("650"), "17": D("450"), "20a": D("20"), "22": D("470")}
COL_B = {"11ai": D("800"), "11aii": D("150"), "11e": D("950"), "17": D("400"), "20a": D("0"), "22": D("400")}
PAGE = {"11ai": D("250"), "11aii": D("100"), "11e": D("350"), "17": D("50"), "20a": D("20"), "22": D("70")}


def _f3s_lines() -> dict[str, Decimal]:
    page = dict(PAGE)
    page.update({"11aiii": D("350"), "16": D("350"), "20d": D("20"), "6a": D("350"), "6b": D("20"), "6c": D("330")})
    page.update({"7a": D("50"), "7b": D("0"), "7c": D("50")})
    return page


def test_the_worked_case_balances_as_the_instructions_say() -> None:
    for line in PREVIOUS_B:
        assert PREVIOUS_B[line] + COL_A[line] == COL_B[line] + PAGE[line], line


def test_form_3_post_general_with_its_page_validates_and_parses() -> None:
    cover = f3n_cover(
        report_code="30G",
        election_code="G2026",
        date_of_election=GENERAL,
        state_of_election="VA",
        coverage_from_date=dt.date(2026, 10, 15),
        coverage_through_date=dt.date(2026, 11, 23),
        date_signed=dt.date(2026, 11, 30),
        col_a={**COL_A, "11aiii": D("650"), "16": D("650"), "20d": D("20"), "6a": D("650"), "6b": D("20")},
        col_b={**COL_B, "11aiii": D("950"), "16": D("950"), "6a": D("950"), "6c": D("950"), "7a": D("400")},
    )
    page = F3SPage(
        filer_committee_id_number=CMTE,
        date_of_general_election=GENERAL,
        day_after_general_election=DAY_AFTER,
        lines=_f3s_lines(),
    )
    parsed = assert_valid_fec(write_fec_bytes([example_header(), cover, page]))
    (f3s,) = parsed["itemizations"]["F3S"]
    assert f3s["form_type"] == "F3S"
    assert (f3s["date_general_election"].date(), f3s["date_day_after_general_election"].date()) == (GENERAL, DAY_AFTER)
    assert (f3s["a_i_individuals_itemized"], f3s["a_ii_individuals_unitemized"]) == (250.0, 100.0)
    assert (f3s["e_total_contributions"], f3s["total_receipts"], f3s["total_disbursements"]) == (350.0, 350.0, 70.0)
    assert (f3s["a_total_contributions_no_loans"], f3s["c_net_contributions"]) == (350.0, 330.0)


def test_a_negative_net_line_is_accepted_on_the_page() -> None:
    """Net contributions are a difference: negative when refunds exceed contributions (real filings show it)."""
    page = F3SPage(
        filer_committee_id_number=CMTE,
        date_of_general_election=GENERAL,
        day_after_general_election=DAY_AFTER,
        lines={"6a": D("0"), "6b": D("75"), "6c": D("-75"), "20a": D("75"), "20d": D("75"), "22": D("75")},
    )
    assert RecordValidator("F3").errors(page) == []
    broken = F3SPage(
        filer_committee_id_number=CMTE,
        date_of_general_election=GENERAL,
        day_after_general_election=DAY_AFTER,
        lines={"16": D("-1")},
    )
    assert RecordValidator("F3").errors(broken)  # other lines keep the schema's minimum of 0


def test_unknown_page_line_is_refused_when_the_record_is_built() -> None:
    with pytest.raises(ValueError, match="unknown line"):
        F3SPage(
            filer_committee_id_number=CMTE,
            date_of_general_election=GENERAL,
            day_after_general_election=DAY_AFTER,
            lines={"27": D("1")},
        )


def _item(tid: str, value: str, **more) -> F3P31Item:
    values = dict(
        filer_committee_id_number=PRES,
        transaction_id_number=tid,
        entity_type="ORG",
        contributor_organization_name="Office Outlet",
        contributor_street_1="5 Elm St",
        contributor_city="Des Moines",
        contributor_state="IA",
        contributor_zip="50309",
        election_code="P2028",
        item_description="Office furniture",
        item_contribution_acquired_date=dt.date(2027, 5, 1),
        item_fair_market_value=D(value),
    )
    values.update(more)
    return F3P31Item(**values)


def test_form_3p_page_states_and_line_31_items_validate_and_parse() -> None:
    header, cover, *rest = f3pn_records()

    items = [
        _item("L31A", "1200.00"),
        _item(
            "L31B",
            "300.00",
            entity_type="IND",
            contributor_organization_name="",
            contributor_last_name="Doe",
            contributor_first_name="Jane",
            contributor_employer="Acme",
            contributor_occupation="Engineer",
            item_description="Donated laptop",
        ),
    ]
    line_31 = sum((i.item_fair_market_value for i in items), D("0"))
    states_a = {"IA": D("800"), "NH": D("300")}
    states_a["total"] = sum(states_a.values(), D("0"))
    cover = dataclasses.replace(
        cover,
        col_a={**cover.col_a, "31": line_31},
        state_allocation_a=states_a,
        state_allocation_b={"IA": D("5000"), "total": D("5000")},
    )
    new_cycle = {"17ai": D("250"), "17aiii": D("250"), "17e": D("250"), "22": D("250"), "23": D("200")}
    new_cycle.update({"30": D("220"), "28a": D("20"), "28d": D("20")})
    new_cycle.update({"14": new_cycle["17e"] - new_cycle["28d"], "15": new_cycle["23"] - D("0")})
    page = F3PSPage(
        filer_committee_id_number=PRES,
        date_of_general_election=dt.date(2028, 11, 7),
        day_after_general_election=dt.date(2028, 11, 8),
        lines=new_cycle,
        state_allocation={"IA": D("200"), "total": D("200")},
    )
    parsed = assert_valid_fec(write_fec_bytes([header, cover, page, *items, *rest]))
    filing = parsed["filing"]
    assert (filing["col_a_items_on_hand_to_be_liquidated"], filing["col_a_totals"]) == (1500.0, 1100.0)
    assert (filing["col_a_iowa"], filing["col_a_new_hampshire"], filing["col_b_totals"]) == (800.0, 300.0, 5000.0)
    (f3ps,) = parsed["itemizations"]["F3PS"]
    assert (f3ps["date_general_election"], f3ps["date_day_after_general_election"]) == ("20281107", "20281108")
    assert (f3ps["net_contributions"], f3ps["net_expenditures"], f3ps["total_disbursements"]) == (
        "230.00",
        "200.00",
        "220.00",
    )
    assert (f3ps["iowa"], f3ps["totals"]) == ("200.00", "200.00")
    parsed_items = parsed["itemizations"]["F3P31"]
    assert [i["transaction_id_number"] for i in parsed_items] == ["L31A", "L31B"]
    assert sum(D(i["item_fair_market_value"]) for i in parsed_items) == line_31


def test_f3p31_names_follow_the_entity_type() -> None:
    validator = RecordValidator("F3P")
    assert validator.errors(_item("L31A", "10.00")) == []
    nameless = _item("L31B", "10.00", entity_type="IND", contributor_organization_name="")
    assert any("contributor_last_name" in problem for problem in validator.errors(nameless))
    assert validator.errors(_item("L31C", "10.00", contributor_organization_name=""))
