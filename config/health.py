"""Liveness and readiness endpoints for a load balancer.

/healthz: the process answers (liveness: restart it if not). /readyz: it can do its job: the database
answers, the Celery broker accepts a connection and, when a shared cache is configured, the cache answers
(readiness: send it no traffic while 503). Errors are reported by type only: no hosts or credentials."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    """The process is up and serving requests."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> JsonResponse:
    """The process can do its job: the database, the Celery broker and the shared cache answer."""
    from config.celery import app

    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any failure means "not ready", reported by type only
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        checks["broker"] = "ok"
    except Exception as exc:
        checks["broker"] = f"error: {type(exc).__name__}"
    if "locmem" not in settings.CACHES["default"]["BACKEND"]:
        try:
            cache.get("readyz")
            checks["cache"] = "ok"
        except Exception as exc:
            checks["cache"] = f"error: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": checks}, status=200 if ready else 503)
