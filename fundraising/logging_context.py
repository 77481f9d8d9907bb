"""Request ids and structured logs across processes.

A web request gets an id (the caller's ``X-Request-ID`` when it is sane, else a new one; see
``fundraising.middleware``). The id lives in a context variable while the request runs, travels in the headers
of every Celery task published from it (``before_task_publish``), and is restored in the worker before the task
runs (``task_prerun``); tasks published from that task carry it on. Every log line gets it from
``RequestContextFilter``, so one gift can be followed from the webhook request into the worker.

``JsonFormatter`` writes one JSON object per line: time, level, logger, message, request_id, the task's
ids when in a task, the process id, and any ``extra={...}`` fields. Only ids belong in logs: never card data,
secrets, donor names or addresses."""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime
from typing import Any

HEADER = "request_id"
_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
_task: contextvars.ContextVar[tuple[str, str] | None] = contextvars.ContextVar("celery_task", default=None)
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def clean_request_id(value: str | None) -> str:
    """The caller's id when it is a short token (it ends up in our logs), else a new one."""
    if value and _SANE_ID.match(value):
        return value
    return new_request_id()


def get_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None) -> contextvars.Token:
    return _request_id.set(value)


def reset_request_id(token: contextvars.Token) -> None:
    _request_id.reset(token)


# --- Celery: carry the id in task headers -------------------------------------------------------------------
def on_before_task_publish(headers: dict[str, Any] | None = None, **_: Any) -> None:
    request_id = get_request_id()
    if request_id and headers is not None:
        headers.setdefault(HEADER, request_id)


_tokens: dict[str, tuple[contextvars.Token, contextvars.Token]] = {}


def on_task_prerun(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    request = getattr(task, "request", None)
    request_id = getattr(request, HEADER, None) or (getattr(request, "headers", None) or {}).get(HEADER)
    if not request_id:
        request_id = new_request_id()  # a beat job or a task published outside any request
    _tokens[task_id or ""] = (
        _request_id.set(request_id),
        _task.set((task_id or "", getattr(task, "name", ""))),
    )


def on_task_postrun(task_id: str | None = None, **_: Any) -> None:
    tokens = _tokens.pop(task_id or "", None)
    if tokens is not None:
        _task.reset(tokens[1])
        _request_id.reset(tokens[0])


def connect_celery_signals() -> None:
    from celery.signals import before_task_publish, task_postrun, task_prerun

    before_task_publish.connect(on_before_task_publish, weak=False, dispatch_uid="fundraising-request-id-publish")
    task_prerun.connect(on_task_prerun, weak=False, dispatch_uid="fundraising-request-id-prerun")
    task_postrun.connect(on_task_postrun, weak=False, dispatch_uid="fundraising-request-id-postrun")


# --- logging ------------------------------------------------------------------------------------------------
class RequestContextFilter(logging.Filter):
    """Puts request_id (and task_id/task_name inside a task) on every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = get_request_id() or "-"
        task = _task.get()
        if task is not None:
            record.task_id, record.task_name = task
        return True


_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id", "task_id", "task_name"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or get_request_id() or "-",
            "pid": record.process,
        }
        for key in ("task_id", "task_name"):
            if getattr(record, key, None):
                data[key] = getattr(record, key)
        for key, value in vars(record).items():  # extra={...} fields: ids only, by convention
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            data["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(data, default=str, ensure_ascii=False)
