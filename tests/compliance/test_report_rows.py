"""The report queries hand the schedule builders named rows: each field holds the column its name says."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from compliance.models import LoanTerms
from compliance.reports import queries
from compliance.reports.covers import report_window
from compliance.reports.lines import lines_for
from compliance.reports.rows import DISBURSEMENT, REFUND, DisbursementRow, LoanRow, ReceiptRow
from compliance.services.reports import report_request
from compliance.services.transactions import receipt_enter
from donations.services.donors import DonorInput
from tests.compliance.helpers import house_committee, import_rows, person, row

pytestmark = pytest.mark.django_db


def test_each_query_returns_named_rows_with_the_right_values():
    committee = house_committee()
    able = person("Al", "Able", employer="Acme", occupation="Clerk")
    import_rows(
        committee,
        [
            row("contribution", "C1", "2026-02-01", "250.00", **able),
            row("refund", "R1", "2026-02-03", "50.00", **able),
            row(
                "expenditure", "D1", "2026-02-05", "99.00", entity_type="ORG", organization_name="Hall", purpose="Rent"
            ),
        ],
    )
    loan = receipt_enter(
        committee=committee,
        donor_data=DonorInput(
            entity_type="CAN",
            first_name="Casey",
            last_name="Candidate",
            street_1="1 Main St",
            city="Anytown",
            state="VA",
            zip_code="22000",
        ),
        amount=Decimal("1000.00"),
        date_received=dt.date(2026, 2, 10),
        receipt_type="loan_candidate",
        election=committee.elections.get(code="P2026"),
    ).contribution
    LoanTerms.objects.create(contribution=loan, interest_rate=Decimal("5.25"))
    report = report_request(committee=committee, report_code="Q1", year=2026, requested_by=None, enqueue=False)
    window, lines = report_window(report), lines_for(report.form)

    receipts = {r.transaction_id: r for r in queries.itemized_receipt_rows(window=window, lines=lines)}
    gift = receipts["C1"]
    assert isinstance(gift, ReceiptRow)
    assert (gift.receipt_type, gift.last_name, gift.first_name, gift.employer, gift.occupation) == (
        "individual",
        "Able",
        "Al",
        "Acme",
        "Clerk",
    )
    assert (gift.cents, gift.aggregate_cents, gift.date_received, gift.election_code) == (
        25000,
        25000,
        dt.date(2026, 2, 1),
        "P2026",
    )
    assert gift.conduit_fec_id is None and gift.original_date is None and not gift.is_memo

    paid = {r.transaction_id: r for r in queries.disbursement_rows(window=window, lines=lines)}
    refund, rent = paid["R1"], paid["D1"]
    assert isinstance(refund, DisbursementRow)
    assert (refund.source, refund.line_class, refund.cents, refund.last_name, refund.refund_kind) == (
        REFUND,
        "refund_individual",
        5000,
        "Able",
        "refund",
    )
    assert (rent.source, rent.line_class, rent.cents, rent.organization_name, rent.purpose) == (
        DISBURSEMENT,
        "operating",
        9900,
        "Hall",
        "Rent",
    )
    assert rent.date_paid == dt.date(2026, 2, 5)

    (owed,) = queries.loan_rows(window=window)
    assert isinstance(owed, LoanRow)
    assert (owed.transaction_id, owed.entity_type, owed.cents, owed.repaid_cents, owed.balance_cents) == (
        loan.transaction_id,
        "CAN",
        100000,
        0,
        100000,
    )
    assert (owed.due_date, owed.interest_rate, owed.secured) == (None, Decimal("5.2500"), False)
    assert queries.loan_balance_cents([owed]) == 100000


def test_a_row_and_its_select_list_name_the_same_fields():
    names = {"transaction_id": "c.transaction_id"}
    with pytest.raises(TypeError, match="LoanRow"):
        queries._columns(LoanRow, names)
