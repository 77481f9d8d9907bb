"""48-hour notices hold loan guarantees and endorsements, and loans from every non-bank source (issue #12 item 8).

11 CFR 100.52(b)(3): a loan is a contribution by each endorser or guarantor, each deemed to have contributed the
portion of the loan they agreed in writing to be liable for. The FEC's Form 6 instructions ("This requirement
applies to all contributions of $1,000 or more, including: ... Guarantees and endorsements of bank loans; Loans
(other than bank loans); ...") and fec.gov "How to report 48-Hour Notices" ("Loans from the candidate and other
non-bank sources"; "Guarantees or endorsements of bank loans"). 11 CFR 100.82: a bank loan itself is not a
contribution. Before, a guarantor recorded on Schedule C-2 never reached a notice, and a loan from a PAC was taken
for a bank loan (not a contribution: off the notice and outside the PAC's limit)."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from accounts.roles import Role
from committees.models import Committee
from compliance.desk.notices import notice_fec_bytes, notice_mark_filed, notice_total, notices_sync
from compliance.desk.selectors import notices_open
from compliance.models import FortyEightHourNoticeGuarantee, FortyEightHourNoticeLine
from compliance.services.loan_schedules import GuarantorInput, loan_guarantor_add
from compliance.services.transactions import receipt_enter
from donations.models import Contribution
from donations.services.donors import DonorInput
from donations.services.limits import contribution_counts
from tests.compliance.helpers import house_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import D, donor
from tests.fec_assertions import assert_valid_fec

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
RT = Contribution.ReceiptType
IN_WINDOW = dt.date(2026, 10, 20)  # G2026 on Nov 3: the window runs Oct 15 - Oct 31
AS_OF = dt.datetime(2026, 10, 21, 12, 0, tzinfo=NY)
ADDRESS = {"street_1": "5 Shop St", "city": "Anytown", "state": "VA", "zip_code": "22000"}


def committee_with_candidate():
    committee = house_committee()
    Committee.objects.filter(pk=committee.pk).update(
        candidate_id="H6VA11000", candidate_first_name="Casey", candidate_last_name="Candidate", candidate_office="H"
    )
    committee.refresh_from_db()
    return committee


def loan(committee, who: DonorInput, amount: str, day=IN_WINDOW) -> Contribution:
    return receipt_enter(
        committee=committee,
        donor_data=who,
        amount=D(amount),
        date_received=day,
        receipt_type=RT.LOAN_OTHER,
        election=committee.elections.get(code="G2026"),
    ).contribution


def guarantor(last: str, amount: str, **more) -> GuarantorInput:
    base = {"entity_type": "IND", "first_name": "Bea", "employer": "Acme", "occupation": "Engineer"}
    return GuarantorInput(last_name=last, amount=D(amount), **{**base, **more}, **ADDRESS)


def unstated(last: str) -> GuarantorInput:
    """A guarantor whose agreement states no share (equal shares)."""
    base = {"entity_type": "IND", "first_name": "Bea", "employer": "Acme", "occupation": "Engineer"}
    return GuarantorInput(last_name=last, amount=None, **base, **ADDRESS)


def test_guarantees_of_1000_or_more_are_on_the_notice_the_bank_loan_is_not():
    committee = committee_with_candidate()
    bank_loan = loan(committee, DonorInput(entity_type="ORG", organization_name="First Bank", **ADDRESS), "25000.00")
    big = loan_guarantor_add(loan=bank_loan, data=guarantor("Backer", "20000.00"), actor=None)
    small = loan_guarantor_add(loan=bank_loan, data=guarantor("Smallfry", "999.99"), actor=None)
    (notice,) = notices_sync(committee=committee, as_of=AS_OF)

    assert not FortyEightHourNoticeLine.objects.filter(contribution=bank_loan).exists(), "a bank loan: no"
    assert set(FortyEightHourNoticeGuarantee.objects.values_list("guarantor_id", flat=True)) == {big.pk}
    assert small.pk not in FortyEightHourNoticeGuarantee.objects.values_list("guarantor_id", flat=True)
    assert notice.date_received == IN_WINDOW and notice.deadline == bank_loan.received_at + dt.timedelta(hours=48)
    assert notice_total(notice) == D("20000.00")
    opened = notices_open(committee=committee).get(pk=notice.pk)
    assert (opened.count, opened.total) == (1, D("20000.00"))

    parsed = assert_valid_fec(notice_fec_bytes(notice, date_signed=dt.date(2026, 10, 21)))  # FEC schemas + fecfile
    (f65,) = parsed["itemizations"].get("F65") or parsed["itemizations"].get("Schedule A")
    assert f65["contributor_last_name"].upper() == "BACKER" and f65["entity_type"] == "IND"
    assert f65["contribution_amount"] == 20000.0 and big.transaction_id in f65.values()
    assert notices_sync(committee=committee, as_of=AS_OF) == [], "each guarantee once"


def test_a_guarantee_shares_the_notice_of_the_days_gifts_and_an_amendment_repeats_it():
    committee = committee_with_candidate()
    gift = receipt_enter(
        committee=committee,
        donor_data=donor("Ann", "Giver"),
        amount=D("1500.00"),
        date_received=IN_WINDOW,
        election=committee.elections.get(code="G2026"),
    ).contribution
    bank_loan = loan(committee, DonorInput(entity_type="ORG", organization_name="First Bank", **ADDRESS), "5000.00")
    loan_guarantor_add(loan=bank_loan, data=guarantor("Backer", "5000.00"), actor=None)
    (notice,) = notices_sync(committee=committee, as_of=AS_OF)
    assert FortyEightHourNoticeLine.objects.get(contribution=gift).notice_id == notice.pk
    parsed = assert_valid_fec(notice_fec_bytes(notice, date_signed=dt.date(2026, 10, 21)))
    rows = parsed["itemizations"].get("F65") or parsed["itemizations"].get("Schedule A")
    assert sorted(r["contribution_amount"] for r in rows) == [1500.0, 5000.0]


def test_loans_from_non_bank_sources_of_1000_or_more_are_on_the_notice():
    committee = committee_with_candidate()
    pac = DonorInput(entity_type="COM", organization_name="Friends PAC", committee_fec_id="C00123456", **ADDRESS)
    pac_loan = loan(committee, pac, "2000.00")
    small_pac_loan = loan(committee, pac, "999.00")
    assert contribution_counts(pac_loan, resolve_limit=False).is_contribution, "a PAC's loan is a contribution"
    notices_sync(committee=committee, as_of=AS_OF)
    listed = set(FortyEightHourNoticeLine.objects.values_list("contribution_id", flat=True))
    assert pac_loan.pk in listed and small_pac_loan.pk not in listed


def test_the_command_counts_guarantees(tmp_path):
    committee = committee_with_candidate()
    bank_loan = loan(committee, DonorInput(entity_type="ORG", organization_name="First Bank", **ADDRESS), "25000.00")
    loan_guarantor_add(loan=bank_loan, data=guarantor("Backer", "3000.00"), actor=None)
    out = io.StringIO()
    call_command(
        "notices_48h", "--committee", committee.fec_id, "--as-of", "2026-10-21T12:00", "--out-dir", str(tmp_path),
        stdout=out,
    )  # fmt: skip
    assert "1 contribution(s) $3,000.00" in out.getvalue()


def test_the_console_notice_page_lists_the_guarantee():
    committee = committee_with_candidate()
    bank_loan = loan(committee, DonorInput(entity_type="ORG", organization_name="First Bank", **ADDRESS), "25000.00")
    loan_guarantor_add(loan=bank_loan, data=guarantor("Backer", "3000.00"), actor=None)
    (notice,) = notices_sync(committee=committee, as_of=AS_OF)
    viewer = signed_in(person("vera", (committee, Role.VIEWER)))
    page = viewer.get(f"/staff/{committee.fec_id}/compliance/notices/{notice.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bea Backer" in body and "Guarantee of loan" in body and "$3,000.00" in body


def test_a_filed_notice_keeps_the_guaranteed_amount_it_reported():
    """A filed notice never changes ("Filed reports are immutable"). A second guarantor joining a loan whose agreement
    states no shares halves the first one's share (11 CFR 100.52(b)(3), equal shares); the notice filed before that
    still reports, and re-prints, the amount it reported."""
    committee = committee_with_candidate()
    bank_loan = loan(committee, DonorInput(entity_type="ORG", organization_name="First Bank", **ADDRESS), "4000.00")
    loan_guarantor_add(loan=bank_loan, data=unstated("Backer"), actor=None)
    (notice,) = notices_sync(committee=committee, as_of=AS_OF)
    before = notice_fec_bytes(notice, date_signed=dt.date(2026, 10, 21))
    notice_mark_filed(notice=notice, fec_filing_id="FEC-1234567", actor=None)

    loan_guarantor_add(loan=bank_loan, data=unstated("Second"), actor=None)
    notice.refresh_from_db()
    assert notice_total(notice) == D("4000.00")
    assert notice_fec_bytes(notice, date_signed=dt.date(2026, 10, 21)) == before
