"""Staff access: passwords plus TOTP (django-otp), roles per committee as Django permissions (accounts)."""

from datetime import timedelta

from config.env import env

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out account or client before the password
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.CommitteeRoleBackend",  # admin permissions from committee roles
]
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Campaign fundraising")
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try

# What anonymous requests (failed logins) may write to the audit log: events per client address and window.
AUDIT_ANONYMOUS_EVENTS_PER_CLIENT = env.int("AUDIT_ANONYMOUS_EVENTS_PER_CLIENT", default=20)
AUDIT_ANONYMOUS_WINDOW_SECONDS = env.int("AUDIT_ANONYMOUS_WINDOW_SECONDS", default=900)

# Password guessing (django-axes): failures are counted per account and per client address (separately); at
# AXES_FAILURE_LIMIT the account, or the address, is locked for AXES_COOLOFF_TIME, even with the right password.
# A lockout is audited (auth.login.locked_out); an operator lifts it early with `manage.py login_unlock` or in
# the admin (Axes > Access attempts: delete), audited as auth.lockout.lifted. A success resets the account's count.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "fundraising.client_ip.client_ip"  # behind CHECKOUT_TRUSTED_PROXY_COUNT proxies
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.lockouts.attempted_username"  # bounded: anyone can type a 1 MB "username"
AXES_SENSITIVE_PARAMETERS = ["password", "code", "token"]

# Staff sessions: signed out after SESSION_IDLE_TIMEOUT_SECONDS without a request, and SESSION_COOKIE_AGE after
# sign-in whatever happens (accounts.sessions). Refunds, API tokens, role changes and marking a report filed ask
# for the code again when it was verified more than OTP_FRESH_SECONDS ago (accounts.fresh).
SESSION_COOKIE_AGE = env.int("SESSION_ABSOLUTE_SECONDS", default=8 * 3600)
SESSION_IDLE_TIMEOUT_SECONDS = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OTP_FRESH_SECONDS = env.int("OTP_FRESH_SECONDS", default=10 * 60)
# A first authenticator is set up only through an enrolment link (accounts.enrolment), valid this long, once.
ENROLMENT_LINK_HOURS = env.int("ENROLMENT_LINK_HOURS", default=72)
# TOTP secrets are encrypted at rest with this key (32 bytes, URL-safe base64; generate with
# `python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"`). Production
# requires it; elsewhere it is derived from SECRET_KEY. Changing it makes every enrolled authenticator unusable.
TOTP_ENCRYPTION_KEY = env.str("TOTP_ENCRYPTION_KEY", default="")
# API tokens expire this many days after they are created (the console shows when).
API_TOKEN_LIFETIME_DAYS = env.int("API_TOKEN_LIFETIME_DAYS", default=90)
