"""Production settings: refuse to start when something unsafe is configured."""

from django.core.exceptions import ImproperlyConfigured

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY

if DEBUG:
    raise ImproperlyConfigured("DJANGO_DEBUG must be off in production.")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a long random value in production.")
for _name in ("STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY", "STRIPE_WEBHOOK_SECRET"):
    if not env.str(_name, default=""):
        raise ImproperlyConfigured(f"{_name} must be set in production.")
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
