"""Request id middleware: one id per request, from ``X-Request-ID`` or new, in every log line of the request
and in the tasks it queues (``fundraising.logging_context``); echoed back in the response's ``X-Request-ID``.
Logs one line per request with method, path (no query string; signed-link tokens redacted), status and duration:
no donor data."""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from fundraising.log_redaction import redact_secrets
from fundraising.logging_context import clean_request_id, reset_request_id, set_request_id

logger = logging.getLogger("fundraising.request")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = clean_request_id(request.headers.get("X-Request-ID"))
        request.request_id = request_id
        token = set_request_id(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            if request.path not in ("/healthz", "/readyz"):  # load balancers poll these every few seconds
                logger.info(
                    "request %s %s %s",
                    request.method,
                    redact_secrets(request.path),
                    response.status_code,
                    extra={"status": response.status_code, "duration_ms": round(1000 * (time.monotonic() - started))},
                )
            return response
        finally:
            reset_request_id(token)
