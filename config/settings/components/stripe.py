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
# A stored event whose processing task was handed to the broker less than this long ago is not queued again by a
# redelivered webhook or the redelivery sweep: it is still waiting in the queue (a backlog), not lost. A task
# lost with the broker's data (Redis restarted empty) is queued again once this has passed.
STRIPE_EVENT_REQUEUE_SECONDS = env.int("STRIPE_EVENT_REQUEUE_SECONDS", default=600)
