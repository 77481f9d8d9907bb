"""Express giving (donations/services/express.py): a saved card, one tap from a receipt link or this device."""

from config.env import env

# How long the one-tap links in a receipt work, and how long a device stays recognised after the donor's consent.
EXPRESS_LINK_MAX_AGE_DAYS = env.int("EXPRESS_LINK_MAX_AGE_DAYS", default=60)
EXPRESS_DEVICE_MAX_AGE_DAYS = env.int("EXPRESS_DEVICE_MAX_AGE_DAYS", default=180)
EXPRESS_COOKIE_NAME = "express_giving"
