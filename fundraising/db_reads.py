"""Which database a read session uses: the primary (``default``) or a streaming replica.

Heavy reads (report builds, the staff dashboard, exports) may run on a replica. Whoever starts such a session
(``operations``: a Celery signal around report builds, a middleware around dashboard and export URLs) first makes
sure the replica has replayed past the primary's WAL position, then enters ``reading_from("replica")``. Inside it:

- the ORM reads through ``operations.db_router.ReplicaRouter`` (the replica for the books' models; writes always
  go to the primary, and a model written in the session is read from the primary afterwards);
- raw SQL that imports ``read_connection`` instead of ``django.db.connection`` (the report builder's set-based
  queries) runs on the replica too.

Outside a session everything is the primary, exactly as before. This module is the kernel's part: a context
variable and a connection proxy; it knows nothing about replicas or WAL."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections


@dataclass
class ReadSession:
    alias: str
    written: set[str] = field(default_factory=set)  # "app_label.model" written in this session


_session: contextvars.ContextVar[ReadSession | None] = contextvars.ContextVar("read_session", default=None)


def current_read_session() -> ReadSession | None:
    return _session.get()


def read_alias() -> str:
    """The alias raw read-only SQL should use right now."""
    session = _session.get()
    return session.alias if session is not None else DEFAULT_DB_ALIAS


def enter_read_session(alias: str) -> contextvars.Token:
    return _session.set(ReadSession(alias=alias))


def exit_read_session(token: contextvars.Token) -> None:
    _session.reset(token)


@contextmanager
def reading_from(alias: str) -> Iterator[ReadSession]:
    token = enter_read_session(alias)
    try:
        yield _session.get()  # type: ignore[misc]
    finally:
        exit_read_session(token)


class _ReadConnection:
    """Like ``django.db.connection``, but the connection of the current read session (the primary outside one)."""

    def __getattr__(self, item: str) -> Any:
        return getattr(connections[read_alias()], item)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(connections[read_alias()], name, value)


read_connection: Any = _ReadConnection()
