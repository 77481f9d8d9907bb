"""Settings for `make run` on a laptop: DEBUG on unless the environment says otherwise."""

from fundraising.env import env
from fundraising.settings.base import *  # noqa: F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
