"""The database router: writes always go to the primary; inside a read session on the replica
(``fundraising.db_reads``), the books' models are read from the replica, except a model this session has written
(read-your-writes) and the report build's own state."""

from __future__ import annotations

from typing import Any

from django.db import DEFAULT_DB_ALIAS

from fundraising.db_reads import current_read_session

REPLICA = "replica"
# The books: what reports, the dashboard and exports read. Sessions, users, tokens and OTP devices stay on the
# primary (a login must see its own session at once).
READ_APPS = frozenset({"donations", "compliance", "committees", "audit"})
# Rows the report build claims and updates while it reads: read where they are written.
PRIMARY_ONLY = frozenset({"compliance.report"})


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str:
        session = current_read_session()
        if session is None or session.alias == DEFAULT_DB_ALIAS:
            return DEFAULT_DB_ALIAS
        meta = model._meta  # type: ignore[attr-defined]
        label = meta.label_lower
        if meta.app_label not in READ_APPS or label in PRIMARY_ONLY or label in session.written:
            return DEFAULT_DB_ALIAS
        return session.alias

    def db_for_write(self, model: type, **hints: Any) -> str:
        session = current_read_session()
        if session is not None:
            session.written.add(model._meta.label_lower)  # type: ignore[attr-defined]
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica gets the schema by streaming, never by migrate
