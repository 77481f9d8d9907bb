"""The donor's pages (issue #16)."""

from config.env import env

# An unpaid checkout holds the donor's limit room this long; after it the next limit check releases it and the
# beat job (expire-abandoned-checkouts, every 5 minutes) cancels its PaymentIntent.
CHECKOUT_RESERVATION_MINUTES = env.int("CHECKOUT_RESERVATION_MINUTES", default=30)
