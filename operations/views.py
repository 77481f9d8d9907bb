"""``GET /metrics``: this web server's metrics (all its gunicorn workers in multiprocess mode) plus the gauges
computed at scrape time. Bearer token only; 404 when no token is configured."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from operations.metrics_export import render_metrics, token_ok


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not settings.METRICS_TOKEN:
        raise Http404
    if not token_ok(request.headers.get("Authorization")):
        response = HttpResponse("unauthorized\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = "Bearer"
        return response
    return HttpResponse(render_metrics(include_state=True), content_type=CONTENT_TYPE_LATEST)
