"""Celery task signals: every task counted and timed; report builds timed by outcome and run as a read session
on the replica (when one is configured); a worker's metrics endpoint started once its pool is up.

Connected from OperationsConfig.ready(), so they are in place in every worker without touching the tasks."""

from __future__ import annotations

import contextvars
import logging
import os
import time
from typing import Any

from celery.signals import celeryd_init, task_postrun, task_prerun, worker_process_shutdown, worker_ready
from django.conf import settings

from fundraising.db_reads import enter_read_session, exit_read_session
from fundraising.metrics import REPORT_BUILD_DURATION, REPORT_BUILDS, TASK_DURATION, TASKS

logger = logging.getLogger(__name__)
REPORT_BUILD_TASK = "compliance.tasks.report_build_task"
_running: dict[str, tuple[float, contextvars.Token | None]] = {}


def _on_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    token = None
    name = getattr(task, "name", "")
    if name in settings.REPLICA_READ_TASKS:
        from operations.replica import replica_read_alias

        token = enter_read_session(replica_read_alias(purpose=name))
    _running[task_id or ""] = (time.monotonic(), token)


def _on_postrun(
    task_id: str | None = None,
    task: Any = None,
    args: Any = None,
    kwargs: Any = None,
    state: str | None = None,
    **_: Any,
) -> None:
    started, token = _running.pop(task_id or "", (None, None))
    if token is not None:
        exit_read_session(token)
    name = getattr(task, "name", "unknown")
    TASKS.labels(task=name, state=state or "UNKNOWN").inc()
    if started is None:
        return
    seconds = time.monotonic() - started
    TASK_DURATION.labels(task=name).observe(seconds)
    if name == REPORT_BUILD_TASK:
        outcome = _report_outcome(state, args, kwargs)
        REPORT_BUILDS.labels(outcome=outcome).inc()
        REPORT_BUILD_DURATION.labels(outcome=outcome).observe(seconds)


def _report_outcome(state: str | None, args: Any, kwargs: Any) -> str:
    if state != "SUCCESS":
        return "crashed"
    report_pk = (kwargs or {}).get("report_pk") or (args[0] if args else None)
    try:
        from compliance.models import Report

        status = Report.objects.filter(pk=report_pk).values_list("status", flat=True).first()
    except Exception:  # metrics never fail a task
        return "unknown"
    return {Report.Status.DONE: "done", Report.Status.FAILED: "failed"}.get(status, "skipped")


def _on_celeryd_init(**_: Any) -> None:
    from operations.metrics_export import clear_multiprocess_dir

    removed = clear_multiprocess_dir(keep_pid=os.getpid())
    if removed:
        logger.info("cleared %s metric files of an earlier run", removed)


def _on_worker_ready(**_: Any) -> None:
    if settings.CELERY_METRICS_PORT:
        from operations.metrics_export import serve_worker_metrics

        serve_worker_metrics(addr=settings.CELERY_METRICS_ADDR, port=settings.CELERY_METRICS_PORT)


def _on_process_shutdown(pid: int | None = None, **_: Any) -> None:
    from operations.metrics_export import multiprocess_dir

    if multiprocess_dir():
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(pid or os.getpid())


def connect() -> None:
    task_prerun.connect(_on_prerun, weak=False, dispatch_uid="operations-task-prerun")
    task_postrun.connect(_on_postrun, weak=False, dispatch_uid="operations-task-postrun")
    celeryd_init.connect(_on_celeryd_init, weak=False, dispatch_uid="operations-celeryd-init")
    worker_ready.connect(_on_worker_ready, weak=False, dispatch_uid="operations-worker-ready")
    worker_process_shutdown.connect(_on_process_shutdown, weak=False, dispatch_uid="operations-process-shutdown")
