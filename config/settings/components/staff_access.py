"""Staff access: passwords plus TOTP (django-otp), roles per committee as Django permissions (accounts)."""

from config.env import env

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "accounts.backends.CommitteeRoleBackend",  # admin permissions from committee roles
]
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Campaign fundraising")
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try

# What anonymous requests (failed logins) may write to the audit log: events per client address and window.
AUDIT_ANONYMOUS_EVENTS_PER_CLIENT = env.int("AUDIT_ANONYMOUS_EVENTS_PER_CLIENT", default=20)
AUDIT_ANONYMOUS_WINDOW_SECONDS = env.int("AUDIT_ANONYMOUS_WINDOW_SECONDS", default=900)
