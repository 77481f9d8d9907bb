"""Itemization and aggregates: the $200 line, refunds, earmarks, F3 cycle vs F3X calendar year, validation."""

import datetime as dt

import pytest

from compliance.models import Report
from tests.compliance.helpers import build, built_fec, house_committee, import_rows, pac_committee, person, row

pytestmark = pytest.mark.django_db

JO = person("Jo", "Edge", "5 Edge Ln", employer="Acme", occupation="Clerk")


def _sa(parsed: dict) -> list[dict]:
    return parsed["itemizations"].get("Schedule A", [])


def test_aggregate_of_exactly_200_is_not_itemized_and_200_01_is():
    committee = house_committee()
    import_rows(
        committee,
        [
            row("contribution", "E1", "2026-01-05", "100.00", **JO),
            row("contribution", "E2", "2026-01-06", "100.00", **JO),
            row(
                "contribution",
                "F1",
                "2026-01-05",
                "100.00",
                **person("Al", "Over", "6 Edge Ln", employer="A", occupation="B"),
            ),
            row(
                "contribution",
                "F2",
                "2026-01-06",
                "100.01",
                **person("Al", "Over", "6 Edge Ln", employer="A", occupation="B"),
            ),
        ],
    )
    parsed = built_fec(build(committee, "Q1"))
    items = _sa(parsed)
    assert [(i["transaction_id"], i["contribution_aggregate"]) for i in items] == [("F2", 200.01)]
    assert parsed["filing"]["col_a_individual_contributions_itemized"] == 100.01
    assert parsed["filing"]["col_a_individual_contributions_unitemized"] == 300.00


def test_refund_under_200_after_itemized_keeps_later_gifts_itemized_and_counts_negatively():
    committee = house_committee()
    import_rows(
        committee,
        [
            row("contribution", "R1", "2026-01-05", "150.00", **JO),
            row("contribution", "R2", "2026-01-20", "100.00", **JO),
            row("refund", "R3", "2026-02-01", "100.00", **JO),
            row("contribution", "R4", "2026-03-01", "25.00", **JO),
        ],
    )
    report = build(committee, "Q1")
    parsed = built_fec(report)
    items = _sa(parsed)
    assert [(i["transaction_id"], i["contribution_aggregate"]) for i in items] == [("R2", 250.0), ("R4", 175.0)]
    (refund,) = parsed["itemizations"]["Schedule B"]
    assert (refund["form_type"], refund["back_reference_tran_id_number"]) == ("SB20A", "R2")
    col_a = report.summary["col_a"]
    assert (col_a["11ai"], col_a["11aii"], col_a["20a"], col_a["6b"], col_a["6c"]) == (
        "125.00",
        "150.00",
        "100.00",
        "100.00",
        "175.00",
    )


def test_earmarked_gift_is_a_pair_and_only_the_contributor_counts():
    committee = house_committee()
    conduit = {"conduit_name": "ActBlue", "conduit_fec_id": "C00401224"}
    import_rows(
        committee,
        [
            row("contribution", "EA1", "2026-02-01", "300.00", conduit_received_date="2026-02-04", **JO, **conduit),
            row("contribution", "EA2", "2026-02-02", "50.00", **person("Small", "Fry", "1 Pond"), **conduit),
        ],
    )
    report = build(committee, "Q1")
    items = _sa(built_fec(report))
    assert [(i["transaction_id"], i["entity_type"], i["memo_code"]) for i in items] == [
        ("EA1", "IND", ""),
        ("EA1M", "COM", "X"),
    ]
    parent, memo = items
    assert parent["contribution_purpose_descrip"] == "Earmarked through ActBlue"
    assert (memo["back_reference_tran_id_number"], memo["back_reference_sched_name"]) == ("EA1", "SA11AI")
    assert memo["donor_committee_fec_id"] == "C00401224"
    assert memo["contribution_date"].date() == dt.date(2026, 2, 4)
    assert report.summary["col_a"]["11ai"] == "300.00"
    assert report.summary["col_a"]["11aii"] == "50.00"


def test_f3_aggregates_over_the_cycle_but_f3x_restarts_on_january_1():
    house, pac = house_committee(), pac_committee(as_of=dt.date(2025, 1, 1))
    gifts = [
        row("contribution", "Y1", "2025-12-15", "150.00", **JO),
        row("contribution", "Y2", "2026-01-10", "100.00", **JO),
    ]
    import_rows(house, gifts)
    import_rows(pac, gifts)
    house_items = _sa(built_fec(build(house, "Q1")))
    assert [(i["transaction_id"], i["contribution_aggregate"]) for i in house_items] == [("Y2", 250.0)]
    pac_report = build(pac, "Q1")
    assert _sa(built_fec(pac_report)) == []
    assert pac_report.summary["col_a"]["11aii"] == "100.00"
    assert pac_report.summary["cash_on_hand_jan_1"] == "150.00"


def test_missing_employer_fails_the_report_in_plain_words_and_publishes_nothing():
    committee = house_committee()
    import_rows(committee, [row("contribution", "N1", "2026-03-02", "250.00", **person("Jane", "Doe"))])
    report = build(committee, "Q1")
    assert report.status == Report.Status.FAILED
    assert report.fec_file == ""
    assert any(e.startswith("Jane Doe, $250.00 on 2026-03-02") and "employer" in e for e in report.errors), (
        report.errors
    )


def test_always_itemized_committee_receipts_and_other_lines():
    committee = house_committee()
    pac = {"entity_type": "COM", "organization_name": "Tiny PAC", "fec_id": "C00111111"}
    import_rows(
        committee,
        [
            row("contribution", "C1", "2026-01-05", "5.00", **pac),
            row(
                "other_receipt",
                "O1",
                "2026-01-06",
                "12.34",
                entity_type="ORG",
                organization_name="Bank",
                purpose="Interest",
            ),
        ],
    )
    report = build(committee, "Q1")
    items = _sa(built_fec(report))
    assert [(i["form_type"], i["transaction_id"]) for i in items] == [("SA11C", "C1"), ("SA15", "O1")]
    assert (report.summary["col_a"]["11c"], report.summary["col_a"]["15"]) == ("5.00", "12.34")


def test_post_general_report_spanning_the_election_counts_every_receipt_and_restarts_aggregates():
    """The 30G period (Oct 15 – Nov 23, 2026) holds the end of one cycle and the start of the next."""
    committee = house_committee()
    new = person("Nora", "New", "8 Edge Ln", employer="A", occupation="B")
    big = person("Bea", "Big", "9 Edge Ln", employer="A", occupation="B")
    import_rows(
        committee,
        [
            row("contribution", "N1", "2026-10-20", "150.00", election="G2026", **new),
            row("contribution", "N2", "2026-11-10", "100.00", election="G2026", **new),
            row("contribution", "B1", "2026-10-21", "300.00", election="G2026", **big),
        ],
    )
    report = build(
        committee, "30G", election=committee.elections.get(code="G2026"), coverage_from=dt.date(2026, 10, 15)
    )
    assert report.status == Report.Status.DONE, report.errors
    parsed = built_fec(report)
    assert parsed["filing"]["coverage_from_date"].date() == dt.date(2026, 10, 15)
    # Nora's $100 on Nov 10 starts the new cycle at $100: not itemized; her $150 before the election is not
    # either. Bea's $300 is.
    assert [i["transaction_id"] for i in _sa(parsed)] == ["B1"]
    assert parsed["filing"]["col_a_individual_contributions_itemized"] == 300.00
    assert parsed["filing"]["col_a_individual_contributions_unitemized"] == 250.00
    # Column B is the ending cycle through election day (Nora's 150, Bea's 300); the new cycle's 100 is on the
    # post-election page (F3S), as the FEC's Form 3 instructions have it (tests/compliance/test_post_election_reports).
    assert parsed["filing"]["col_b_total_individual_contributions"] == 450.00
    assert report.summary["post_election"]["lines"]["11aiii"] == "100.00"
