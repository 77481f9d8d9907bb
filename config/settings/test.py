"""Settings for the test suite. Tests talk to real services: PostgreSQL and Redis by default
(DATABASE_URL / CELERY_BROKER_URL override them); a service that is down fails the run."""

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

DATABASES["default"] = env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/fundraising")
# The test process closes connections after each request (pytest-django drops the database at the end);
# the worker processes the tests start keep theirs (TEST_CONN_MAX_AGE), as a deployed worker would.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("TEST_CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="test_fundraising")}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The worker process writes mail to files the tests read (the test process itself uses locmem).
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default="test-artifacts/emails")
STRIPE_WEBHOOK_SECRET = "whsec_test_suite"
# The page loads Stripe.js from Stripe, as in production; only the browser test answers that URL locally.
STRIPE_JS_URL = "https://js.stripe.com/v3/"
# Rate-limit counters live in Redis, as in production (shared by every web process and thread), in a
# database of their own (the broker's number minus 8, or plus 8 below 8; TEST_CACHE_URL overrides) so tests can
# clear it without touching queued tasks.
_broker_base, _, _broker_db = CELERY_BROKER_URL.rpartition("/")
_cache_db = int(_broker_db or 15)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env.str(
            "TEST_CACHE_URL", default=f"{_broker_base}/{_cache_db - 8 if _cache_db >= 8 else _cache_db + 8}"
        ),
    }
}
# Tests give many gifts from 127.0.0.1; the card-testing test puts the production limits back.
CHECKOUT_RATE_LIMITS = {"ip": "1000/m", "email": "1000/m", "session": "1000/m", "payment_method": "1000/m"}
# django-ratelimit predates Django's own Redis backend; it needs atomic add/incr, which that backend has.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# The worker polls the FEC emulator's status quickly (production: every 30 s).
FEC_FILING_POLL_SECONDS = env.float("FEC_FILING_POLL_SECONDS", default=0.2)
