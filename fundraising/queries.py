"""Small query helpers for the hot paths (issue #17: the gift path's CPU)."""

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def one_or_none(queryset: QuerySet[M]) -> M | None:
    """The one row of a lookup on a primary or unique key (or a lock claim on one), else None.

    ``.first()`` would add ``ORDER BY pk`` (or the model's ordering), which on a unique lookup orders nothing; and
    Django 5.2 builds that ORDER BY by walking every selected column (a ``PositionRef`` each): with a few
    select_related tables it was the biggest share of the query's Python cost (the profile of bench/intake.py).
    Same SQL otherwise, with ``LIMIT 1``."""
    return next(iter(queryset.order_by()[:1]), None)
