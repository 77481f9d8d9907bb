"""Gunicorn settings for production (``gunicorn config.wsgi:application -c config/gunicorn.conf.py``).

Metrics: with ``PROMETHEUS_MULTIPROC_DIR`` set (an empty directory of this server's own, e.g. a tmpfs), every
worker process writes its metric values there and ``/metrics`` answers the sum over all of them
(prometheus_client's multiprocess mode). The master empties the directory before it forks its workers, and marks a
worker's files dead when it exits. Override the worker count with ``GUNICORN_WORKERS`` / ``--workers``.

With ``GUNICORN_METRICS_PORT`` also set, the master serves the same sum on that port (bearer ``METRICS_TOKEN``):
the master handles no requests, so this endpoint answers even when every worker thread is busy, which is exactly
when it is needed (the deadline-night drill saw ``/metrics`` starve under overload). The gauges computed at scrape
time (queue depth, unprocessed events, notices) are on ``/metrics`` and on every worker's endpoint."""

import os
from pathlib import Path

workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# Access log (when enabled with --access-logfile) without donors' signed links or secret query values.
logger_class = "fundraising.gunicorn_logging.RedactingLogger"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))


def on_starting(server) -> None:  # noqa: ANN001
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink(missing_ok=True)


def child_exit(server, worker) -> None:  # noqa: ANN001
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def when_ready(server) -> None:  # noqa: ANN001
    port = int(os.environ.get("GUNICORN_METRICS_PORT") or 0)
    token = os.environ.get("METRICS_TOKEN", "")
    if not (port and token and os.environ.get("PROMETHEUS_MULTIPROC_DIR")):
        return
    import hmac
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.exposition import CONTENT_TYPE_LATEST, ThreadingWSGIServer
    from prometheus_client.multiprocess import MultiProcessCollector

    expected = f"Bearer {token}".encode()

    def app(environ, start_response):  # noqa: ANN001, ANN202
        given = environ.get("HTTP_AUTHORIZATION", "").encode()
        if not hmac.compare_digest(given, expected):
            start_response("401 Unauthorized", [("Content-Type", "text/plain"), ("WWW-Authenticate", "Bearer")])
            return [b"unauthorized\n"]
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        body = generate_latest(registry)
        start_response("200 OK", [("Content-Type", CONTENT_TYPE_LATEST), ("Content-Length", str(len(body)))])
        return [body]

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    address = os.environ.get("GUNICORN_METRICS_ADDR", "0.0.0.0")  # noqa: S104 (a scrape target; token-protected)
    httpd = make_server(address, port, app, server_class=ThreadingWSGIServer, handler_class=Quiet)
    threading.Thread(target=httpd.serve_forever, name="metrics", daemon=True).start()
    server.log.info("metrics of every worker on %s:%s", address, port)
