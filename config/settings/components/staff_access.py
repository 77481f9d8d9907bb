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
