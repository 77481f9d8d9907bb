"""Template filters of the console: dollars, deadline states, query strings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import template

register = template.Library()


@register.filter
def usd(value: Any) -> str:
    """$12,345 (whole dollars, for headline figures); negative as −$12."""
    amount = Decimal(value or 0)
    sign = "−" if amount < 0 else ""
    return f"{sign}${abs(amount):,.0f}"


@register.filter
def usd2(value: Any) -> str:
    """$12,345.67; empty for None."""
    if value is None or value == "":
        return ""
    amount = Decimal(value)
    sign = "−" if amount < 0 else ""
    return f"{sign}${abs(amount):,.2f}"


@register.filter
def deadline_status(deadline: Any, today: dt.date) -> str:
    return deadline.status(today)


@register.simple_tag(takes_context=True)
def query(context: dict, **changes: Any) -> str:
    """The current query string with ``changes`` applied (``None`` removes a key); for sort and page links."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.items()))


@register.filter
def get(mapping: dict, key: str) -> Any:
    return mapping.get(key, "")
