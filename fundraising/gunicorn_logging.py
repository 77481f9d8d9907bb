"""Gunicorn's access log with secrets redacted from the request line, path, query string and referrer
(fundraising.log_redaction): donors' signed links must not land in the access log. Set as ``logger_class`` in
config/gunicorn.conf.py. It lives in the kernel, not in ``config``: importing anything under ``config`` loads the
Celery app and the metrics in gunicorn's master before ``on_starting`` has prepared PROMETHEUS_MULTIPROC_DIR."""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger

from fundraising.log_redaction import redact_secrets


class RedactingLogger(Logger):
    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact_secrets(value) if isinstance(value, str) else value for key, value in atoms.items()}
