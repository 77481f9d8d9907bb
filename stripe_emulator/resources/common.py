"""Helpers shared by resource modules: routes, metadata, expansion of ids into objects."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stripe_emulator.errors import invalid
from stripe_emulator.forms import get_dict, get_int, get_str
from stripe_emulator.store import Ctx

Handler = Callable[..., Any]


@dataclass(frozen=True)
class Route:
    """``METHOD /path/{id}`` -> handler. ``client`` routes accept a publishable key plus ``client_secret``."""

    method: str
    pattern: str
    handler: Handler
    client: bool = False


def clean_metadata(value: dict[str, Any] | None) -> dict[str, str]:
    """Metadata as sent on create: values become strings, empty values are dropped."""
    if not value:
        return {}
    if len(value) > 50:
        raise invalid("Metadata can have at most 50 keys.", param="metadata")
    return {str(k): str(v) for k, v in value.items() if v not in ("", None)}


#: (object kind, field) -> function computing a field that Stripe only includes when expanded.
INCLUDABLE: dict[tuple[str, str], Callable[[Ctx, dict[str, Any]], Any]] = {}


def expand(ctx: Ctx, obj: Any, paths: list[str]) -> Any:
    """Apply ``expand[]`` paths (``latest_charge``, ``latest_invoice.confirmation_secret``, ``data.customer``)
    to a response object, returning copies so stored objects are never changed."""
    for path in paths:
        if isinstance(path, str) and path:
            obj = _expand_one(ctx, obj, path.split("."))
    return obj


def _expand_one(ctx: Ctx, obj: Any, parts: list[str]) -> Any:
    if not isinstance(obj, dict) or not parts:
        return obj
    head, rest = parts[0], parts[1:]
    copy = dict(obj)
    if head == "data" and obj.get("object") == "list" and isinstance(obj.get("data"), list):
        copy["data"] = [_expand_one(ctx, item, rest) for item in obj["data"]]
        return copy
    includable = INCLUDABLE.get((obj.get("object", ""), head))
    if includable is not None:
        value = includable(ctx, obj)
    elif head in obj:
        value = obj[head]
        if isinstance(value, str):
            value = ctx.store.find(value) or value
    else:
        raise invalid(f"This property cannot be expanded ({head}).", param="expand")
    copy[head] = _expand_one(ctx, value, rest) if rest else value
    return copy


def filter_rows(ctx: Ctx, kind: str, params: dict[str, Any], fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """Objects of ``kind``, newest first, filtered by equality on ``fields`` and by ``created[gte|gt|lte|lt]``."""
    rows = list(ctx.store.newest_first(kind))
    for name in fields:
        value = get_str(params, name)
        if value:
            rows = [row for row in rows if row.get(name) == value]
    created = get_dict(params, "created")
    if created:
        for op, test in (("gte", int.__ge__), ("gt", int.__gt__), ("lte", int.__le__), ("lt", int.__lt__)):
            bound = get_int(created, op)
            if bound is not None:
                rows = [row for row in rows if test(int(row["created"]), bound)]
    return rows
