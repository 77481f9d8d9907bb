"""The report build claim: a live build is never taken over, the watchdog takes back only a stale one (once),
and a build that lost its claim publishes nothing. Builds are queued after commit, by the task layer."""

import datetime as dt
from pathlib import Path
from unittest import mock

import pytest
from django.utils import timezone

from compliance.models import Report
from compliance.reports.build import build_report_files
from compliance.reports.claims import LostClaim, report_claim
from compliance.services.report_claims import reports_requeue_stale
from compliance.services.reports import report_build, report_request
from tests.compliance.helpers import house_committee, import_rows, person, row

pytestmark = pytest.mark.django_db


def test_stale_build_is_requeued_once_and_the_old_build_cannot_publish(settings):
    committee = house_committee()
    import_rows(
        committee,
        [row("contribution", "C1", "2026-02-01", "250.00", **person("Al", "Able", employer="A", occupation="B"))],
    )
    report = report_request(committee=committee, report_code="Q1", year=2026, requested_by=None, enqueue=False)

    first = report_claim(report_pk=report.pk)
    assert first == 1
    assert report_claim(report_pk=report.pk) is None  # running with a live heartbeat: a duplicate message waits
    assert reports_requeue_stale(enqueue=False) == []  # alive: the watchdog leaves it

    Report.objects.filter(pk=report.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
    assert reports_requeue_stale(enqueue=False) == [report.pk]
    assert reports_requeue_stale(enqueue=False) == []  # a second watchdog (or beat) finds nothing to do
    report.refresh_from_db()
    assert (report.status, report.progress) == (Report.Status.QUEUED, 0)

    with pytest.raises(LostClaim):  # the slow build wakes up: it must not publish
        build_report_files(report, attempt=first)
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.fec"))

    done = report_build(report_pk=report.pk)
    assert (done.status, done.build_attempt) == (Report.Status.DONE, 2)
    assert len(list(Path(settings.MEDIA_ROOT).rglob("*.fec"))) == 1


def test_a_queued_report_is_announced_after_commit_and_the_task_layer_queues_its_build(
    django_capture_on_commit_callbacks,
):
    from compliance.tasks import report_build_task

    committee = house_committee()
    with mock.patch.object(report_build_task, "delay") as delay:
        with django_capture_on_commit_callbacks() as callbacks:
            report = report_request(committee=committee, report_code="Q1", year=2026, requested_by=None)
            assert report_claim(report_pk=report.pk) == 1
        assert delay.call_count == 0  # nothing leaves before the commit
        assert len(callbacks) == 1
        callbacks[0]()
        delay.assert_called_once_with(report.pk)

        Report.objects.filter(pk=report.pk).update(heartbeat_at=timezone.now() - dt.timedelta(minutes=10))
        delay.reset_mock()
        with django_capture_on_commit_callbacks(execute=True):
            assert reports_requeue_stale() == [report.pk]
        delay.assert_called_once_with(report.pk)


def test_a_report_requested_while_the_broker_is_down_is_built_later_not_lost(django_capture_on_commit_callbacks):
    """The drill's finding: with Redis down, the request answered (the report committed, queued) but nothing
    ever queued the build again. The request must not fail, and the watchdog announces it once it is late."""
    from kombu.exceptions import OperationalError

    from compliance.tasks import report_build_task

    committee = house_committee()
    down = mock.patch.object(report_build_task, "delay", side_effect=OperationalError("broker down"))
    with down, django_capture_on_commit_callbacks(execute=True):
        report = report_request(committee=committee, report_code="Q1", year=2026, requested_by=None)
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED

    with mock.patch.object(report_build_task, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            assert reports_requeue_stale() == []  # just queued: its message may still be on the way
        delay.assert_not_called()
        Report.objects.filter(pk=report.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=10))
        with django_capture_on_commit_callbacks(execute=True):
            assert reports_requeue_stale() == [report.pk]
        delay.assert_called_once_with(report.pk)
        with django_capture_on_commit_callbacks(execute=True):
            assert reports_requeue_stale() == []  # announced once per window, not on every sweep
