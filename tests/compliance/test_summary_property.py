"""Property: for random books, every schedule-fed summary line equals the sum of its schedule rows (plus the
unitemized total on 11(a)), the total lines follow the form, and column B never falls below column A for lines
that only add."""

import datetime as dt
import itertools
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.models import Disbursement
from compliance.services.committees import CommitteeInput, committee_create_or_update
from compliance.services.transactions import (
    PayeeInput,
    disbursement_enter,
    receipt_enter,
    refund_enter,
    refundable,
)
from donations.models import Contribution
from donations.services.donors import DonorInput
from tests.compliance.helpers import build, built_fec

pytestmark = pytest.mark.django_db
_ids = itertools.count(20000000)
START = dt.date(2025, 10, 1)
Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
DISBURSEMENT_KINDS = [k.value for k in Disbursement.Kind]
RECEIPT_TYPES = [
    *["individual", "individual", "individual", "pac", "party", "candidate", "offset", "other", "transfer"],
    *["loan_candidate", "loan_other"],
]
LOAN_TYPES = ("loan_candidate", "loan_other")

transactions = st.lists(
    st.tuples(
        st.sampled_from(["receipt", "receipt", "receipt", "refund", "disbursement"]),
        st.integers(0, 5),  # who
        st.integers(0, 181),  # days after START
        st.integers(1, 60000),  # cents
        st.sampled_from(RECEIPT_TYPES),
        st.sampled_from(DISBURSEMENT_KINDS),
        st.booleans(),  # earmarked / memo
    ),
    max_size=15,
)


def _donor(who: int, receipt_type: str) -> DonorInput:
    address = {"street_1": f"{who} Main St", "city": "Anytown", "state": "VA", "zip_code": "22000"}
    if receipt_type in ("pac", "party", "transfer"):
        return DonorInput(
            entity_type="COM", organization_name=f"Committee {who}", committee_fec_id=f"C0055555{who}", **address
        )
    if receipt_type in ("offset", "other", "loan_other"):
        return DonorInput(entity_type="ORG", organization_name=f"Vendor {who}", **address)
    if receipt_type in ("candidate", "loan_candidate"):
        return DonorInput(
            entity_type="CAN", first_name="Cand", last_name="Idate", employer="Self", occupation="Candidate", **address
        )
    return DonorInput(first_name=f"Person{who}", last_name="Doe", employer="Acme", occupation="Clerk", **address)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(books=transactions, form=st.sampled_from(["house", "pac"]))
def test_summary_lines_equal_their_schedules(books, form):
    committee, _ = committee_create_or_update(
        data=CommitteeInput(
            fec_id=f"C{next(_ids):08d}",
            name="Prop Committee",
            committee_type=form,
            street_1="1 St",
            city="Town",
            state="VA",
            zip_code="22000",
            treasurer_last_name="T",
            treasurer_first_name="T",
            opening_cash_on_hand=Decimal("1000000.00"),
            opening_cash_as_of=START,
            elections=[("P2026", dt.date(2026, 6, 16)), ("G2026", dt.date(2026, 11, 3))],
        ),
        actor=None,
    )
    election = committee.elections.get(code="P2026")
    period_individual = Decimal(0)
    for kind, who, day, cents, receipt_type, disb_kind, flag in books:
        date, amount = START + dt.timedelta(days=day), Decimal(cents).scaleb(-2)
        if kind == "receipt":
            receipt_enter(
                committee=committee,
                donor_data=_donor(who, receipt_type),
                amount=amount,
                date_received=date,
                receipt_type=receipt_type,
                election=election,
                is_memo=flag and receipt_type == "pac",
            )
            if receipt_type == "individual" and Q1[0] <= date <= Q1[1]:
                period_individual += amount
        elif kind == "refund":
            gift = (
                Contribution.objects.filter(committee=committee, date_received__lte=date, is_memo=False)
                .exclude(receipt_type__in=LOAN_TYPES)  # loans are repaid, not refunded
                .last()
            )
            if gift is not None and refundable(gift) >= amount:
                refund_enter(contribution=gift, amount=amount, date_refunded=date)
        else:
            loan = None
            if disb_kind.startswith("loan"):  # repay the latest loan with enough left, else skip
                loan_type = "loan_candidate" if disb_kind == "loan_repayment_candidate" else "loan_other"
                loan = next(
                    (
                        c
                        for c in Contribution.objects.filter(
                            committee=committee, receipt_type=loan_type, date_received__lte=date
                        ).order_by("-date_received", "-id")
                        if c.amount - sum(r.amount for r in c.loan_repayments.all()) >= amount
                    ),
                    None,
                )
                if loan is None:
                    continue
            to_committee = disb_kind in ("transfer", "contribution")
            payee = PayeeInput(
                entity_type="COM" if to_committee else "ORG",
                committee_fec_id="C00444444" if to_committee else "",
                organization_name="Payee",
                street_1="2 St",
                city="Town",
                state="VA",
                zip_code="22000",
            )
            disbursement_enter(
                committee=committee,
                payee=payee,
                amount=amount,
                date_disbursed=date,
                kind=disb_kind,
                purpose="Stuff",
                election=election,
                loan=loan,
            )
    report = build(committee, "Q1")
    parsed = built_fec(report)
    col_a = {k: Decimal(v) for k, v in report.summary["col_a"].items()}
    col_b = {k: Decimal(v) for k, v in report.summary["col_b"].items()}

    by_form_type: dict[str, Decimal] = defaultdict(Decimal)
    for schedule, amount_key in (("Schedule A", "contribution_amount"), ("Schedule B", "expenditure_amount")):
        for item in parsed["itemizations"].get(schedule, []):
            if not item["memo_code"]:
                by_form_type[item["form_type"]] += Decimal(str(item[amount_key])).quantize(Decimal("0.01"))
    if form == "house":
        expected = {
            "11ai": by_form_type["SA11AI"],
            "11b": by_form_type["SA11B"],
            "11c": by_form_type["SA11C"],
            "11d": by_form_type["SA11D"],
            "12": by_form_type["SA12"],
            "13a": by_form_type["SA13A"],
            "13b": by_form_type["SA13B"],
            "14": by_form_type["SA14"],
            "15": by_form_type["SA15"],
            "17": by_form_type["SB17"],
            "18": by_form_type["SB18"],
            "19a": by_form_type["SB19A"],
            "19b": by_form_type["SB19B"],
            "20a": by_form_type["SB20A"],
            "20b": by_form_type["SB20B"],
            "20c": by_form_type["SB20C"],
            "21": by_form_type["SB21"],
        }
        assert col_a["11aiii"] == period_individual == col_a["11ai"] + col_a["11aii"]
        assert col_a["11e"] == col_a["11aiii"] + col_a["11b"] + col_a["11c"] + col_a["11d"]
        assert col_a["16"] == col_a["11e"] + col_a["12"] + col_a["13c"] + col_a["14"] + col_a["15"]
        assert col_a["22"] == col_a["17"] + col_a["18"] + col_a["19c"] + col_a["20d"] + col_a["21"]
        assert col_a["27"] == col_a["23"] + col_a["16"] - col_a["22"] == col_a["8"]
        net_lines = {"6c", "7c"}
    else:
        expected = {
            "11ai": by_form_type["SA11AI"],
            "11b": by_form_type["SA11B"],
            "11c": by_form_type["SA11C"],
            "12": by_form_type["SA12"],
            "13": by_form_type["SA13"],
            "15": by_form_type["SA15"],
            "17": by_form_type["SA17"],
            "21b": by_form_type["SB21B"],
            "22": by_form_type["SB22"],
            "23": by_form_type["SB23"],
            "26": by_form_type["SB26"],
            "28a": by_form_type["SB28A"],
            "28b": by_form_type["SB28B"],
            "28c": by_form_type["SB28C"],
            "29": by_form_type["SB29"],
        }
        assert col_a["11d"] == col_a["11ai"] + col_a["11aii"] + col_a["11b"] + col_a["11c"]
        assert col_a["8"] == col_a["6b"] + col_a["19"] - col_a["31"]
        assert col_b["8"] == Decimal(report.summary["cash_on_hand_jan_1"]) + col_b["19"] - col_b["31"]
        net_lines = {"6d", "8", "35", "38", "32"}
    expected["10"] = sum(
        (Decimal(str(item["loan_balance"])) for item in parsed["itemizations"].get("Schedule C", [])), Decimal(0)
    ).quantize(Decimal("0.01"))
    for line, total in expected.items():
        assert col_a[line] == total, line
    for line, value in col_b.items():
        if line not in net_lines and line in col_a:
            assert value >= col_a[line], line
