"""Issue #12 item 10: a donor who moves becomes a second donor record (matching keys on name + street + ZIP), so
$3,500 at the old address and $3,500 at the new one passed the $3,500 per-election limit (11 CFR 110.1(b)(1): the
limit is per person). Now a new record with the same name and the same email, phone or employer as another is
queued as a likely duplicate; while it is open the limit check counts both records; staff merge it (one person) or
dismiss it (two people)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client

from accounts.roles import Role
from compliance.models import ReviewItem
from compliance.services.entries import Counterparty, money_receive
from donations.models import Donor, DuplicateDonor, LimitTotal
from donations.services.duplicate_limits import limit_donor_ids
from donations.services.duplicates import duplicate_dismiss, person_name_key
from donations.services.limits import OverLimit, limit_reserve
from tests.auth import api_key
from tests.compliance.helpers import house_committee

pytestmark = pytest.mark.django_db
D = Decimal
OLD = {"street_1": "12 Main St", "city": "Fairfax", "state": "VA", "zip_code": "22030"}
NEW = {"street_1": "400 Ocean Ave", "city": "Norfolk", "state": "VA", "zip_code": "23503"}


def _give(committee, amount: str, address: dict, day=dt.date(2026, 2, 1), **who) -> Donor:
    from donations.services.donors import DonorInput

    identity = DonorInput(
        first_name="Jane", last_name="Doe", occupation="Nurse", **{"employer": "Sentara", **who}, **address
    )
    return money_receive(
        committee=committee,
        kind="contribution",
        who=Counterparty(code="IND", identity=identity),
        amount=D(amount),
        date_received=day,
        election=committee.elections.get(code="P2026"),
    ).contribution.donor


def _reserve(committee, donor, amount: str) -> str:
    with transaction.atomic():
        return limit_reserve(
            committee=committee,
            donor=donor,
            election=committee.elections.get(code="P2026"),
            amount=D(amount),
            on=dt.date(2026, 3, 1),
        )


def test_a_donor_who_moved_is_queued_and_counted_once_until_resolved():
    committee = house_committee()
    old = _give(committee, "3500.00", OLD, email="jane@example.com")
    new = _give(committee, "100.00", NEW, day=dt.date(2026, 2, 20), email="JANE@example.com", employer="Riverside")
    assert old.pk != new.pk, "matching keeps name + street + ZIP: a move is a new record"

    (item,) = DuplicateDonor.objects.filter(status="open")
    assert (item.donor_id, item.other_id, item.reasons) == (old.pk, new.pk, ["email"])
    assert limit_donor_ids(new) == [old.pk, new.pk]
    with pytest.raises(OverLimit):  # $3,600 for one person in P2026
        _reserve(committee, new, "50.00")
    flagged = ReviewItem.objects.filter(contribution__donor=new, kind="excessive")
    assert flagged.exists(), "the gift at the new address is flagged as excessive while the duplicate is open"

    duplicate_dismiss(item=item, actor=None, reason="Mother and daughter, both Jane Doe")
    assert limit_donor_ids(new) == [new.pk]
    assert _reserve(committee, new, "50.00") == "P2026", "dismissed: each record has its own limit again"


def test_staff_merge_through_the_api():
    committee = house_committee()
    old = _give(committee, "2000.00", OLD, phone="(703) 555-0101")
    new = _give(committee, "1000.00", NEW, phone="703.555.0101", employer="Other Co")
    staff = Client(headers={"Authorization": f"Token {api_key(committee, Role.STAFF)}"})
    listed = staff.get("/api/v1/donors/duplicates/", {"committee": committee.fec_id})
    assert listed.status_code == 200
    [row] = listed.json()
    assert (row["donor_id"], row["other_id"], row["reasons"]) == (old.pk, new.pk, ["phone"])
    refused = staff.post(f"/api/v1/donors/duplicates/{row['id']}/dismiss/", {}, content_type="application/json")
    assert refused.status_code == 400, "a dismissal says why"
    merged = staff.post(
        f"/api/v1/donors/duplicates/{row['id']}/merge/", {"reason": "Moved"}, content_type="application/json"
    )
    assert merged.status_code == 200 and merged.json()["status"] == "merged"
    new.refresh_from_db()
    assert new.merged_into_id == old.pk
    assert LimitTotal.objects.get(donor=old, period_key="P2026").received == D("3000.00")
    assert staff.get("/api/v1/donors/duplicates/").json() == []


def test_same_name_alone_is_not_a_duplicate():
    committee = house_committee()
    _give(committee, "100.00", OLD, email="a@example.com", employer="Acme")
    _give(committee, "100.00", NEW, email="b@example.com", employer="Retired")
    _give(committee, "100.00", {**NEW, "street_1": "9 Elm St"}, email="c@example.com", employer="retired")
    assert not DuplicateDonor.objects.exists(), "different email and phone; 'Retired' is not a shared employer"


def test_names_are_read_by_nameparser():
    assert person_name_key("Jane Q.", "Doe") == person_name_key("JANE", "doe")
    assert person_name_key("Dr. Jane", "Doe Jr.") == ("JANE", "DOE")
