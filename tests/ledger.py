"""Going around the ledger's PostgreSQL guards (operations/ledger_sql.py), as only a test setup or someone with the
database superuser can. Test setups use it to put a row in a state no service writes (a gift that arrived at an
exact minute); the ledger tests use it to play the superuser who edits the books behind the app's back."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


@contextmanager
def ledger_guard_off() -> Iterator[None]:
    """Every trigger off (the guards and the chain) inside the current transaction, as a superuser can."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = origin")


def as_superuser_without_triggers(sql: str, params: list | None = None) -> None:
    """One statement with every trigger off."""
    with ledger_guard_off(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
