"""The move of Committee, Election, Conduit and ContributionLimit to committees/ and of AuditEvent to audit/
loses nothing: a database holding data in the old layout (everything in the compliance app) is migrated
forward, and every row, foreign key, permission and admin log entry is still there under the new models."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts.models import CommitteeMembership
from audit.models import AuditEvent
from committees.models import Committee, Conduit, ContributionLimit, Election
from compliance.models import Report
from donations.models import Contribution, Donor

# The last migrations of the old layout, and the apps that did not exist then.
OLD_LAYOUT = [
    ("compliance", "0007_loans"),
    ("donations", "0003_desk"),
    ("accounts", "0001_staff_access"),
    ("committees", None),
    ("audit", None),
]


def _migrate(targets: list[tuple[str, str | None]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_old_layout_rows_survive_the_move(transactional_db) -> None:  # by name: conftest reseeds reference data
    leaves = _leaves()
    executor = _migrate(OLD_LAYOUT)
    try:
        applied = MigrationExecutor(connection).loader.applied_migrations  # the move ran backwards, too
        with connection.cursor() as cursor:
            assert {"compliance_committee", "compliance_auditevent"} <= set(
                connection.introspection.table_names(cursor)
            )
        assert ("committees", "0001_initial") not in applied and ("compliance", "0007_loans") in applied
        old = executor.loader.project_state(list(applied)).apps
        OldCT = old.get_model("contenttypes", "ContentType")
        User = old.get_model("auth", "User")
        OldCommittee = old.get_model("compliance", "Committee")
        OldElection = old.get_model("compliance", "Election")
        OldAuditEvent = old.get_model("compliance", "AuditEvent")
        OldPermission = old.get_model("auth", "Permission")
        OldLogEntry = old.get_model("admin", "LogEntry")

        committee = OldCommittee.objects.create(
            fec_id="C00999001",
            name="Old Layout for Congress",
            committee_type="house",
            street_1="1 Main St",
            city="Springfield",
            state="IL",
            zip_code="62701",
            treasurer_last_name="Keeper",
            treasurer_first_name="Books",
            opening_cash_on_hand=Decimal("1234.56"),
        )
        election = OldElection.objects.create(committee=committee, code="G2026", date=dt.date(2026, 11, 3))
        donor = old.get_model("donations", "Donor").objects.create(
            committee_id=committee.pk,
            first_name="Ada",
            last_name="Lovelace",
            street_1="2 Elm St",
            city="Springfield",
            state="IL",
            zip_code="62701",
            match_key="ada lovelace|2 elm st|62701",
        )
        contribution = old.get_model("donations", "Contribution").objects.create(
            committee_id=committee.pk,
            donor_id=donor.pk,
            election_id=election.pk,
            amount=Decimal("250.00"),
            received_at=dt.datetime(2026, 3, 1, 15, tzinfo=dt.UTC),
            date_received=dt.date(2026, 3, 1),
            transaction_id="TOLDLAYOUT1",
        )
        report = old.get_model("compliance", "Report").objects.create(
            committee_id=committee.pk,
            form="F3",
            report_code="Q1",
            coverage_from=dt.date(2026, 1, 1),
            coverage_through=dt.date(2026, 3, 31),
            election_id=election.pk,
        )
        user = User.objects.create(username="old-treasurer", is_staff=True)
        old.get_model("accounts", "CommitteeMembership").objects.create(
            user_id=user.pk, committee_id=committee.pk, role="treasurer"
        )
        event = OldAuditEvent.objects.create(
            actor_id=user.pk,
            actor_label="old-treasurer",
            action="committee.created",
            object_type="Committee",
            object_id=str(committee.pk),
            after={"name": committee.name},
        )
        committee_ct, _ = OldCT.objects.get_or_create(app_label="compliance", model="committee")
        audit_ct, _ = OldCT.objects.get_or_create(app_label="compliance", model="auditevent")
        permission, _ = OldPermission.objects.get_or_create(
            content_type_id=committee_ct.pk, codename="change_committee", defaults={"name": "Can change committee"}
        )
        user.user_permissions.add(permission)
        log = OldLogEntry.objects.create(
            user_id=user.pk,
            content_type_id=committee_ct.pk,
            object_id=str(committee.pk),
            object_repr=committee.name,
            action_flag=2,
            action_time=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        )
        limits_before = old.get_model("compliance", "ContributionLimit").objects.count()
        conduits_before = old.get_model("compliance", "Conduit").objects.count()
    finally:
        _migrate(leaves)
    ContentType.objects.clear_cache()

    moved = Committee.objects.get(pk=committee.pk)
    assert (moved.fec_id, moved.name, moved.opening_cash_on_hand) == (
        "C00999001",
        "Old Layout for Congress",
        Decimal("1234.56"),
    )
    assert Election.objects.get(pk=election.pk).committee == moved
    got = Contribution.objects.select_related("committee", "election", "donor").get(pk=contribution.pk)
    assert (got.committee, got.election.code, got.donor.last_name, got.amount) == (
        moved,
        "G2026",
        "Lovelace",
        Decimal("250.00"),
    )
    assert Donor.objects.get(pk=donor.pk).committee == moved
    assert Report.objects.get(pk=report.pk).committee == moved
    assert CommitteeMembership.objects.get(user__username="old-treasurer").committee == moved
    assert AuditEvent.objects.get(pk=event.pk).after == {"name": "Old Layout for Congress"}
    assert limits_before > 0 and ContributionLimit.objects.count() == limits_before  # seeded reference data kept
    assert conduits_before > 0 and Conduit.objects.count() == conduits_before

    # Content types changed app, not id: the permission and the admin history still point at the committee model.
    assert ContentType.objects.get(pk=committee_ct.pk).model_class() is Committee
    assert ContentType.objects.get(pk=audit_ct.pk).model_class() is AuditEvent
    assert not ContentType.objects.filter(app_label="compliance", model__in=["committee", "auditevent"]).exists()
    assert Permission.objects.get(pk=permission.pk).content_type_id == committee_ct.pk
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth import get_user_model

    assert LogEntry.objects.get(pk=log.pk).get_edited_object() == moved
    assert get_user_model().objects.get(pk=user.pk).has_perm("committees.change_committee")
