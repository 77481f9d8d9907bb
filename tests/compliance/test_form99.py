"""Form 99 through the service and the API (issue #18). A PAC switching to monthly filing tells the FEC first,
electronically, at most once per calendar year (11 CFR 104.5(c); FEC, "Switching filing frequency?": "attach ...
a Form 99 ... indicating that you will now be filing reports on the other schedule"); House and Senate committees
file quarterly (11 CFR 104.5(a))."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.models import Form99
from compliance.services.form99 import form99_create
from fundraising.exceptions import ApplicationError
from tests.auth import api_key
from tests.compliance.helpers import house_committee, pac_committee
from tests.fec_assertions import assert_valid_fec

pytestmark = pytest.mark.django_db
LETTER = "The committee will file monthly reports from February 2026.\nSigned, the treasurer."


def _client(committee, role=Role.TREASURER) -> Client:
    return Client(headers={"Authorization": f"Token {api_key(committee, role)}"})


def test_frequency_change_through_the_api_is_a_valid_f99_kept_filed_and_audited():
    committee = pac_committee()
    treasurer = _client(committee)
    url = f"/api/v1/committees/{committee.fec_id}/form99/"
    made = treasurer.post(
        url,
        {"text_code": "MSM", "filing_frequency": "M", "text": LETTER, "date_signed": "2026-01-20"},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    form_id = made.json()["id"]
    viewer = _client(committee, Role.VIEWER)
    download = viewer.get(f"{url}{form_id}/form99.fec")
    assert download.status_code == 200
    parsed = assert_valid_fec(download.content)
    assert parsed["filing"]["form_type"] == "F99"
    assert parsed["filing"]["filer_committee_id_number"] == committee.fec_id
    assert (parsed["filing"]["text_code"], parsed["filing"]["filing_frequency"]) == ("MSM", "M")
    assert parsed["F99_text"] == LETTER
    assert [f["id"] for f in viewer.get(url).json()] == [form_id]
    # viewers cannot write one; the FEC's filing id is recorded once
    assert viewer.post(url, {"text_code": "MST", "text": "x"}, content_type="application/json").status_code == 403
    filed = treasurer.post(f"{url}{form_id}/filed/", {"fec_filing_id": "FEC-1600123"}, content_type="application/json")
    assert filed.status_code == 200, filed.json()
    assert filed.json()["fec_filing_id"] == "1600123"
    again = treasurer.post(f"{url}{form_id}/filed/", {"fec_filing_id": "1600124"}, content_type="application/json")
    assert again.status_code == 409
    actions = set(AuditEvent.objects.filter(object_id=str(form_id)).values_list("action", flat=True))
    assert {"form99.created", "form99.filed"} <= actions
    committee.refresh_from_db()
    assert committee.filing_frequency == "monthly"  # filed: the committee's reports follow the new schedule
    # a second change in the same calendar year is refused (11 CFR 104.5(c)), naming why
    second = treasurer.post(
        url,
        {"text_code": "MSM", "filing_frequency": "Q", "text": "Back to quarterly.", "date_signed": "2026-06-01"},
        content_type="application/json",
    )
    assert second.status_code == 409
    assert "once per calendar year" in str(second.json())


def test_bad_input_names_the_field_and_writes_nothing():
    committee = pac_committee()
    treasurer = _client(committee)
    url = f"/api/v1/committees/{committee.fec_id}/form99/"
    no_freq = treasurer.post(url, {"text_code": "MSM", "text": LETTER}, content_type="application/json")
    assert no_freq.status_code == 400 and "filing_frequency" in str(no_freq.json())
    same = treasurer.post(
        url, {"text_code": "MSM", "filing_frequency": "Q", "text": LETTER}, content_type="application/json"
    )
    assert same.status_code == 400 and "already files quarterly" in str(same.json())
    empty = treasurer.post(url, {"text_code": "MST", "text": " \n "}, content_type="application/json")
    assert empty.status_code == 400 and "text" in str(empty.json())
    marker = treasurer.post(url, {"text_code": "MST", "text": "a\n[ENDTEXT]\nb"}, content_type="application/json")
    assert marker.status_code == 400 and "marker" in str(marker.json())
    assert not Form99.objects.filter(committee=committee).exists()


def test_house_committee_cannot_change_frequency_but_can_write_misc_text():
    committee = house_committee()
    with pytest.raises(ApplicationError, match=r"104\.5\(a\)"):
        form99_create(committee=committee, actor=None, text_code="MSM", filing_frequency="M", text=LETTER)
    form = form99_create(
        committee=committee, actor=None, text_code="MST", text="Reply to RFAI.", date_signed=dt.date(2026, 3, 2)
    )
    parsed = assert_valid_fec(form.fec_content.encode("ascii"))
    assert parsed["filing"]["text_code"] == "MST"
    assert form.fec_content.split("\r\n")[1].split("\x1c")[13] == "20260302"
