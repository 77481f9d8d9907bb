"""Issue #18 in the console: a PAC's independent expenditures (Schedule E) entered and corrected, and the Form 24s
they make due downloaded and marked filed, through the services the API calls (compliance.services.independent,
compliance.desk.ie_notices). Treasurers enter and file (a fresh second factor to file); viewers read; a candidate's
committee has no such section; another committee's people get 404. Bad input is a form error naming the field,
never a 500, and writes nothing."""

from __future__ import annotations

import time

import pytest

from accounts.roles import Role
from accounts.sessions import OTP_VERIFIED_AT
from audit.models import AuditEvent
from compliance.models import IndependentExpenditure, IndependentExpenditureReport
from compliance.selectors import ie_current
from tests.compliance.helpers import house_committee, pac_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import D

pytestmark = pytest.mark.django_db

# Dissemination on 2026-11-20 (in the past: the sync only looks up to today) for the 2028 general: more than 20
# days before it, so a 48-hour report is due once the race reaches $10,000 in the calendar year.
IE = {
    "amount": "6000.00",
    "dissemination_date": "2026-11-20",
    "expenditure_date": "2026-11-18",
    "purpose": "TV ad",
    "support_oppose": "S",
    "candidate_fec_id": "S8VA00012",
    "candidate_first_name": "Alice",
    "candidate_last_name": "Able",
    "candidate_office": "S",
    "candidate_state": "VA",
    "election": "G2028",
    "election_date": "2028-11-07",
    "entity_type": "ORG",
    "organization_name": "Example Media LLC",
    "street_1": "9 Studio Way",
    "city": "Richmond",
    "state": "VA",
    "zip_code": "23219",
}


@pytest.fixture
def pac():
    return pac_committee(cash="50000.00")


def _url(committee, rest: str = "") -> str:  # noqa: ANN001
    return f"/staff/{committee.fec_id}/independent/{rest}"


def test_treasurer_enters_two_the_race_total_shows_and_a_48_hour_report_opens_is_downloaded_and_filed(pac):
    tara = person("tara", (pac, Role.TREASURER))
    client = signed_in(tara)
    assert client.get(_url(pac, "new/")).status_code == 200
    first = client.post(_url(pac, "new/"), IE)
    assert first.status_code == 302, first.content.decode()[:3000]
    assert not IndependentExpenditureReport.objects.exists()  # $6,000: below the $10,000 threshold
    opposing = {**IE, "amount": "4000.00", "support_oppose": "O", "candidate_fec_id": "S8VA00020"}
    opposing |= {"candidate_first_name": "Bob", "candidate_last_name": "Baker", "purpose": "Mailer"}
    assert client.post(_url(pac, "new/"), opposing).status_code == 302
    assert AuditEvent.objects.filter(action="independent_expenditure.entered", actor=tara).count() == 2

    report = IndependentExpenditureReport.objects.get()
    assert (report.report_type, report.election_code, report.office, report.state) == ("48", "G2028", "S", "VA")
    listing = client.get(_url(pac)).content.decode()
    assert f"48-hour report #{report.pk}" in listing
    assert "$10,000.00" in listing  # the race's calendar-year aggregate, support and opposition together

    page = client.get(_url(pac, f"reports/{report.pk}/"))
    assert page.status_code == 200 and "$10,000.00" in page.content.decode()
    download = client.get(_url(pac, f"reports/{report.pk}/f24.fec"))
    assert download.status_code == 200 and b"F24N" in download.content
    assert AuditEvent.objects.get(action="export.ie_report_fec").actor == tara

    filed = client.post(_url(pac, f"reports/{report.pk}/filed/"), {"fec_filing_id": "FEC-1234567"})
    assert filed.status_code == 302, filed.content.decode()[:3000]
    report.refresh_from_db()
    assert report.filed_at is not None and report.fec_filing_id == "1234567"
    assert AuditEvent.objects.get(action="ie_report.filed").actor == tara


def test_a_correction_is_a_new_version_with_the_same_transaction_id(pac):
    tara = person("tara", (pac, Role.TREASURER))
    client = signed_in(tara)
    client.post(_url(pac, "new/"), {**IE, "transaction_id": "IE1"})
    form = client.get(_url(pac, "IE1/correct/"))
    assert form.status_code == 200 and 'value="Example Media LLC"' in form.content.decode()
    corrected = client.post(_url(pac, "IE1/correct/"), {**IE, "amount": "6500.00"})
    assert corrected.status_code == 302, corrected.content.decode()[:3000]
    versions = IndependentExpenditure.objects.filter(transaction_id="IE1").order_by("pk")
    assert [v.amount for v in versions] == [D("6000.00"), D("6500.00")]
    assert versions[1].corrects_id == versions[0].pk
    assert ie_current(pac).get().amount == D("6500.00")
    assert AuditEvent.objects.get(action="independent_expenditure.corrected").actor == tara


@pytest.mark.parametrize(
    ("change", "field", "label"),
    [
        ({"candidate_fec_id": "X123"}, "candidate_fec_id", "Candidate&#x27;s FEC id"),
        ({"election_date": "2027-11-07"}, "election_date", "Election date"),
        ({"amount": "-5"}, "amount", "Amount (USD)"),
        ({"expenditure_date": "2026-11-25"}, "expenditure_date", "Date paid"),
        ({"entity_type": "COM", "fec_id": ""}, "fec_id", "Payee committee&#x27;s FEC id"),
        ({"candidate_state": ""}, "candidate_state", "Candidate&#x27;s state"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(pac, change, field, label):
    client = signed_in(person("tara", (pac, Role.TREASURER)))
    response = client.post(_url(pac, "new/"), {**IE, **change})
    assert response.status_code == 400
    body = response.content.decode()
    assert f'id="id_{field}-errors"' in body and f"<li>{label}:" in body
    assert (
        not IndependentExpenditure.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="independent_expenditure.").exists()
    )


def test_viewers_read_staff_cannot_enter_others_get_404_and_candidates_have_no_section(pac):
    client = signed_in(person("tara", (pac, Role.TREASURER)))
    client.post(_url(pac, "new/"), {**IE, "amount": "12000.00", "transaction_id": "IE1"})
    report = IndependentExpenditureReport.objects.get()

    viewer = signed_in(person("vera", (pac, Role.VIEWER)))
    page = viewer.get(_url(pac)).content.decode()
    assert "IE1" in page and "Enter an independent expenditure" not in page and "/correct/" not in page
    assert viewer.get(_url(pac, f"reports/{report.pk}/f24.fec")).status_code == 200
    assert viewer.get(_url(pac, "new/")).status_code == 403
    assert viewer.post(_url(pac, "IE1/correct/"), {**IE, "amount": "1.00"}).status_code == 403
    assert viewer.post(_url(pac, f"reports/{report.pk}/filed/"), {"fec_filing_id": "1"}).status_code == 403
    staff = signed_in(person("sam", (pac, Role.STAFF)))
    assert staff.post(_url(pac, "new/"), IE).status_code == 403
    assert IndependentExpenditure.objects.count() == 1 and IndependentExpenditureReport.objects.get().filed_at is None

    house = house_committee()
    outsider = signed_in(person("olga", (house, Role.TREASURER)))
    assert outsider.get(_url(pac)).status_code == 404
    assert outsider.get(_url(pac, f"reports/{report.pk}/")).status_code == 404
    assert outsider.get(_url(house)).status_code == 404  # a candidate's committee makes none
    assert 'href="/staff/C00999999/independent/"' not in outsider.get(f"/staff/{house.fec_id}/").content.decode()


def test_marking_filed_needs_a_fresh_second_factor_and_a_filing_id(pac):
    tara = person("tara", (pac, Role.TREASURER))
    client = signed_in(tara)
    client.post(_url(pac, "new/"), {**IE, "amount": "12000.00"})
    report = IndependentExpenditureReport.objects.get()
    bad = client.post(_url(pac, f"reports/{report.pk}/filed/"), {"fec_filing_id": "not an id"})
    assert bad.status_code == 400 and "<li>FEC filing id:" in bad.content.decode()
    session = client.session
    session[OTP_VERIFIED_AT] = time.time() - 24 * 3600
    session.save()
    stale = client.post(_url(pac, f"reports/{report.pk}/filed/"), {"fec_filing_id": "1234567"})
    assert stale.status_code == 403 and 'name="otp_code"' in stale.content.decode()
    report.refresh_from_db()
    assert report.filed_at is None and not AuditEvent.objects.filter(action="ie_report.filed").exists()


def test_a_transaction_id_already_used_is_refused_on_its_field(pac):
    client = signed_in(person("tara", (pac, Role.TREASURER)))
    assert client.post(_url(pac, "new/"), {**IE, "transaction_id": "IE1"}).status_code == 302
    again = client.post(_url(pac, "new/"), {**IE, "transaction_id": "IE1", "amount": "5.00"})
    assert again.status_code == 400 and "<li>Transaction id: Transaction id IE1 is already used.</li>" in (
        again.content.decode()
    )
    assert IndependentExpenditure.objects.count() == 1
    assert client.get(_url(pac, "NOPE/correct/")).status_code == 404
