"""Production settings: refuse to start when something unsafe is configured."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY
from config.settings.secrets_policy import placeholder_problem, secret_key_problem

SECRETS_FROM_ENV = (
    "STRIPE_SECRET_KEY",
    "STRIPE_PUBLISHABLE_KEY",
    "STRIPE_WEBHOOK_SECRET",
    "METRICS_TOKEN",
    "TOTP_ENCRYPTION_KEY",
    "FIELD_ENCRYPTION_KEY",
    "FEC_FILING_API_KEY",
    "TURNSTILE_SECRET_KEY",
    "AWS_SECRET_ACCESS_KEY",
    "SENTRY_DSN",
)

if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
_problem = secret_key_problem(SECRET_KEY, known=(DEFAULT_SECRET_KEY,))
if _problem:
    raise ImproperlyConfigured(_problem)
for _name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
    if not env.str(_name, default=""):
        raise ImproperlyConfigured(f"{_name} must be set in production.")
# Any secret still holding its .env.example placeholder (a known value is no secret: forgeable signed links).
for _name in SECRETS_FROM_ENV:
    _problem = placeholder_problem(_name, env.str(_name, default=""))
    if _problem:
        raise ImproperlyConfigured(_problem)
if not env.str("TOTP_ENCRYPTION_KEY", default=""):
    raise ImproperlyConfigured(
        "TOTP_ENCRYPTION_KEY must be set in production (32 random bytes, URL-safe base64): it encrypts the staff's "
        "authenticator secrets."
    )
if not env.str("FIELD_ENCRYPTION_KEY", default=""):
    raise ImproperlyConfigured(
        "FIELD_ENCRYPTION_KEY must be set in production (32 random bytes, URL-safe base64): it encrypts the "
        "committees' FEC filing passwords."
    )
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# django-ratelimit predates Django's own Redis backend; it needs atomic add/incr, which that backend has.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
