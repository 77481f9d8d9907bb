"""Amending a filed 48-hour notice (Form 6A) through the console (Compliance -> notice -> Amend) and the API
(issue #18): the F6A names the original's FEC filing id in HDR, the amendment number, and the date the original was
filed (F6 spec, original_amendment_date); 11 CFR 104.5(f)."""

import datetime as dt

import pytest
from django.test import Client

from accounts.roles import Role
from audit.models import AuditEvent
from compliance.desk.notices import notice_mark_filed, notices_sync
from compliance.models import FortyEightHourNotice
from tests.auth import api_key
from tests.console.helpers import person, signed_in
from tests.desk.test_notices import LA, committee_in_la, gift_at
from tests.fec_assertions import assert_valid_fec

pytestmark = pytest.mark.django_db


def _filed_notice(committee) -> FortyEightHourNotice:
    gift_at(committee, dt.datetime(2026, 10, 20, 9, 30, tzinfo=LA), amount="2500.00")
    (notice,) = notices_sync(committee=committee, as_of=dt.datetime(2026, 10, 21, tzinfo=LA))
    return notice


def test_console_amend_opens_an_f6a_the_treasurer_downloads():
    committee = committee_in_la()
    notice = _filed_notice(committee)
    client = signed_in(person("tess", (committee, Role.TREASURER)))
    page = f"/staff/{committee.fec_id}/compliance/notices/{notice.pk}/"
    assert "Amend this notice" not in client.get(page).content.decode()  # not filed: nothing to amend
    notice_mark_filed(notice=notice, actor=None, fec_filing_id="1600001")
    assert "Amend this notice" in client.get(page).content.decode()
    viewer = signed_in(person("vic", (committee, Role.VIEWER)))
    assert viewer.post(f"{page}amend/").status_code == 403
    response = client.post(f"{page}amend/")
    amendment = FortyEightHourNotice.objects.get(amends=notice)
    assert response.status_code == 302 and response["Location"].endswith(f"/notices/{amendment.pk}/")
    shown = client.get(response["Location"]).content.decode()
    assert "(amendment 1)" in shown and "FEC-1600001" in shown and "2,500.00" in shown
    parsed = assert_valid_fec(client.get(f"{response['Location']}notice.fec").content)
    assert parsed["filing"]["form_type"] == "F6A" and parsed["header"]["report_id"] == "FEC-1600001"
    assert AuditEvent.objects.filter(action="notice48.amendment_opened", actor__username="tess").exists()
    index = client.get(f"/staff/{committee.fec_id}/compliance/").content.decode()
    row = next(line for line in index.split("<tr") if f"/notices/{amendment.pk}/" in line)
    assert "amendment 1 (F6A)" in row and "overdue" not in row and "2,500.00" in row  # the original's gift


def test_api_amends_lists_downloads_and_files_the_amendment():
    committee = committee_in_la()
    notice = _filed_notice(committee)
    client = Client(headers={"Authorization": f"Token {api_key(committee, Role.TREASURER)}"})
    base = f"/api/v1/committees/{committee.fec_id}/notices/"
    early = client.post(f"{base}{notice.pk}/amend/")
    assert early.status_code == 409  # not filed yet
    assert client.post(f"{base}{notice.pk}/filed/", {"fec_filing_id": "FEC-1600002"}).status_code == 200
    made = client.post(f"{base}{notice.pk}/amend/")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["form_type"], body["amends"], body["amendment_number"], body["total"]) == (
        "F6A",
        notice.pk,
        1,
        "2500.00",
    )
    assert client.post(f"{base}{notice.pk}/amend/").status_code == 409  # one open amendment at a time
    parsed = assert_valid_fec(client.get(f"{base}{body['id']}/notice.fec").content)
    assert (parsed["header"]["report_id"], parsed["header"]["report_number"]) == ("FEC-1600002", "1")
    listed = {n["id"]: n["form_type"] for n in client.get(base).json()}
    assert listed == {notice.pk: "F6N", body["id"]: "F6A"}
    filed = client.post(f"{base}{body['id']}/filed/", {"fec_filing_id": "1600003"})
    assert filed.status_code == 200 and filed.json()["fec_filing_id"] == "1600003"
