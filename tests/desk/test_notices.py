"""48-hour notices (Form 6): the window's edges in the committee's time zone, the .fec, the command."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from committees.models import Committee
from compliance.desk.notices import notice_fec_bytes, notice_mark_filed, notices_sync, notices_unfiled
from compliance.services.transactions import receipt_enter
from donations.models import Contribution
from tests.compliance.helpers import house_committee
from tests.desk.helpers import D, donor
from tests.fec_assertions import assert_valid_fec
from tests.ledger import ledger_guard_off

pytestmark = pytest.mark.django_db
LA = ZoneInfo("America/Los_Angeles")
GENERAL = dt.date(2026, 11, 3)


def committee_in_la():
    committee = house_committee()
    Committee.objects.filter(pk=committee.pk).update(
        time_zone="America/Los_Angeles",
        candidate_id="H6VA11000",
        candidate_first_name="Casey",
        candidate_last_name="Candidate",
        candidate_office="H",
    )
    committee.refresh_from_db()
    return committee


def gift_at(committee, when: dt.datetime, amount: str = "1000.00", name: str = "Ann") -> Contribution:
    c = receipt_enter(
        committee=committee,
        donor_data=donor(name, "Giver"),
        amount=D(amount),
        date_received=when.date(),
        election=committee.elections.get(code="G2026"),
    ).contribution
    with ledger_guard_off():  # the moment it arrived, not noon (no service writes that)
        Contribution.objects.filter(pk=c.pk).update(received_at=when)
    c.refresh_from_db()
    return c


def listed(committee, as_of) -> set[int]:
    notices = notices_unfiled(committee=committee, as_of=as_of)
    return {line.contribution_id for n in notices for line in n.lines.all()}


def test_window_day_20_vs_21_and_47h59m_vs_48h_before_election_day_in_committee_time():
    committee = committee_in_la()
    midnight = dt.datetime.combine(GENERAL, dt.time(0, 0), tzinfo=LA)
    day20 = gift_at(committee, dt.datetime(2026, 10, 15, 9, 0, tzinfo=LA), name="Day20")  # Nov 3 is day 1
    day21 = gift_at(committee, dt.datetime(2026, 10, 14, 23, 59, tzinfo=LA), name="Day21")
    at_48h = gift_at(committee, midnight - dt.timedelta(hours=48), name="Fortyeight")
    at_47h59 = gift_at(committee, midnight - dt.timedelta(hours=47, minutes=59), name="Fortyseven")
    small = gift_at(committee, dt.datetime(2026, 10, 20, 9, 0, tzinfo=LA), amount="999.99", name="Small")
    got = listed(committee, midnight)
    assert day20.pk in got and at_48h.pk in got
    assert day21.pk not in got and at_47h59.pk not in got and small.pk not in got


def test_notice_fec_parses_and_deadline_is_48_hours_after_receipt():
    committee = committee_in_la()
    first = gift_at(committee, dt.datetime(2026, 10, 20, 9, 30, tzinfo=LA), amount="2000.00")
    gift_at(committee, dt.datetime(2026, 10, 20, 15, 0, tzinfo=LA), amount="1500.00", name="Bea")
    (notice,) = notices_sync(committee=committee, as_of=dt.datetime(2026, 10, 21, tzinfo=LA))
    assert notice.deadline == first.received_at + dt.timedelta(hours=48)
    parsed = assert_valid_fec(notice_fec_bytes(notice, date_signed=dt.date(2026, 10, 21)))
    assert parsed["filing"]["form_type"] == "F6N"
    assert parsed["filing"]["candidate_id_number"] == "H6VA11000"
    f65 = parsed["itemizations"].get("F65") or parsed["itemizations"].get("Schedule A") or []
    assert sorted(r["contribution_amount"] for r in f65) == [1500.0, 2000.0]
    notice_mark_filed(notice=notice, actor=None, fec_filing_id="FEC-1600001")
    assert notices_unfiled(committee=committee, as_of=dt.datetime(2026, 10, 21, tzinfo=LA)) == []


def test_command_writes_each_due_notice_once(tmp_path, capsys):
    call_command(
        "committee_create",
        "--fec-id",
        "C00000000",
        "--name",
        "Casey for Congress",
        "--type",
        "house",
        "--state",
        "VA",
        "--district",
        "11",
        "--street",
        "1 Main St",
        "--city",
        "Fairfax",
        "--zip",
        "22030",
        "--treasurer-first",
        "Terry",
        "--treasurer-last",
        "Treasurer",
        "--election",
        "G2026:2026-11-03",
        "--candidate-id",
        "H6VA11000",
        "--candidate-first",
        "Casey",
        "--candidate-last",
        "Candidate",
        "--candidate-office",
        "H",
    )
    committee = Committee.objects.get(fec_id="C00000000")
    ny = committee.tzinfo
    gift_at(committee, dt.datetime(2026, 10, 19, 10, 0, tzinfo=ny), amount="1000.00")
    gift_at(committee, dt.datetime(2026, 10, 20, 18, 0, tzinfo=ny), amount="5000.00", name="Late")  # after as-of
    capsys.readouterr()
    call_command("notices_48h", "--committee", "C00000000", "--as-of", "2026-10-20T12:00", "--out-dir", str(tmp_path))
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and "due 2026-10-21 10:00" in out[0] and "$1,000.00" in out[0]
    (path,) = tmp_path.glob("*.fec")
    assert_valid_fec(path.read_bytes())


def test_amended_notice_is_an_f6a_naming_the_original_filing():
    """A filed 48-hour notice is corrected by filing an amended Form 6 (F6A): HDR names the original's FEC filing
    id and the amendment's number (FEC format: amendments carry "FEC-<original id>" and a sequence number), the
    cover the date the original was filed (F6 spec, original_amendment_date: "Use the POSTed Filed on Date of
    Original (1st) F6 being amended"); the gifts are the original's as they stand now (11 CFR 104.5(f))."""
    from compliance.desk.notices import notice_amend
    from donations.models import Donor
    from fundraising.exceptions import Conflict

    committee = committee_in_la()
    gift = gift_at(committee, dt.datetime(2026, 10, 20, 9, 30, tzinfo=LA), amount="2000.00")
    (notice,) = notices_sync(committee=committee, as_of=dt.datetime(2026, 10, 21, tzinfo=LA))
    with pytest.raises(Conflict, match="filed"):
        notice_amend(notice=notice, actor=None)  # nothing to amend before it is filed
    notice = notice_mark_filed(notice=notice, actor=None, fec_filing_id="FEC-1600001")
    Donor.objects.filter(pk=gift.donor_id).update(employer="Corrected Employer Inc")
    amendment = notice_amend(notice=notice, actor=None)
    assert (amendment.amends_id, amendment.amendment_number) == (notice.pk, 1)
    with pytest.raises(Conflict, match="not filed yet"):
        notice_amend(notice=notice, actor=None)
    data = notice_fec_bytes(amendment, date_signed=dt.date(2026, 10, 23))
    parsed = assert_valid_fec(data)
    assert parsed["header"]["report_id"] == "FEC-1600001" and parsed["header"]["report_number"] == "1"
    assert parsed["filing"]["form_type"] == "F6A"
    cover = data.split(b"\r\n")[1].split(b"\x1c")
    assert cover[2] == notice.filed_at.astimezone(LA).strftime("%Y%m%d").encode()
    (f65,) = parsed["itemizations"].get("F65") or parsed["itemizations"]["Schedule A"]
    assert f65["contributor_employer"] == "Corrected Employer Inc" and f65["contribution_amount"] == 2000.0
    # a new gift the same day goes on a new notice, never on the amendment
    gift_at(committee, dt.datetime(2026, 10, 20, 16, 0, tzinfo=LA), amount="1000.00", name="Late")
    (fresh,) = notices_sync(committee=committee, as_of=dt.datetime(2026, 10, 21, 12, tzinfo=LA))
    assert fresh.pk not in (notice.pk, amendment.pk) and fresh.amends_id is None
    # the second amendment amends the original, numbered 2
    notice_mark_filed(notice=amendment, actor=None, fec_filing_id="1600050")
    second = notice_amend(notice=amendment, actor=None)
    assert (second.amends_id, second.amendment_number) == (notice.pk, 2)
    parsed = assert_valid_fec(notice_fec_bytes(second, date_signed=dt.date(2026, 10, 24)))
    assert parsed["header"]["report_id"] == "FEC-1600001" and parsed["header"]["report_number"] == "2"
