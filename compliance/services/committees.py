"""Committees and their elections, created or updated by staff (or the committee_create command)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.services import audit_record
from committees.models import Committee, Election


@dataclass(frozen=True)
class CommitteeInput:
    fec_id: str
    name: str
    committee_type: str
    street_1: str
    city: str
    state: str
    zip_code: str
    treasurer_last_name: str
    treasurer_first_name: str
    street_2: str = ""
    election_state: str = ""
    election_district: str = ""
    time_zone: str = "America/New_York"
    opening_cash_on_hand: Decimal | None = None
    opening_cash_as_of: dt.date | None = None
    elections: list[tuple[str, dt.date]] = field(default_factory=list)
    candidate_id: str = ""
    candidate_first_name: str = ""
    candidate_last_name: str = ""
    candidate_office: str = ""
    multicandidate: bool | None = None  # None: keep what is stored
    senate_class: int | None = None


@transaction.atomic
def committee_create_or_update(*, data: CommitteeInput, actor: AbstractBaseUser | None) -> tuple[Committee, bool]:
    """Create the committee (or update the one with this FEC id) and its elections. Returns (committee, created)."""
    committee = Committee.objects.select_for_update().filter(fec_id=data.fec_id).first()
    created = committee is None
    before = (
        {}
        if created
        else {
            f: getattr(committee, f)
            for f in ("name", "opening_cash_on_hand", "opening_cash_as_of", "multicandidate", "senate_class")
        }
    )
    committee = committee or Committee(fec_id=data.fec_id)
    for name in (
        "name",
        "committee_type",
        "street_1",
        "street_2",
        "city",
        "state",
        "zip_code",
        "treasurer_last_name",
        "treasurer_first_name",
        "election_state",
        "election_district",
        "time_zone",
    ):
        setattr(committee, name, getattr(data, name))
    if not committee.election_state and committee.committee_type in (Committee.Type.HOUSE, Committee.Type.SENATE):
        committee.election_state = data.state
    for name in ("candidate_id", "candidate_first_name", "candidate_last_name", "candidate_office"):
        if getattr(data, name):  # only when given: an update without them keeps what is stored
            setattr(committee, name, getattr(data, name))
    for name in ("multicandidate", "senate_class"):
        if getattr(data, name) is not None:
            setattr(committee, name, getattr(data, name))
    if data.opening_cash_on_hand is not None:
        committee.opening_cash_on_hand = data.opening_cash_on_hand
    if data.opening_cash_as_of is not None:
        committee.opening_cash_as_of = data.opening_cash_as_of
    committee.full_clean()
    committee.save()
    for code, day in data.elections:
        election = Election.objects.filter(committee=committee, code=code).first() or Election(
            committee=committee, code=code
        )
        election.date = day
        election.state = committee.election_state if committee.committee_type != Committee.Type.PRESIDENTIAL else ""
        election.district = committee.election_district
        election.full_clean()
        election.save()
    audit_record(
        actor=actor,
        action="committee.created" if created else "committee.updated",
        obj=committee,
        before=before,
        after={
            "name": committee.name,
            "opening_cash_on_hand": committee.opening_cash_on_hand,
            "opening_cash_as_of": committee.opening_cash_as_of,
            "multicandidate": committee.multicandidate,
            "senate_class": committee.senate_class,
            "elections": ",".join(code for code, _ in data.elections),
        },
    )
    return committee, created
