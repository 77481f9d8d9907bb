"""Settings for `make run` on a laptop: DEBUG on unless the environment says otherwise."""

from config.env import env
from config.settings.base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# One web process on a laptop: in-memory rate-limit counters are enough there (production uses Redis).
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
