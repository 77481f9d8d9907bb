"""Who is acting in this request or command, for the audit of permission changes written from model signals
(the admin, a command and the shell all change memberships, tokens and devices)."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_actor: ContextVar[Any] = ContextVar("accounts_actor", default=None)


def current_actor() -> Any:
    """The request's user (or a label such as ``command:api_token``), or None."""
    return _actor.get()


@contextmanager
def acting_as(actor: Any) -> Iterator[None]:
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)
