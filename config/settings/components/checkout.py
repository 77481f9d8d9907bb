"""Card-testing defence on the public checkout (donations/services/card_testing.py)."""

from decimal import Decimal

from config.env import env

CHECKOUT_RATE_LIMITS = {
    "ip": env.str("CHECKOUT_RATE_IP", default="10/m"),
    "email": env.str("CHECKOUT_RATE_EMAIL", default="5/m"),
    "session": env.str("CHECKOUT_RATE_SESSION", default="10/m"),
    "payment_method": env.str("CHECKOUT_RATE_PAYMENT_METHOD", default="3/m"),
}
# Card testers probe with tiny amounts: nothing below this reaches Stripe.
CHECKOUT_MINIMUM_AMOUNT = Decimal(env.str("CHECKOUT_MINIMUM_AMOUNT", default="1.00"))
CHECKOUT_DECLINES_BEFORE_LOCKOUT = env.int("CHECKOUT_DECLINES_BEFORE_LOCKOUT", default=5)
CHECKOUT_DECLINE_WINDOW_SECONDS = env.int("CHECKOUT_DECLINE_WINDOW_SECONDS", default=3600)
CHECKOUT_LOCKOUT_SECONDS = env.int("CHECKOUT_LOCKOUT_SECONDS", default=1800)
# Failed confirmations one PaymentIntent may collect before it is canceled (its client secret is then useless).
CHECKOUT_DECLINES_PER_INTENT = env.int("CHECKOUT_DECLINES_PER_INTENT", default=3)
# Behind a load balancer, how many proxies append to X-Forwarded-For (0: trust REMOTE_ADDR only).
CHECKOUT_TRUSTED_PROXY_COUNT = env.int("CHECKOUT_TRUSTED_PROXY_COUNT", default=0)
# Optional Cloudflare Turnstile: off unless both keys are set.
TURNSTILE_SITE_KEY = env.str("TURNSTILE_SITE_KEY", default="")
TURNSTILE_SECRET_KEY = env.str("TURNSTILE_SECRET_KEY", default="")
TURNSTILE_VERIFY_URL = env.str(
    "TURNSTILE_VERIFY_URL", default="https://challenges.cloudflare.com/turnstile/v0/siteverify"
)
RATELIMIT_USE_CACHE = "default"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
