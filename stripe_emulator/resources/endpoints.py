"""Webhook endpoints through the API (``/v1/webhook_endpoints``) and Events (``/v1/events``)."""

from __future__ import annotations

from typing import Any

from stripe_emulator import events, templates
from stripe_emulator.errors import invalid, not_found
from stripe_emulator.forms import get_bool, get_dict, get_list, get_str, merge_metadata
from stripe_emulator.ids import webhook_secret
from stripe_emulator.resources.common import Route, clean_metadata
from stripe_emulator.store import Ctx, paginate
from stripe_emulator.webhooks import Endpoint


def _view(ctx: Ctx, endpoint: Endpoint, *, with_secret: bool = False) -> dict[str, Any]:
    obj = ctx.store.kinds["webhook_endpoint"][endpoint.id]
    obj.update(
        url=endpoint.url,
        enabled_events=list(endpoint.enabled_events),
        status="enabled" if endpoint.enabled else "disabled",
    )
    if with_secret:
        return {**obj, "secret": endpoint.secret}
    return obj


def _endpoint(ctx: Ctx, endpoint_id: str) -> Endpoint:
    for endpoint in ctx.dispatcher.endpoints:
        if endpoint.id == endpoint_id and endpoint.source == "api":
            return endpoint
    raise not_found("webhook_endpoint", endpoint_id)


def create(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/webhook_endpoints`` (url, enabled_events[], description, metadata); returns ``secret`` once."""
    url = get_str(params, "url", required=True) or ""
    if not url.startswith(("http://", "https://")):
        raise invalid("Invalid URL: URL must be publicly accessible or use http(s).", param="url")
    enabled = [str(e) for e in get_list(params, "enabled_events")]
    if not enabled:
        raise invalid("Missing required param: enabled_events.", param="enabled_events", code="parameter_missing")
    endpoint = Endpoint(url=url, secret=webhook_secret(), enabled_events=enabled, source="api")
    obj = templates.new(
        "webhook_endpoint",
        id=endpoint.id,
        created=ctx.now(),
        description=get_str(params, "description"),
        metadata=clean_metadata(get_dict(params, "metadata")),
        api_version=get_str(params, "api_version"),
    )
    ctx.store.add(obj)
    ctx.dispatcher.add_endpoint(endpoint)
    return _view(ctx, endpoint, with_secret=True)


def retrieve(ctx: Ctx, params: dict[str, Any], endpoint_id: str) -> dict[str, Any]:
    """``GET /v1/webhook_endpoints/{id}``."""
    return _view(ctx, _endpoint(ctx, endpoint_id))


def update(ctx: Ctx, params: dict[str, Any], endpoint_id: str) -> dict[str, Any]:
    """``POST /v1/webhook_endpoints/{id}`` (url, enabled_events, disabled, metadata, description)."""
    endpoint = _endpoint(ctx, endpoint_id)
    if params.get("url"):
        endpoint.url = params["url"]
    if params.get("enabled_events"):
        endpoint.enabled_events = [str(e) for e in get_list(params, "enabled_events")]
    if "disabled" in params:
        endpoint.enabled = not get_bool(params, "disabled")
    obj = ctx.store.kinds["webhook_endpoint"][endpoint.id]
    obj["metadata"] = merge_metadata(obj["metadata"], get_dict(params, "metadata"))
    if "description" in params:
        obj["description"] = get_str(params, "description") or None
    return _view(ctx, endpoint)


def delete(ctx: Ctx, params: dict[str, Any], endpoint_id: str) -> dict[str, Any]:
    """``DELETE /v1/webhook_endpoints/{id}``."""
    endpoint = _endpoint(ctx, endpoint_id)
    ctx.dispatcher.remove_endpoint(endpoint.id)
    ctx.store.kinds["webhook_endpoint"].pop(endpoint.id, None)
    ctx.store.objects.pop(endpoint.id, None)
    return templates.new("deleted_webhook_endpoint", id=endpoint.id)


def list_endpoints(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /v1/webhook_endpoints``."""
    rows = [_view(ctx, e) for e in reversed(ctx.dispatcher.endpoints) if e.source == "api"]
    return paginate(rows, params, "/v1/webhook_endpoints")


ROUTES = [
    Route("POST", "/v1/webhook_endpoints", create),
    Route("GET", "/v1/webhook_endpoints", list_endpoints),
    Route("GET", "/v1/webhook_endpoints/{id}", retrieve),
    Route("POST", "/v1/webhook_endpoints/{id}", update),
    Route("DELETE", "/v1/webhook_endpoints/{id}", delete),
    Route("GET", "/v1/events", events.list_events),
    Route("GET", "/v1/events/{id}", events.retrieve),
]
