"""Logging. Log ids, never card data, secrets, donor names or addresses.

LOG_FORMAT=json (production, compose, CI-shaped runs): one JSON object per line with time, level, logger,
message, request_id (and task ids in a worker); see fundraising/logging_context.py. LOG_FORMAT=plain (the
laptop default): human-readable lines that still carry the request id."""

from config.env import env

LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
if LOG_FORMAT not in ("json", "plain"):
    raise ValueError("LOG_FORMAT must be json or plain")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "fundraising.logging_context.RequestContextFilter"},
        "redact_secrets": {"()": "fundraising.log_redaction.RedactSecretsFilter"},  # signed links, tokens in URLs
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "fundraising.logging_context.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_context", "redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Loggers that log request paths redact them before any handler (pytest's too) sees the record.
        "django.request": {"filters": ["redact_secrets"]},
        "django.server": {"filters": ["redact_secrets"]},
        "fundraising.request": {"filters": ["redact_secrets"]},
    },
}
