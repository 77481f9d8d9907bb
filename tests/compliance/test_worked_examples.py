"""The worked examples (tests/reference/fec/examples/worked_example_F3N_v8.5.fec and _F3XN_) reproduced byte for
byte from equivalent books: committee, elections, opening cash, transactions entered through the CSV importer
and the services. HDR software name/version are pinned by settings and the date signed by the request;
transaction ids are pinned by importing with the example's ids (source ids become FEC transaction ids)."""

import datetime as dt
from decimal import Decimal

import pytest

from compliance.models import Disbursement
from compliance.services.transactions import PayeeInput, disbursement_enter, transaction_text_add
from tests.compliance.helpers import build, fec_bytes, house_committee, import_rows, pac_committee, person, row
from tests.fec_assertions import assert_valid_fec, reference_example

pytestmark = pytest.mark.django_db


def _example(name: str) -> bytes:
    return reference_example(name)


def _prior_cycle_activity() -> list[dict]:
    """What column B assumes happened earlier in the 2025-26 cycle: $4,000 itemized and $8,000 unitemized
    individual receipts, $2,000 of operating expenditures."""
    rows = [
        row("contribution", f"P{n:03d}", "2025-05-01", "200.00", **person(f"Unit{n}", "Prior", f"{n} Prior Rd"))
        for n in range(40)
    ]
    rows += [
        row(
            "contribution",
            "P100",
            "2025-06-01",
            "2000.00",
            **person("Ann", "Big", "9 Hill Rd"),
            employer="X",
            occupation="Y",
        ),
        row(
            "contribution",
            "P101",
            "2025-06-02",
            "2000.00",
            **person("Bob", "Big", "8 Hill Rd"),
            employer="X",
            occupation="Y",
        ),
        row(
            "expenditure",
            "P200",
            "2025-07-01",
            "2000.00",
            entity_type="ORG",
            organization_name="Old Vendor",
            purpose="Rent",
        ),
    ]
    return rows


def test_f3n_worked_example_reproduced_byte_for_byte():
    committee = house_committee(cash="0.00", as_of=dt.date(2025, 1, 1))
    jane = person("Jane", "Doe", "1 Main St", employer="Acme Corp", occupation="Engineer")
    rows = _prior_cycle_activity() + [
        row(
            "contribution",
            "A0001",
            "2026-02-10",
            "3600.00",
            election="P2026",
            memo_text="Excessive $100 refunded 20260315",
            **jane,
        ),
        row(
            "contribution",
            "A0002",
            "2026-03-01",
            "250.00",
            election="P2026",
            **person("John", "Smith", "2 Oak Ave", employer="Self-employed", occupation="Carpenter"),
            city="Springfield",
            zip="22150",
            conduit_name="ActBlue",
            conduit_fec_id="C00401224",
            conduit_received_date="2026-03-03",
        ),
        row(
            "contribution",
            "A0003",
            "2026-03-20",
            "1000.00",
            election="P2026",
            entity_type="COM",
            organization_name="Example Workers PAC",
            fec_id="C00888888",
            street_1="3 Elm St",
            city="Arlington",
            zip="22201",
        ),
        row(
            "expenditure",
            "B0001",
            "2026-03-05",
            "350.00",
            entity_type="ORG",
            organization_name="Print Shop LLC",
            street_1="4 Pine St",
            purpose="Printing",
        ),
        row("refund", "B0002", "2026-03-15", "100.00", **jane),
    ]
    rows += [
        row("contribution", f"U{n}", f"2026-01-{10 + n}", "200.00", **person(f"Small{n}", "Giver", f"{n} Low St"))
        for n in range(6)
    ]
    result = import_rows(committee, rows)
    assert result.imported == {"contribution": 51, "refund": 1, "expenditure": 2, "other_receipt": 0}
    assert any("over the limit" in w for w in result.warnings)
    transaction_text_add(
        committee=committee,
        parent_transaction_id="A0001",
        text="Primary limit 3500.00; excess 100.00 refunded within 60 days",
        transaction_id="T0001",
    )

    report = build(committee, "Q1", signed=dt.date(2026, 4, 10))

    assert (report.coverage_from, report.coverage_through) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    data = fec_bytes(report)
    assert data == _example("worked_example_F3N_v8.5.fec")
    parsed = assert_valid_fec(data)
    assert parsed["filing"]["col_a_cash_on_hand_close_of_period"] == 15600.0
    assert report.summary["col_a"]["23"] == "10000.00"
    assert report.summary["col_b"]["11ai"] == "7850.00"


def test_f3xn_worked_example_reproduced_byte_for_byte():
    pac = pac_committee(cash="4000.00", as_of=dt.date(2026, 1, 1))
    roe = person("Sam", "Roe", "5 Birch Rd", employer="Example Co", occupation="Accountant")
    rows = [
        row("contribution", "J1", "2026-02-01", "200.00", city="Reston", zip="20190", **roe),
        *[
            row("contribution", f"J{n}", "2026-01-15", "200.00", **person(f"Early{n}", "Giver", f"{n} Elm Rd"))
            for n in range(2, 6)
        ],
        row("contribution", "SA-0001", "2026-03-12", "250.00", city="Reston", zip="20190", **roe),
        row("contribution", "K1", "2026-03-02", "200.00", **person("Small", "Giver", "7 Low St")),
        row(
            "expenditure",
            "SB-0001",
            "2026-03-18",
            "250.00",
            entity_type="ORG",
            organization_name="Office Supply Inc",
            street_1="6 Cedar Ct",
            city="Arlington",
            zip="22201",
            purpose="Office supplies",
        ),
    ]
    import_rows(pac, rows)
    disbursement_enter(
        committee=pac,
        kind=Disbursement.Kind.CONTRIBUTION,
        payee=PayeeInput(
            entity_type="COM",
            organization_name="Example for Congress",
            committee_fec_id="C00999999",
            street_1="PO Box 1",
            city="Anytown",
            state="VA",
            zip_code="22000",
        ),
        amount=Decimal("1000.00"),
        date_disbursed=dt.date(2026, 3, 20),
        purpose="Contribution",
        election=pac.elections.get(code="P2026"),
        transaction_id="SB-0002",
        beneficiary={
            "fec_id": "H6VA11999",
            "last_name": "Example",
            "first_name": "Alex",
            "office": "H",
            "state": "VA",
            "district": "11",
        },
    )

    report = build(pac, "M4", signed=dt.date(2026, 4, 10))

    assert (report.coverage_from, report.coverage_through) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    data = fec_bytes(report)
    assert data == _example("worked_example_F3XN_v8.5.fec")
    parsed = assert_valid_fec(data)
    assert parsed["filing"]["form_type"] == "F3XN"
