"""Issue #12 item 3: every kind of money has a way in and lands on its schedule and line on Forms 3, 3X and 3P,
each file checked by the FEC's schemas and the fecfile parser (tests/fec_assertions.py), with the summary lines
computed from the rows.

Lines: FEC Form 3 instructions (lines 11(b), 11(d), 12, 13(a)-(b), 14, 17, 18, 20, 21), Form 3X instructions
(lines 11(b), 12, 13, 15, 21(b), 22, 23, 28), Form 3P instructions (17(d), 18, 19, 20(a), 24, 29); 11 CFR
104.3(a)-(b) (receipts and disbursements by category), 104.3(d) and 104.11 (debts and loans, Schedules C and D),
104.13(a) (in-kind contributions: a receipt and an expenditure), 100.52(b) (a loan from a person is a
contribution), 103.3(a) (returned contributions)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from committees.models import Committee
from compliance.models import Debt
from compliance.services.debts import debt_enter, debt_pay
from compliance.services.entries import BeneficiaryCandidate, Counterparty, LoanTermsInput, money_pay, money_receive
from compliance.services.returns import contribution_return, refund_void
from compliance.services.transactions import refund_enter
from donations.models import LimitTotal
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError
from tests.compliance.helpers import build, built_fec, house_committee, pac_committee, records

pytestmark = pytest.mark.django_db
D = Decimal
ADDRESS = {"street_1": "1 Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}
DAY = dt.date(2026, 2, 10)


def funded_house() -> Committee:
    return house_committee(cash="100000.00")


def funded_pac() -> Committee:
    return pac_committee(cash="100000.00")


def presidential_committee() -> Committee:
    committee = house_committee("C00000002", cash="100000.00")
    Committee.objects.filter(pk=committee.pk).update(
        committee_type="presidential", election_state="", election_district=""
    )
    committee.refresh_from_db()
    return committee


def _by_type(report) -> dict[str, list[list[str]]]:
    built_fec(report)
    out: dict[str, list[list[str]]] = {}
    for fields in records(report):
        out.setdefault(fields[0], []).append(fields)
    return out


def org(name: str, code: str = "ORG", fec_id: str = "", multicandidate: bool | None = None) -> Counterparty:
    return Counterparty(
        code=code,
        identity=DonorInput(organization_name=name, committee_fec_id=fec_id, **ADDRESS),
        multicandidate=multicandidate,
    )


def ind(first: str, last: str, code: str = "IND", **more: str) -> Counterparty:
    identity = DonorInput(first_name=first, last_name=last, employer="Acme", occupation="Engineer", **ADDRESS, **more)
    return Counterparty(code=code, identity=identity)


def receive(committee, kind: str, who: Counterparty, amount: str, **more):
    election = more.pop("election", committee.elections.filter(code="P2026").first())
    return money_receive(
        committee=committee,
        kind=kind,
        who=who,
        amount=D(amount),
        date_received=more.pop("day", DAY),
        election=election,
        **more,
    ).contribution


def every_receipt_kind(committee) -> dict[str, str]:
    """One of each receipt kind; returns kind -> transaction id."""
    return {
        "party": receive(
            committee, "contribution", org("Virginia Democratic Party", "PTY", "C00000011"), "5000.00"
        ).transaction_id,
        "pac": receive(
            committee, "contribution", org("Teachers PAC", "PAC", "C00000022", True), "5000.00"
        ).transaction_id,
        "transfer": receive(committee, "transfer", org("Victory Fund", "COM", "C00000033"), "50000.00").transaction_id,
        "bank_loan": receive(
            committee,
            "loan",
            org("First Bank of Virginia"),
            "25000.00",
            loan_terms=LoanTermsInput(due_date=dt.date(2027, 6, 30), interest_rate=D("6.5"), secured=True),
        ).transaction_id,
        "offset": receive(
            committee, "offset", org("Print Shop"), "120.00", purpose="Refund of overpayment"
        ).transaction_id,
        "in_kind": receive(committee, "in_kind", ind("Ina", "Kind"), "450.00", purpose="Catering").transaction_id,
        "interest": receive(
            committee, "other_receipt", org("First Bank of Virginia"), "40.00", purpose="Interest"
        ).transaction_id,
    }


def test_every_receipt_kind_on_form_3():
    """Form 3: party 11(b) SA11B, PAC 11(c) SA11C, transfer 12 SA12, bank loan 13(b) SA13B + SC/10, offset 14
    SA14 (and 7(b)), in-kind 11(a) with a memo SB17, other receipts 15 SA15."""
    committee = house_committee()
    ids = every_receipt_kind(committee)
    candidate = ind("Casey", "Candidate", "CAN")
    own = receive(committee, "contribution", candidate, "2000.00").transaction_id
    own_loan = receive(committee, "loan", candidate, "10000.00").transaction_id
    report = build(committee, "Q1")
    rows = _by_type(report)

    assert [r[2] for r in rows["SA11B"]] == [ids["party"]], "a party committee's gift is 11(b), not 11(c)"
    assert [r[2] for r in rows["SA11C"]] == [ids["pac"]]
    assert [r[2] for r in rows["SA11D"]] == [own]
    assert [r[2] for r in rows["SA12"]] == [ids["transfer"]]
    assert [r[2] for r in rows["SA13A"]] == [own_loan]
    assert [r[2] for r in rows["SA13B"]] == [ids["bank_loan"]]
    assert [r[2] for r in rows["SA14"]] == [ids["offset"]]
    assert [r[2] for r in rows["SA15"]] == [ids["interest"]]
    (in_kind,) = rows["SA11AI"]
    assert (in_kind[2], in_kind[20], in_kind[22]) == (ids["in_kind"], "450.00", "In-Kind: Catering")
    (memo,) = rows["SB17"]
    assert (memo[3], memo[4], memo[20], memo[22], memo[41]) == (
        ids["in_kind"],
        "SA11AI",
        "450.00",
        "In-Kind: Catering",
        "X",
    )
    bank = [r for r in rows["SC/10"] if r[3] == "13B"]
    assert [(r[18], r[22], r[23], r[24]) for r in bank] == [("25000.00", "20270630", "6.5%", "X")]

    a = report.summary["col_a"]
    assert (a["11b"], a["11c"], a["11d"], a["11ai"]) == ("5000.00", "5000.00", "2000.00", "450.00")
    assert (a["12"], a["13a"], a["13b"], a["14"], a["15"]) == ("50000.00", "10000.00", "25000.00", "120.00", "40.00")
    assert (a["7b"], a["17"]) == ("120.00", "0.00"), "the in-kind memo expenditure is not counted (memo entry)"
    assert a["10"] == "35000.00", "line 10: both loans are owed"


def test_every_receipt_kind_on_form_3x():
    """Form 3X: party 11(b), PAC 11(c), transfer 12, loans 13, offset 15, other 17; in-kind memo SB21B."""
    committee = pac_committee()
    ids = every_receipt_kind(committee)
    report = build(committee, "Q1")
    rows = _by_type(report)
    assert [r[2] for r in rows["SA11B"]] == [ids["party"]]
    assert [r[2] for r in rows["SA11C"]] == [ids["pac"]]
    assert [r[2] for r in rows["SA12"]] == [ids["transfer"]]
    assert [r[2] for r in rows["SA13"]] == [ids["bank_loan"]]
    assert [r[2] for r in rows["SA15"]] == [ids["offset"]]
    assert [r[2] for r in rows["SA17"]] == [ids["interest"]]
    (memo,) = rows["SB21B"]
    assert (memo[3], memo[4], memo[41]) == (ids["in_kind"], "SA11AI", "X")
    a = report.summary["col_a"]
    assert (a["11b"], a["11c"], a["12"], a["13"], a["15"], a["17"]) == (
        "5000.00",
        "5000.00",
        "50000.00",
        "25000.00",
        "120.00",
        "40.00",
    )
    assert (a["21b"], a["37"]) == ("0.00", "120.00")


def test_every_receipt_kind_on_form_3p():
    """Form 3P: party 17(b), PAC 17(c), candidate 17(d), transfer 18, loans 19(a)/(b), offset 20(a), other 21."""
    committee = presidential_committee()
    ids = every_receipt_kind(committee)
    own = receive(committee, "contribution", ind("Casey", "Candidate", "CAN"), "2000.00").transaction_id
    report = build(committee, "Q1")
    rows = _by_type(report)
    assert [r[2] for r in rows["SA17B"]] == [ids["party"]]
    assert [r[2] for r in rows["SA17C"]] == [ids["pac"]]
    assert [r[2] for r in rows["SA17D"]] == [own]
    assert [r[2] for r in rows["SA18"]] == [ids["transfer"]]
    assert [r[2] for r in rows["SA19B"]] == [ids["bank_loan"]]
    assert [r[2] for r in rows["SA20A"]] == [ids["offset"]]
    assert [r[2] for r in rows["SA21"]] == [ids["interest"]]
    assert [r[3] for r in rows["SB23"]] == [ids["in_kind"]]
    a = report.summary["col_a"]
    assert (a["17b"], a["17d"], a["18"], a["19b"], a["20a"], a["21"]) == (
        "5000.00",
        "2000.00",
        "50000.00",
        "25000.00",
        "120.00",
        "40.00",
    )


def test_a_loan_from_an_individual_is_a_contribution_under_the_limit():
    """11 CFR 100.52(b)(1): a loan from a person is a contribution; it goes on 11(a) and counts toward the limit."""
    committee = house_committee()
    loan = receive(committee, "loan", ind("Len", "Der"), "3000.00")
    assert loan.receipt_type == "individual"
    assert LimitTotal.objects.get(donor=loan.donor, period_key="P2026").received == D("3000.00")
    rows = _by_type(build(committee, "Q1"))
    assert "SC/10" not in rows and [r[2] for r in rows["SA11AI"]] == [loan.transaction_id]


def test_an_organization_cannot_contribute():
    committee = house_committee()
    with pytest.raises(ApplicationError) as err:
        receive(committee, "contribution", org("Acme Inc"), "100.00")
    assert err.value.field == "entity_type"


def _pay(committee, kind: str, payee: Counterparty, amount: str, **more):
    return money_pay(
        committee=committee,
        kind=kind,
        payee=payee,
        amount=D(amount),
        date_paid=DAY,
        purpose=more.pop("purpose", "Contribution"),
        election=committee.elections.filter(code="P2026").first(),
        **more,
    )


SMITH = BeneficiaryCandidate(
    fec_id="H6VA01234", last_name="Smith", first_name="Sam", office="H", state="VA", district="01"
)


@pytest.mark.parametrize(
    ("make", "contribution_line", "transfer_line", "col"),
    [
        (funded_pac, "SB23", "SB22", ("23", "22")),
        (funded_house, "SB21", "SB18", ("21", "18")),
        (presidential_committee, "SB29", "SB24", ("29", "24")),
    ],
)
def test_contributions_to_candidates_and_transfers_out(make, contribution_line, transfer_line, col):
    """A contribution to a federal candidate's committee (F3X line 23: SB23 with the beneficiary candidate) and a
    transfer to an affiliated/authorized committee (F3X 22, F3 18, F3P 24)."""
    committee = make()
    gift = _pay(committee, "expenditure", org("Smith for Congress", "CCM", "C00000044"), "2500.00", candidate=SMITH)
    transfer = _pay(committee, "transfer_out", org("Affiliate PAC", "COM", "C00000055"), "700.00", purpose="Transfer")
    report = build(committee, "Q1")
    rows = _by_type(report)
    (sb,) = rows[contribution_line]
    assert sb[2] == gift.transaction_id
    assert (sb[5], sb[24], sb[26], sb[27], sb[28], sb[32], sb[33], sb[34]) == (
        "COM",
        "C00000044",
        "H6VA01234",
        "Smith",
        "Sam",
        "H",
        "VA",
        "01",
    )
    assert [r[2] for r in rows[transfer_line]] == [transfer.transaction_id]
    a = report.summary["col_a"]
    assert (a[col[0]], a[col[1]]) == ("2500.00", "700.00")


def test_a_contribution_to_a_candidate_goes_to_a_committee():
    committee = pac_committee()
    with pytest.raises(ApplicationError) as err:
        _pay(committee, "expenditure", ind("Sam", "Smith"), "100.00", candidate=SMITH)
    assert err.value.field == "entity_type"


@pytest.mark.parametrize(
    ("make", "sa_line", "summary_line", "key"),
    [
        (house_committee, "SA11AI", "11ai", "P2026"),
        (pac_committee, "SA11AI", "11ai", "Y2026"),
        (presidential_committee, "SA17A", "17ai", "P2026"),
    ],
)
def test_returned_contribution_is_a_negative_entry_on_its_line(make, sa_line, summary_line, key):
    """A bounced check: a negative entry on the gift's line (FECfile+ RETURN_RECEIPT) that lowers the line and the
    limit total (11 CFR 103.3(a))."""
    committee = make()
    gift = receive(committee, "contribution", ind("Bea", "Bounce"), "500.00")
    returned = contribution_return(contribution=gift, date_returned=dt.date(2026, 2, 20), reason="Insufficient funds")
    report = build(committee, "Q1")
    rows = _by_type(report)
    assert [(r[2], r[20], r[21]) for r in rows[sa_line]] == [
        (gift.transaction_id, "500.00", "500.00"),
        (returned.transaction_id, "-500.00", "0.00"),
    ]
    assert report.summary["col_a"][summary_line] == "0.00"
    assert LimitTotal.objects.get(donor=gift.donor, period_key=key).received == D("0.00")
    with pytest.raises(ApplicationError):
        contribution_return(contribution=gift, date_returned=dt.date(2026, 2, 21))


@pytest.mark.parametrize(
    ("make", "sb_line", "summary_line", "key"),
    [
        (funded_house, "SB20A", "20a", "P2026"),
        (funded_pac, "SB28A", "28a", "Y2026"),
        (presidential_committee, "SB28A", "28a", "P2026"),
    ],
)
def test_voided_refund_check_is_a_negative_refund(make, sb_line, summary_line, key):
    """A refund check never cashed: a negative entry on the refund's line (FECfile+ ..._VOID); the refund line nets
    out and the money counts for the contributor again."""
    committee = make()
    gift = receive(committee, "contribution", ind("Vic", "Void"), "300.00")
    refund = refund_enter(contribution=gift, amount=D("300.00"), date_refunded=dt.date(2026, 2, 15))
    void = refund_void(refund=refund, date_voided=dt.date(2026, 3, 1), reason="Check never cashed")
    report = build(committee, "Q1")
    rows = _by_type(report)
    assert [(r[2], r[20]) for r in rows[sb_line]] == [
        (refund.transaction_id, "300.00"),
        (void.transaction_id, "-300.00"),
    ]
    assert report.summary["col_a"][summary_line] == "0.00"
    assert LimitTotal.objects.get(donor=gift.donor, period_key=key).received == D("300.00")
    with pytest.raises(ApplicationError):
        refund_void(refund=refund, date_voided=dt.date(2026, 3, 2))


@pytest.mark.parametrize(
    ("make", "by_form", "to_form", "by_line", "to_line"),
    [
        (funded_house, "SD10", "SD9", "10", "9"),
        (funded_pac, "SD10", "SD9", "10", "9"),
        (presidential_committee, "SD12", "SD11", "12", "11"),
    ],
)
def test_debts_owed_by_and_to_the_committee(make, by_form, to_form, by_line, to_line):
    """Schedule D (11 CFR 104.3(d), 104.11): beginning balance, incurred, paid, balance at close; lines 9 and 10
    (Form 3P 11 and 12) are the balances owed to and by the committee."""
    committee = make()
    owed = debt_enter(
        committee=committee,
        direction=Debt.Direction.OWED_BY,
        who=org("Mail House LLC"),
        amount=D("8000.00"),
        date_incurred=dt.date(2026, 2, 1),
        purpose="Direct mail printing",
    )
    debt_enter(
        committee=committee,
        direction=Debt.Direction.OWED_TO,
        who=org("Event Venue Inc"),
        amount=D("600.00"),
        date_incurred=dt.date(2026, 3, 1),
        purpose="Deposit refund due",
    )
    debt_pay(debt=owed, amount=D("3000.00"), date_paid=dt.date(2026, 3, 15))
    q1 = build(committee, "Q1")
    rows = _by_type(q1)
    (by,) = rows[by_form]
    (to,) = rows[to_form]
    assert (by[2], by[4], by[15], by[16], by[17], by[18], by[19]) == (
        owed.transaction_id,
        "Mail House LLC",
        "Direct mail printing",
        "0.00",
        "8000.00",
        "3000.00",
        "5000.00",
    )
    assert (to[4], to[16], to[17], to[18], to[19]) == ("Event Venue Inc", "0.00", "600.00", "0.00", "600.00")
    a = q1.summary["col_a"]
    assert (a[by_line], a[to_line]) == ("5000.00", "600.00")

    debt_pay(debt=owed, amount=D("5000.00"), date_paid=dt.date(2026, 5, 1))
    q2 = build(committee, "Q2", signed=dt.date(2026, 7, 10))
    (by,) = _by_type(q2)[by_form]
    assert (by[16], by[17], by[18], by[19]) == ("5000.00", "0.00", "5000.00", "0.00")
    assert q2.summary["col_a"][by_line] == "0.00"
    q3 = build(committee, "Q3", signed=dt.date(2026, 10, 10))
    assert by_form not in _by_type(q3), "a paid debt leaves Schedule D"


def test_a_candidate_giving_to_a_pac_gives_as_a_person():
    """Form 3X has no candidate line: a candidate's gift or loan to a PAC is an individual contribution on 11(a), under
    the limit (11 CFR 110.1(d), 100.52(b)(1)); line 11(d) and 13(a) are for the committee's own candidate."""
    committee = pac_committee()
    gift = receive(committee, "contribution", ind("Casey", "Candidate", "CAN"), "1000.00")
    loan = receive(committee, "loan", ind("Casey", "Candidate", "CAN"), "500.00")
    assert (gift.receipt_type, loan.receipt_type) == ("individual", "individual")
    assert LimitTotal.objects.get(donor=gift.donor, period_key="Y2026").received == D("1500.00")


@pytest.mark.parametrize(
    ("make", "sa_line", "sb_line"), [(pac_committee, "SA11C", "SB21B"), (house_committee, "SA11C", "SB17")]
)
def test_an_in_kind_gift_from_a_committee(make, sa_line, sb_line):
    """11 CFR 104.13(a): a committee's in-kind contribution is its receipt line (11(c)) and a memo expenditure."""
    committee = make()
    gift = receive(committee, "in_kind", org("Teachers PAC", "PAC", "C00000022", True), "900.00", purpose="Polling")
    report = build(committee, "Q1")
    rows = _by_type(report)
    assert [(r[2], r[22]) for r in rows[sa_line]] == [(gift.transaction_id, "In-Kind: Polling")]
    assert [(r[3], r[41]) for r in rows[sb_line]] == [(gift.transaction_id, "X")]
