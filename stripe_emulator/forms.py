"""Decoding of Stripe's form-encoded parameters with bracket notation, and typed parameter access.

``metadata[donation_id]=7&items[0][price]=price_x&expand[]=a&expand[]=b`` becomes
``{"metadata": {"donation_id": "7"}, "items": [{"price": "price_x"}], "expand": ["a", "b"]}``.
All leaf values stay strings, as on the wire; the ``get_*`` helpers below convert them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

from stripe_emulator.errors import invalid, missing_param

_KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
_SEGMENT_RE = re.compile(r"\[([^\[\]]*)\]")


def _segments(key: str) -> list[str]:
    match = _KEY_RE.match(key)
    if not match:
        return [key]
    return [match.group(1), *_SEGMENT_RE.findall(match.group(2))]


def _listify(node: Any, name: str = "") -> Any:
    """Turn dicts whose keys are all integers into lists ordered by index (recursively; never metadata)."""
    if isinstance(node, dict):
        converted = {k: _listify(v, k) for k, v in node.items()}
        if name != "metadata" and converted and all(isinstance(k, str) and k.isdigit() for k in converted):
            return [converted[k] for k in sorted(converted, key=int)]
        return converted
    if isinstance(node, list):
        return [_listify(v) for v in node]
    return node


def decode(body: str) -> dict[str, Any]:
    """Decode a form body or query string into nested dicts and lists of strings."""
    root: dict[str, Any] = {}
    for key, value in parse_qsl(body, keep_blank_values=True):
        parts = _segments(key)
        node: Any = root
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            nxt = None if last else parts[i + 1]
            if isinstance(node, list):
                if last:
                    node.append(value)
                    break
                child: Any = [] if nxt == "" else {}
                node.append(child)
                node = child
                continue
            if last:
                node[part] = value
                break
            if part not in node or not isinstance(node[part], (dict, list)):
                node[part] = [] if nxt == "" else {}
            node = node[part]
    return _listify(root)


def get_str(params: dict[str, Any], name: str, *, required: bool = False, default: str | None = None) -> str | None:
    """A string parameter; ``required`` raises Stripe's missing-param error when absent."""
    value = params.get(name)
    if value is None:
        if required:
            raise missing_param(name)
        return default
    if not isinstance(value, str):
        raise invalid(f"Invalid string: {name}", param=name)
    return value


def get_int(params: dict[str, Any], name: str, *, required: bool = False, default: int | None = None) -> int | None:
    """An integer parameter (amounts, timestamps)."""
    value = params.get(name)
    if value is None or value == "":
        if required:
            raise missing_param(name)
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        raise invalid(f"Invalid integer: {value}", param=name, code="parameter_invalid_integer") from None


def get_bool(params: dict[str, Any], name: str, default: bool = False) -> bool:
    """A boolean parameter, sent as ``true``/``false``."""
    value = params.get(name)
    if value is None or value == "":
        return default
    if value in ("true", "True", "1", True):
        return True
    if value in ("false", "False", "0", False):
        return False
    raise invalid(f"Invalid boolean: {value}", param=name)


def get_dict(params: dict[str, Any], name: str) -> dict[str, Any] | None:
    """A hash parameter (``metadata``, ``recurring``); ``""`` (unset) comes back as an empty dict."""
    value = params.get(name)
    if value is None:
        return None
    if value == "":
        return {}
    if not isinstance(value, dict):
        raise invalid(f"Invalid hash: {name}", param=name)
    return value


def get_list(params: dict[str, Any], name: str) -> list[Any]:
    """An array parameter (``expand``, ``items``, ``enabled_events``)."""
    value = params.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return value
    if isinstance(value, dict):  # sparse indexes such as items[1] only
        return list(value.values())
    return [value]


def merge_metadata(current: dict[str, str], update: dict[str, Any] | None) -> dict[str, str]:
    """Apply a metadata update the way Stripe does: empty values delete keys, ``metadata=""`` clears all."""
    if update is None:
        return current
    if not update:
        return {}
    merged = dict(current)
    for key, value in update.items():
        if value == "" or value is None:
            merged.pop(key, None)
        else:
            merged[key] = str(value)
    return merged
