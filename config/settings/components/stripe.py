"""Stripe: keys, API base (the emulator by default), webhook verification."""

from config.env import env

# With no Stripe key set, the embedded default is the local emulator (stripe_emulator/). With a real
# key (sk_test_...) and no STRIPE_API_BASE, the same code talks to Stripe itself.
STRIPE_EMULATOR_URL = env.str("STRIPE_EMULATOR_URL", default="http://127.0.0.1:12111")
_stripe_key_from_env = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_SECRET_KEY = _stripe_key_from_env or "sk_test_emulator"
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="pk_test_emulator")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="whsec_emulator")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="" if _stripe_key_from_env else STRIPE_EMULATOR_URL)
STRIPE_API_VERSION = env.str("STRIPE_API_VERSION", default="2026-10-28.endive")
STRIPE_WEBHOOK_TOLERANCE_SECONDS = env.int("STRIPE_WEBHOOK_TOLERANCE_SECONDS", default=300)
STRIPE_MAX_NETWORK_RETRIES = env.int("STRIPE_MAX_NETWORK_RETRIES", default=2)
# Where the donation page loads Stripe.js from. Production and the browser test use Stripe's own URL
# (PCI requires it); only the offline demo, pointed at the emulator, loads the emulator's stand-in.
STRIPE_JS_URL = env.str(
    "STRIPE_JS_URL",
    default=f"{STRIPE_API_BASE}/js/v3/stripe.js"
    if STRIPE_API_BASE == STRIPE_EMULATOR_URL
    else "https://js.stripe.com/v3/",
)
# Stripe's card processing fee (percent of the charge plus a fixed amount), the one definition the donation page's
# "cover the processing fee" amount is computed from (fundraising.fees). The books take each gift's actual fee from
# its balance transaction; this is the standard US card rate they match. The emulator charges the same by default
# (STRIPE_EMULATOR_CARD_FEE_PERCENT / _FIXED; tests/donations/test_fee_cover.py checks they agree).
STRIPE_CARD_FEE_PERCENT = env.str("STRIPE_CARD_FEE_PERCENT", default="2.9")
STRIPE_CARD_FEE_FIXED = env.str("STRIPE_CARD_FEE_FIXED", default="0.30")
# Apple Pay: the domain-association file Apple gives when a domain is registered with Stripe, served as is at
# /.well-known/apple-developer-merchantid-domain-association (404 while unset). Google Pay needs no file.
APPLE_PAY_DOMAIN_ASSOCIATION = env.str("APPLE_PAY_DOMAIN_ASSOCIATION", default="")
# A stored event whose processing task was handed to the broker less than this long ago is not queued again by a
# redelivered webhook or the redelivery sweep: it is still waiting in the queue (a backlog), not lost. A task
# lost with the broker's data (Redis restarted empty) is queued again once this has passed.
STRIPE_EVENT_REQUEUE_SECONDS = env.int("STRIPE_EVENT_REQUEUE_SECONDS", default=600)
