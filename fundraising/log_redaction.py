"""Secrets that travel in URLs never reach the logs: donors' signed links (monthly-gift cancel, best-efforts form),
staff enrolment links and secret query values are replaced by ``[redacted]`` in every log line that carries a
path (our request line, ``django.request``, ``django.server``, gunicorn's access log). One definition, used by
the logging filter below, the request middleware and ``fundraising.gunicorn_logging``."""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
# A path segment after one of these is a bearer secret (whoever holds the link acts with it; "sign-in": a donor's
# self-service link).
SECRET_PATH_SEGMENTS = ("best-efforts", "cancel", "enrol", "sign-in")
_SEGMENTS = "|".join(SECRET_PATH_SEGMENTS)
_SECRET_SEGMENT = re.compile(rf"(/(?:{_SEGMENTS})/)[^/?#\s\"']+")
# Django signing tokens anywhere: value:timestamp:signature (and value:signature), URL-safe base64.
_SIGNED_TOKEN = re.compile(r"[A-Za-z0-9_\-.]+(?::[A-Za-z0-9_\-]{4,10})?:[A-Za-z0-9_\-]{20,}")
_SECRET_QUERY = re.compile(r"((?<![\w-])(?:token|key|secret|signature|sig|code|password|otp)=)[^&;#\s\"']+", re.I)


def redact_secrets(text: str) -> str:
    text = _SECRET_SEGMENT.sub(r"\1" + REDACTED, text)
    text = _SECRET_QUERY.sub(r"\1" + REDACTED, text)
    return _SIGNED_TOKEN.sub(REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """Rewrites the record's message with secrets redacted (set on loggers that log paths, and on handlers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
