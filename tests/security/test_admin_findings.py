"""Each finding from the admin (issue 14) as a regression test through the console and the API: the admin is for
superusers, and staff reach only their committees' data, in the role each action needs, with every change audited.

- A treasurer of committee B posted a report through "Add report" pointing at committee A's files, then
  downloaded A's donors through the API.
- A user who is staff of A and treasurer of B added disbursements, reports and memos for A.
- The compliance-desk admins were not scoped: a viewer of B read A's review items and best-efforts emails and
  marked A's 48-hour notice filed.
- A staff user changed a donor's contributor type to "candidate" (no audit) and the next $9,000 gift passed
  with no limit.
- "Add report" exposed status, progress and file paths, and a report saved there stayed "Queued, 0" forever."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import BestEffortsRequest, Disbursement, FortyEightHourNotice, Report, TransactionText
from donations.models import ContributorType, Donor
from donations.services.limits import OverLimit, limit_reserve
from tests.auth import api_key
from tests.compliance.helpers import build, house_committee
from tests.console.helpers import person, signed_in
from tests.desk.helpers import D, donor, gift

pytestmark = pytest.mark.django_db
ADMIN_PAGES = [
    "/admin/",
    "/admin/compliance/report/add/",
    "/admin/compliance/reviewitem/",
    "/admin/compliance/besteffortsrequest/",
    "/admin/compliance/fortyeighthournotice/",
    "/admin/compliance/disbursement/add/",
    "/admin/donations/donor/",
]


@pytest.fixture
def two(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    a = house_committee("C00999999", name="Committee A")
    b = house_committee("C00888888", name="Committee B")
    return a, b


def test_no_admin_page_for_anyone_but_a_superuser(two):
    a, b = two
    for role in Role:
        client = signed_in(person(f"u-{role.value}", (a, role), (b, Role.TREASURER)))
        for path in ADMIN_PAGES:
            assert client.get(path).status_code == 403, (role, path)
    # Not even the admin's login form lets a staff password in.
    anonymous = Client()
    person("staffer", (a, Role.TREASURER))
    refused = anonymous.post("/admin/login/", {"username": "staffer", "password": "pw-for-console-tests"})
    assert refused.status_code == 200 and not refused.wsgi_request.user.is_authenticated
    assert b"operators (superusers)" in refused.content
    operator = signed_in(person("root", superuser=True))
    assert operator.get("/admin/").status_code == 200


def test_treasurer_of_b_cannot_reach_a_report_or_a_file_of_a(two):
    a, b = two
    theirs = build(a, "Q1")
    treasurer_b = person("bea", (b, Role.TREASURER))
    client = signed_in(treasurer_b)
    # The console has no way to name files; a report it creates is B's own, built from B's books.
    form = client.get(f"/staff/{b.fec_id}/reports/new/").content.decode()
    assert 'name="fec_file"' not in form and 'name="csv_file"' not in form and 'name="committee"' not in form
    assert client.get(f"/staff/{a.fec_id}/reports/{theirs.pk}/").status_code == 404
    assert client.get(f"/staff/{b.fec_id}/reports/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/reports/{theirs.pk}/fec").status_code == 404
    # Even a report row of B that points at A's files (what the admin allowed) serves nothing of A's.
    forged = build(b, "Q1")
    Report.objects.filter(pk=forged.pk).update(fec_file=theirs.fec_file, csv_file=theirs.csv_file)
    for kind in ("fec", "csv"):
        assert client.get(f"/api/v1/reports/{forged.pk}/{kind}").status_code == 404
    token = Client(HTTP_AUTHORIZATION=f"Token {api_key(b, Role.TREASURER)}")
    assert token.get(f"/api/v1/reports/{forged.pk}/fec").status_code == 404
    assert token.get("/api/v1/reports/", {"committee": a.fec_id}).json() == []


def test_staff_of_a_and_treasurer_of_b_adds_nothing_to_a(two):
    a, b = two
    receipt = gift(a, donor(), "100.00", dt.date(2026, 2, 1))
    client = signed_in(person("mixed", (a, Role.STAFF), (b, Role.TREASURER)))
    payee = {
        "entity_type": "ORG",
        "organization_name": "Print Shop",
        "street_1": "5 Elm",
        "city": "Anytown",
        "state": "VA",
        "zip_code": "22000",
        "amount": "50.00",
        "date_disbursed": "2026-02-02",
        "kind": "operating",
        "purpose": "Printing",
    }
    assert client.post(f"/staff/{a.fec_id}/ledger/new/disbursement/", payee).status_code == 403
    assert client.post(f"/staff/{a.fec_id}/reports/new/", {"report_code": "Q1", "year": 2026}).status_code == 403
    memo = {"parent_transaction_id": receipt.transaction_id, "text": "note"}
    assert client.post(f"/staff/{a.fec_id}/ledger/new/memo/", memo).status_code == 403
    refund = f"/staff/{a.fec_id}/ledger/receipt/{receipt.transaction_id}/refund/"
    assert client.post(refund, {"reason": "x", "confirm": "yes"}).status_code == 403
    api = client.post(
        "/api/v1/reports/", {"committee": a.fec_id, "report_code": "Q1", "year": 2026}, content_type="application/json"
    )
    assert api.status_code == 404  # not a committee this person may build for
    assert not Disbursement.objects.exists() and not Report.objects.exists() and not TransactionText.objects.exists()
    # In B, where the same person is treasurer, the same entry works and is audited.
    assert client.post(f"/staff/{b.fec_id}/ledger/new/disbursement/", payee).status_code == 302
    made = Disbursement.objects.get()
    assert made.committee == b and AuditEvent.objects.filter(action="disbursement.entered", actor__username="mixed")


def test_viewer_of_b_sees_nothing_of_a_desk_and_files_no_notice(two):
    a, b = two
    over = gift(a, donor(), "3600.00", dt.date(2026, 2, 10))
    item = over.review_items.get()
    BestEffortsRequest.objects.create(
        committee=a, donor=over.donor, contribution=over, cycle=2026, due_by=dt.date(2026, 3, 1), email="jane@a.org"
    )
    election = a.elections.get(code="G2026")
    notice = FortyEightHourNotice.objects.create(
        committee=a, election=election, date_received=dt.date(2026, 10, 20), deadline=timezone.now()
    )
    viewer_b = signed_in(person("vic", (b, Role.VIEWER)))
    page = viewer_b.get(f"/staff/{b.fec_id}/compliance/").content.decode()
    assert "jane@a.org" not in page and over.transaction_id not in page
    for path in (
        f"/staff/{a.fec_id}/compliance/",
        f"/staff/{a.fec_id}/compliance/review/{item.pk}/",
        f"/staff/{b.fec_id}/compliance/review/{item.pk}/",
        f"/staff/{a.fec_id}/compliance/notices/{notice.pk}/",
        f"/staff/{b.fec_id}/compliance/notices/{notice.pk}/",
    ):
        assert viewer_b.get(path).status_code == 404, path
    assert viewer_b.post(f"/staff/{b.fec_id}/compliance/notices/{notice.pk}/filed/").status_code == 403
    viewer_a = signed_in(person("val", (a, Role.VIEWER)))
    assert viewer_a.get(f"/staff/{a.fec_id}/compliance/notices/{notice.pk}/").status_code == 200
    assert viewer_a.post(f"/staff/{a.fec_id}/compliance/notices/{notice.pk}/filed/").status_code == 403
    assert viewer_a.post(f"/staff/{a.fec_id}/compliance/review/{item.pk}/clear/", {"c-note": "ok"}).status_code == 403
    token_b = Client(HTTP_AUTHORIZATION=f"Token {api_key(b, Role.VIEWER)}")
    assert token_b.get("/api/v1/compliance/excessive/", {"committee": a.fec_id}).status_code == 404
    notice.refresh_from_db()
    item.refresh_from_db()
    assert notice.filed_at is None and item.status == "open"
    treasurer_a = signed_in(person("tess", (a, Role.TREASURER)))
    treasurer_a.post(f"/staff/{a.fec_id}/compliance/notices/{notice.pk}/filed/", {"fec_filing_id": "123"})
    notice.refresh_from_db()
    assert notice.filed_at is not None and AuditEvent.objects.filter(action="notice48.filed").exists()


def test_contributor_type_is_a_treasurers_audited_decision_and_never_lifts_the_limit(two):
    a, _ = two
    a.candidate_first_name, a.candidate_last_name = "Casey", "Candidate"
    a.save()
    first = gift(a, donor("Pat", "Donor"), "100.00", dt.date(2026, 2, 1))
    who: Donor = first.donor
    staff = signed_in(person("stu", (a, Role.STAFF)))
    edit = f"/staff/{a.fec_id}/donors/{who.pk}/edit/"
    refused = staff.post(edit, {"type": "1", "t-contributor_type": "candidate", "t-reason": "is the candidate"})
    assert refused.status_code == 403
    who.refresh_from_db()
    assert who.contributor_type == ContributorType.INDIVIDUAL
    treasurer = signed_in(person("tom", (a, Role.TREASURER)))
    wrong = treasurer.post(edit, {"type": "1", "t-contributor_type": "candidate", "t-reason": "says so"})
    assert wrong.status_code == 400 and b"Contributor type: Only the committee&#x27;s own candidate" in wrong.content
    who.refresh_from_db()
    assert who.contributor_type == ContributorType.INDIVIDUAL
    # The next large gift still meets the limit.
    with pytest.raises(OverLimit):
        from django.db import transaction

        with transaction.atomic():
            limit_reserve(
                committee=a,
                donor=who,
                election=a.elections.get(code="P2026"),
                amount=D("9000.00"),
                on=dt.date(2026, 2, 2),
            )
    # A permitted change is recorded with who, before, after and why.
    ok = treasurer.post(edit, {"type": "1", "t-contributor_type": "individual", "t-reason": "no change"})
    assert ok.status_code == 302
    details = {
        "details": "1",
        "d-first_name": "Pat",
        "d-last_name": "Donor",
        "d-street_1": "2 Main St",
        "d-city": "Anytown",
        "d-state": "VA",
        "d-zip_code": "22000",
        "d-employer": "Acme",
        "d-occupation": "Engineer",
        "d-reason": "moved",
    }
    assert staff.post(edit, details).status_code == 302
    event = AuditEvent.objects.get(action="donor.updated")
    assert (event.actor_label, event.before, event.after, event.reason) == (
        "stu",
        {"street_1": "1 Main St"},
        {"street_1": "2 Main St"},
        "moved",
    )


def test_new_report_offers_no_worker_fields_and_is_built(two, django_capture_on_commit_callbacks):
    a, _ = two
    client = signed_in(person("tina", (a, Role.TREASURER)))
    page = client.get(f"/staff/{a.fec_id}/reports/new/").content.decode()
    for field in ("status", "progress", "fec_file", "fec_sha256", "heartbeat", "build_attempt", "summary"):
        assert f'name="{field}"' not in page
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/staff/{a.fec_id}/reports/new/", {"report_code": "Q1", "year": "2026"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.committee, report.coverage_from, report.coverage_through) == (
        a,
        dt.date(2026, 1, 1),
        dt.date(2026, 3, 31),
    )
    assert len(callbacks) == 1  # the build is queued once the row is committed (the admin never queued it)
    progress = client.get(f"/staff/{a.fec_id}/reports/{report.pk}/progress/", HTTP_HX_REQUEST="true")
    assert b'hx-trigger="every 1s"' in progress.content and b"<progress" in progress.content
