"""Finding what an API request names, within the committees the request may act on. One place for "this
committee's row, or a 404 naming the field" (entries, loans, Form 99, notices)."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from rest_framework.request import Request

from accounts.permissions import committee_filter
from committees.models import Committee
from committees.selectors import committee_by_fec_id
from fundraising.exceptions import NotFound

M = TypeVar("M", bound=Model)


def committee_for(request: Request, fec_id: str, role: str) -> Committee:
    """The committee ``fec_id`` if the request holds ``role`` in it, else NotFound naming ``committee``."""
    return committee_by_fec_id(fec_id=fec_id.upper(), **committee_filter(request, role, "pk"))


def row_of(rows: type[M] | QuerySet[M], *, missing: str, field: str = "", **lookup: Any) -> M:  # noqa: ANN401
    """The one row of ``rows`` (a model or a narrowed queryset) matching ``lookup`` (pass ``committee=`` or a
    ``committee_filter``), else NotFound with ``missing`` as its message, naming ``field`` when the request named
    the row in its body (a path parameter names no field)."""
    queryset = rows.objects.all() if isinstance(rows, type) else rows
    row = queryset.filter(**lookup).first()
    if row is None:
        raise NotFound(missing, field=field or None)
    return row
