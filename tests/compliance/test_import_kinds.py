"""Issue #12, interface: the generic CSV takes every kind of money, with the FEC's entity codes (IND, ORG, COM, PAC,
PTY, CAN, CCM), ``multicandidate`` for PACs and parties, a candidate's id in ``fec_id`` on CAN rows, ``email`` for
individuals, loan terms (``loan_due_date``, ``loan_interest_rate``, ``loan_secured``) and the beneficiary candidate
of a contribution (``candidate_*``). A row the importer cannot place is refused with its line and field, and
nothing of the file is written.

Lines: Form 3 instructions (11(b) party committees, 11(d) the candidate, 12 transfers, 13(a)/(b) loans, 14 offsets,
18 transfers out, 19 loan repayments), Form 3X instructions (line 23, contributions to federal candidates, SB23);
11 CFR 104.3(a)-(b), 104.3(d) (Schedule C/D), 104.13(a) (in-kind), 100.52(b)(1) (a loan from a person is a
contribution)."""

from __future__ import annotations

import pytest

from committees.models import Committee
from compliance.models import Debt, Disbursement, LoanTerms
from compliance.services.imports import ImportInvalid
from donations.models import Contribution, ContributorType, Donor
from tests.compliance.helpers import build, built_fec, house_committee, import_rows, pac_committee, person, records, row

pytestmark = pytest.mark.django_db


def ind(first: str, last: str, **more: str) -> dict[str, str]:
    return person(first, last, employer="Acme", occupation="Engineer", **more)


def org(name: str, code: str, fec_id: str = "", **more: str) -> dict[str, str]:
    return {"entity_type": code, "organization_name": name, "fec_id": fec_id, **more}


def _by_type(report) -> dict[str, list[list[str]]]:
    built_fec(report)
    out: dict[str, list[list[str]]] = {}
    for fields in records(report):
        out.setdefault(fields[0], []).append(fields)
    return out


def test_every_kind_imports_onto_its_form_3_line():
    committee = house_committee(cash="50000.00")
    Committee.objects.filter(pk=committee.pk).update(candidate_id="H6VA11000")
    committee.refresh_from_db()
    can = {"entity_type": "CAN", "fec_id": "H6VA11000", **person("Casey", "Candidate")}
    rows = [
        row("contribution", "P1", "2026-02-01", "5000.00", **org("Virginia Democratic Party", "PTY", "C00000011")),
        row(
            "contribution", "P2", "2026-02-01", "5000.00", **org("Teachers PAC", "PAC", "C00000022", multicandidate="Y")
        ),
        row("contribution", "C1", "2026-02-02", "2000.00", **can),
        row("loan", "L1", "2026-02-03", "10000.00", **can),
        row(
            "loan",
            "L2",
            "2026-02-04",
            "25000.00",
            **org("First Bank of Virginia", "ORG"),
            loan_due_date="2027-06-30",
            loan_interest_rate="6.5",
            loan_secured="Y",
        ),
        row("loan", "L3", "2026-02-05", "1000.00", **ind("Len", "Der"), email="len@example.com"),
        row("transfer", "T1", "2026-02-06", "50000.00", **org("Victory Fund", "COM", "C00000033")),
        row("offset", "O1", "2026-02-07", "120.00", **org("Print Shop", "ORG"), purpose="Vendor refund"),
        row("in_kind", "K1", "2026-02-08", "450.00", **ind("Ina", "Kind"), purpose="Catering"),
        row("contribution", "G1", "2026-02-09", "300.00", **ind("Bea", "Bounce")),
        row("returned", "R1", "2026-02-20", "300.00", **ind("Bea", "Bounce"), purpose="Insufficient funds"),
        row("transfer_out", "X1", "2026-03-01", "700.00", **org("Affiliate", "CCM", "C00000055"), purpose="Transfer"),
        row("loan_repayment", "X2", "2026-03-02", "4000.00", **can),
        row("debt", "D1", "2026-03-03", "8000.00", **org("Mail House LLC", "ORG"), purpose="Direct mail printing"),
        row("debt", "D2", "2026-03-04", "600.00", **org("Event Venue", "ORG"), purpose="Deposit due", debt_owed="to"),
    ]
    result = import_rows(committee, rows)
    assert result.imported["loan"] == 3 and result.imported["debt"] == 2 and result.imported["returned"] == 1

    party = Donor.objects.get(organization_name="Virginia Democratic Party")
    pac = Donor.objects.get(organization_name="Teachers PAC")
    assert (party.entity_type, party.contributor_type) == ("COM", ContributorType.PARTY)
    assert pac.contributor_type == ContributorType.MULTICANDIDATE_PAC
    assert Donor.objects.get(last_name="Der").email == "len@example.com"
    terms = LoanTerms.objects.get(contribution__external_id="L2")
    assert (str(terms.due_date), terms.interest_rate, terms.secured) == ("2027-06-30", 6.5, True)
    assert Contribution.objects.get(external_id="L3").receipt_type == "individual", "a person's loan is a gift"
    assert Disbursement.objects.get(external_id="X2").loan.external_id == "L1"
    assert Debt.objects.get(external_id="D2").direction == "to"

    report = build(committee, "Q1")
    rows_by = _by_type(report)
    tid = {c.external_id: c.transaction_id for c in Contribution.objects.filter(committee=committee)}
    assert [r[2] for r in rows_by["SA11B"]] == [tid["P1"]], "a state party's $5,000 is SA11B, not SA11C"
    assert [r[2] for r in rows_by["SA11C"]] == [tid["P2"]]
    assert [r[2] for r in rows_by["SA11D"]] == [tid["C1"]]
    assert [r[2] for r in rows_by["SA13A"]] == [tid["L1"]]
    assert [r[2] for r in rows_by["SA13B"]] == [tid["L2"]]
    assert [r[2] for r in rows_by["SA12"]] == [tid["T1"]]
    assert [r[2] for r in rows_by["SA14"]] == [tid["O1"]]
    assert {r[2] for r in rows_by["SA11AI"]} >= {tid["K1"], tid["L3"]}
    assert [r[3] for r in rows_by["SB17"]] == [tid["K1"]], "the in-kind memo expenditure back-references it"
    assert len(rows_by["SB18"]) == 1 and len(rows_by["SB19A"]) == 1
    assert [r[4] for r in rows_by["SD10"]] == ["Mail House LLC"]
    assert [r[4] for r in rows_by["SD9"]] == ["Event Venue"]
    a = report.summary["col_a"]
    assert (a["11b"], a["11c"], a["11d"], a["12"], a["13a"], a["13b"], a["14"]) == (
        "5000.00",
        "5000.00",
        "2000.00",
        "50000.00",
        "10000.00",
        "25000.00",
        "120.00",
    )
    assert (a["18"], a["19a"], a["9"], a["10"]) == ("700.00", "4000.00", "600.00", "39000.00")
    assert a["11ai"] == "1450.00", "in-kind 450 + the person's loan 1,000; the bounced 300 nets out"


def test_contribution_to_a_candidate_is_sb23_on_form_3x():
    committee = pac_committee(cash="10000.00")
    candidate = {
        "candidate_fec_id": "H6VA01234",
        "candidate_first_name": "Sam",
        "candidate_last_name": "Smith",
        "candidate_office": "H",
        "candidate_state": "VA",
        "candidate_district": "01",
    }
    import_rows(
        committee,
        [
            row(
                "expenditure",
                "E1",
                "2026-02-01",
                "2500.00",
                **org("Smith for Congress", "CCM", "C00000044"),
                purpose="Contribution",
                election="P2026",
                **candidate,
            )
        ],
    )
    report = build(committee, "Q1")
    (sb,) = _by_type(report)["SB23"]
    assert (sb[24], sb[26], sb[27], sb[28], sb[32], sb[33], sb[34]) == (
        "C00000044",
        "H6VA01234",
        "Smith",
        "Sam",
        "H",
        "VA",
        "01",
    )
    assert report.summary["col_a"]["23"] == "2500.00"


@pytest.mark.parametrize(
    ("bad", "field"),
    [
        ({"entity_type": "XYZ"}, "entity_type"),
        ({"email": "not-an-address"}, "email"),
        ({"kind": "transfer"}, "entity_type"),  # a transfer from a person
        ({"kind": "loan", "loan_due_date": "2027-01-01"}, "loan_due_date"),  # terms on a person's loan
        ({"kind": "contribution", "loan_secured": "Y"}, "loan_secured"),
        ({"kind": "expenditure", "purpose": "Gift", "candidate_fec_id": "H6VA01234"}, "entity_type"),
        (
            {
                **org("Smith for Congress", "CCM", "C00000044"),
                "kind": "expenditure",
                "purpose": "Gift",
                "candidate_fec_id": "H6VA01234",
                "candidate_first_name": "Sam",
                "candidate_last_name": "Smith",
                "candidate_office": "S",
                "candidate_state": "VA",
                "election": "P2026",
            },
            "candidate_office",  # an H id with office S
        ),
        ({"multicandidate": "Y"}, "multicandidate"),
        ({"kind": "debt", "debt_owed": "maybe", "purpose": "x"}, "debt_owed"),
        ({"kind": "in_kind"}, "purpose"),
        ({"entity_type": "CAN", "fec_id": "H6VA99999"}, "fec_id"),  # not this committee's candidate
        ({"kind": "returned", "amount": "75.00"}, ""),  # no such gift to return
    ],
)
def test_a_row_the_importer_cannot_place_names_line_and_field_and_writes_nothing(bad, field):
    committee = house_committee()
    Committee.objects.filter(pk=committee.pk).update(candidate_id="H6VA11000")
    committee.refresh_from_db()
    good = row("contribution", "OK1", "2026-02-01", "100.00", **person("Good", "Giver"))
    wrong = {**row("contribution", "BAD1", "2026-02-02", "50.00", **person("Bad", "Row")), **bad}
    with pytest.raises(ImportInvalid) as err:
        import_rows(committee, [good, wrong])
    problems = [str(p) for p in err.value.problems]
    assert problems and all(p.startswith("line 3: ") for p in problems), problems
    assert any(p.startswith(f"line 3: {field}: ") for p in problems) if field else problems
    assert not Contribution.objects.filter(committee=committee).exists()
    assert not Debt.objects.filter(committee=committee).exists()
