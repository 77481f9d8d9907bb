"""Every response counted and timed by route; GET requests under ``REPLICA_READ_PATHS`` (the staff dashboard,
exports) read from the replica once it has caught up with the primary (operations/replica.py)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from fundraising.db_reads import reading_from
from fundraising.metrics import HTTP_DURATION, HTTP_REQUESTS
from operations.replica import read_session, replica_configured


class MetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.route or match.view_name) if match is not None else "unmatched"
        if route == "metrics":
            return response
        HTTP_REQUESTS.labels(route=route, status=f"{response.status_code // 100}xx").inc()
        HTTP_DURATION.labels(route=route).observe(time.perf_counter() - started)
        return response


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.prefixes = tuple(settings.REPLICA_READ_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and replica_configured() and request.path.startswith(self.prefixes):
            with read_session(purpose=request.path) as alias:
                response = self.get_response(request)
            if getattr(response, "streaming", False):  # a streamed export reads while it is sent
                response.streaming_content = _in_session(alias, response.streaming_content)  # type: ignore[attr-defined]
            return response
        return self.get_response(request)


def _in_session(alias: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
    with reading_from(alias):
        yield from chunks
