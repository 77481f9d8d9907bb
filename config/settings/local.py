"""Settings for `make run` on a laptop: DEBUG on unless the environment says otherwise."""

from config.env import env
from config.settings.base import *  # noqa: F403
from config.settings.paths import VAR_DIR

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# One web process on a laptop: in-memory rate-limit counters are enough there (production uses Redis).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Mail goes to files under var/mail/ and shows at /demo/mailbox/ (nothing leaves the laptop).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
DEMO_MAILBOX = env.bool("DEMO_MAILBOX", default=True)
