"""Every console page answers for a treasurer with real data in the books, and a viewer reads them all."""

from __future__ import annotations

import datetime as dt

import pytest

from accounts.roles import Role
from compliance.models import ReviewItem
from compliance.services.transactions import PayeeInput, disbursement_enter
from tests.compliance.helpers import build, house_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import D, donor, gift

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    committee = house_committee(cash="1000.00")
    jane = gift(committee, donor(), "250.00", dt.date(2026, 2, 10)).donor
    gift(committee, donor(), "3400.00", dt.date(2026, 3, 1))  # over the $3,500 primary limit by $150
    gift(committee, donor("Sam", "Acme LLC", "9 Oak St"), "50.00", dt.date(2026, 3, 2))
    disbursement_enter(
        committee=committee,
        payee=PayeeInput(
            organization_name="Print Shop", street_1="5 Elm", city="Anytown", state="VA", zip_code="22000"
        ),
        amount=D("120.00"),
        date_disbursed=dt.date(2026, 3, 3),
        purpose="Printing",
    )
    report = build(committee, "Q1")
    return committee, jane, report


def test_every_page_answers_for_a_treasurer_and_a_viewer(books):
    committee, jane, report = books
    item = ReviewItem.objects.filter(committee=committee).first()
    gift_id = jane.contributions.first().transaction_id
    c = committee.fec_id
    pages = [
        f"/staff/{c}/",
        f"/staff/{c}/ledger/",
        f"/staff/{c}/ledger/?kind=receipt&itemized=yes&sort=-amount",
        f"/staff/{c}/ledger/?line=SA11AI&election=P2026&donor=Doe&amount_min=10",
        f"/staff/{c}/ledger/export.csv",
        f"/staff/{c}/ledger/receipt/{gift_id}/",
        f"/staff/{c}/ledger/receipt/{gift_id}/correct/",
        f"/staff/{c}/donors/",
        f"/staff/{c}/donors/?q=Doe",
        f"/staff/{c}/donors/{jane.pk}/",
        f"/staff/{c}/reports/",
        f"/staff/{c}/reports/calendar/",
        f"/staff/{c}/reports/{report.pk}/",
        f"/staff/{c}/reports/{report.pk}/progress/",
        f"/staff/{c}/reports/{report.pk}/summary/",
        f"/staff/{c}/reports/{report.pk}/summary.pdf",
        f"/staff/{c}/compliance/",
        f"/staff/{c}/compliance/review/{item.pk}/",
        f"/staff/{c}/settings/",
    ]
    treasurer = signed_in(person("tara", (committee, Role.TREASURER)))
    for path in pages + [
        f"/staff/{c}/ledger/new/receipt/",
        f"/staff/{c}/ledger/new/disbursement/",
        f"/staff/{c}/ledger/new/memo/",
        f"/staff/{c}/ledger/receipt/{gift_id}/refund/",
        f"/staff/{c}/donors/{jane.pk}/edit/",
        f"/staff/{c}/donors/{jane.pk}/merge/",
        f"/staff/{c}/reports/new/",
        f"/staff/{c}/settings/pages/new/",
        f"/staff/{c}/settings/people/new/",
        f"/staff/{c}/settings/tokens/new/",
    ]:
        response = treasurer.get(path)
        assert response.status_code == 200, (path, response.status_code, response.content[:500])
        assert "Content-Security-Policy" in response.headers, path
    viewer = signed_in(person("vera", (committee, Role.VIEWER)))
    for path in pages:
        assert viewer.get(path).status_code == 200, path
    assert treasurer.get("/staff/").status_code == 302


def test_summary_pdf_holds_every_line_with_its_description_and_the_signature_state(books):
    import io

    from pypdf import PdfReader

    from compliance.summary_lines import FORMS, line_label

    committee, _, report = books
    treasurer = signed_in(person("tara", (committee, Role.TREASURER)))
    response = treasurer.get(f"/staff/{committee.fec_id}/reports/{report.pk}/summary.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for _heading, lines in FORMS["F3"]:
        for line, description, _total in lines:
            assert line_label(line) in text, line
            assert " ".join(description.replace("—", "-").split()[:4]) in text, description
    assert "3,650.00" in text or "3,400.00" in text  # amounts drawn, formatted with thousands separators
    assert "Not signed: this report has not been filed." in text


def test_overview_fees_are_the_fees_the_books_booked_not_any_purpose_that_says_fee(books):
    """The headline "fees" was a guess from words in the purpose ("fee", "processing"): a ballot-access filing fee
    counted as a processing fee. It is now what the books book as processor, dispute and conduit fees."""
    from compliance.selectors import DISPUTE_PURPOSE, PROCESSING_PURPOSE
    from console.selectors import overview

    committee, _, _ = books
    payee = PayeeInput(
        organization_name="Stripe, Inc.",
        street_1="354 Oyster Point Blvd",
        city="South San Francisco",
        state="CA",
        zip_code="94080",
    )
    for purpose, amount in (
        (PROCESSING_PURPOSE, "12.34"),
        (DISPUTE_PURPOSE, "15.00"),
        ("Ballot access filing fee", "500.00"),
        ("Data processing services", "80.00"),
    ):
        disbursement_enter(
            committee=committee, payee=payee, amount=D(amount), date_disbursed=dt.date(2026, 3, 5), purpose=purpose
        )
    figures = overview(committee=committee, today=dt.date(2026, 3, 31)).figures
    assert figures["fees"] == D("27.34")
