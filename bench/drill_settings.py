"""Settings of the processes the deadline-night drill starts (bench/drill.py): the benchmark settings, with receipts
written to files the drill counts."""

from config.env import env
from config.settings.bench import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH")
