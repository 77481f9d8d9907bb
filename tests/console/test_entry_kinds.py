"""Issue #12 item 3: the console's receipt form takes an in-kind gift (a receipt and its memo expenditure, 11 CFR
104.13(a)) and a loan's Schedule C terms (11 CFR 104.3(d)), through the same service as the API and the import."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from compliance.models import Disbursement, LoanTerms
from donations.models import Contribution
from tests.compliance.helpers import house_committee
from tests.console.helpers import person, signed_in

pytestmark = pytest.mark.django_db
WHO = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}


def _post(client, committee, **data):  # noqa: ANN001, ANN202
    body = {"amount": "450.00", "date_received": "2026-02-10", "payment_method": "", **WHO, **data}
    return client.post(f"/staff/{committee.fec_id}/ledger/new/receipt/", body)


def test_in_kind_and_loan_terms_from_the_console():
    committee = house_committee()
    client = signed_in(person("staffer", (committee, Role.STAFF)))
    response = _post(
        client,
        committee,
        receipt_type="individual",
        entity_type="IND",
        first_name="Ina",
        last_name="Kind",
        employer="Acme",
        occupation="Chef",
        purpose="Catering",
        in_kind="on",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    gift = Contribution.objects.get(donor__last_name="Kind")
    memo = Disbursement.objects.get(in_kind_of=gift)
    assert (gift.purpose, memo.is_memo, memo.amount) == ("In-Kind: Catering", True, gift.amount)

    response = _post(
        client,
        committee,
        amount="25000.00",
        receipt_type="loan_other",
        entity_type="ORG",
        organization_name="First Bank",
        loan_due_date="2027-06-30",
        loan_interest_rate="6.5",
        loan_secured="on",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    terms = LoanTerms.objects.get(contribution__donor__organization_name="First Bank")
    assert (str(terms.due_date), float(terms.interest_rate), terms.secured) == ("2027-06-30", 6.5, True)
