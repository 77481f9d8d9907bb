"""Settings shared by every environment. Everything that differs between machines comes from the
environment; with nothing set, the embedded defaults need no external server: a SQLite file, a
filesystem Celery broker consumed by a real worker, and the Stripe emulator shipped in this repo."""

from config.env import BASE_DIR, env
from config.settings.paths import VAR_DIR

DEFAULT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEFAULT_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI assets served locally: the docs work offline
    "django_ratelimit",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",  # login throttling and lockout per account and per client (config/settings/components/staff_access.py)
    # Our apps, lowest layer first; imports only point down this list (import-linter contracts in pyproject.toml).
    "committees",  # committees, elections, conduits, the limits table
    "audit",  # the audit trail of every change to money or compliance state
    "accounts",  # staff access: roles per committee, API tokens, the second factor
    "donations",  # donors, pages, payments through Stripe, limits at checkout
    "compliance",  # reports, the compliance desk, imports
    "console",  # the treasurer's console at /staff/ (above compliance: it calls the services of both apps)
    "operations",  # metrics, error reporting, backups, reads off the primary
]

MIDDLEWARE = [
    "fundraising.middleware.RequestIdMiddleware",
    "operations.middleware.MetricsMiddleware",  # counts and times every response (/metrics)
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.sessions.SessionLifetimeMiddleware",  # idle timeout and absolute lifetime of a staff session
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): did this session pass TOTP?
    "accounts.middleware.StaffOTPRequiredMiddleware",  # /admin/ and /staff/ need it
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",  # a strict policy on every response; some views set their own
    "operations.middleware.ReplicaReadsMiddleware",  # dashboard and export reads off the primary, when configured
    "axes.middleware.AxesMiddleware",  # answers 429 to a locked-out login (django-axes; last, as it documents)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "config" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

from config.settings.components.database import *  # noqa: E402, F403  (pooled PostgreSQL)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
from config.settings.components.storage import *  # noqa: E402, F403  (filesystem or S3)

LOGIN_URL = "accounts-login"

# Staff API: an API token (one committee, one role) or a session that passed the second factor. No Basic auth
# (a password alone must never reach staff data). Views that don't name their permissions stay staff-only.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiTokenAuthentication",
        "accounts.authentication.OTPSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "fundraising.api.exception_handler.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Campaign fundraising API",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": "Donations (public) and the staff API the treasurer's console shares: reports, gifts, refunds, "
    "donors and the compliance desk. Staff authenticate with an API token (one committee, one role) or a session "
    "that passed the second factor; objects of other committees answer 404.",
    # Independent expenditures' payees and Form 3P's liquidation items take the same four entity codes: one enum.
    "ENUM_NAME_OVERRIDES": {"PayeeEntityTypeEnum": "compliance.services.independent.PAYEE_CODES"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "fundraising.api.schema.describe_path_parameters",
    ],
}

# Integrations, one module each (config/settings/components/).
from config.settings.components.cache import *  # noqa: E402, F403
from config.settings.components.celery import *  # noqa: E402, F403
from config.settings.components.checkout import *  # noqa: E402, F403
from config.settings.components.donor_pages import *  # noqa: E402, F403
from config.settings.components.express import *  # noqa: E402, F403
from config.settings.components.fec_filing import *  # noqa: E402, F403
from config.settings.components.logging import *  # noqa: E402, F403
from config.settings.components.operations import *  # noqa: E402, F403  (after celery, database, storage)
from config.settings.components.security_headers import *  # noqa: E402, F403
from config.settings.components.staff_access import *  # noqa: E402, F403
from config.settings.components.stripe import *  # noqa: E402, F403

# --- FEC ----------------------------------------------------------------------------------------
FEC_FORMAT_VERSION = "8.5"
FEC_SOFTWARE_NAME = env.str("FEC_SOFTWARE_NAME", default="CampaignFundraisingBackend")
FEC_SOFTWARE_VERSION = env.str("FEC_SOFTWARE_VERSION", default="0.1.0")

# Absolute links in emails (receipts, cancel links, best-efforts requests) start with this.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="donations@example.org")

# The demo's mailbox page (/demo/mailbox/): only `make run`'s laptop settings turn it on.
DEMO_MAILBOX = False
