"""Who may see and do what, per committee: memberships of people, and API tokens of integrations."""

from django.conf import settings
from django.db import models
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from accounts.totp_secrets import totp_key_decrypt
from committees.models import Committee


class CommitteeMembership(models.Model):
    """A person's role in one committee. Superusers need none: they see every committee."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_memberships")
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "committee"], name="membership_unique_user_committee")]

    def __str__(self) -> str:
        return f"{self.user} — {self.role} of {self.committee.fec_id}"


class ApiToken(models.Model):
    """An integration's key, for one committee and one role. Only a SHA-256 of the key is stored; the key is
    shown once, when created. Sent as ``Authorization: Token <key>`` (or ``Bearer``); no second factor."""

    name = models.CharField(max_length=100, help_text="What uses it, e.g. 'CRM sync'")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="api_tokens")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="After this the key is refused (API_TOKEN_LIFETIME_DAYS)."
    )

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.role} of {self.committee.fec_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class EnrolmentLink(models.Model):
    """A one-time, expiring link that lets one person set up their first authenticator (with their password).
    Issued by a treasurer of a committee the person belongs to, or by an operator. Only a SHA-256 of the link's
    secret is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolment_links")
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"enrolment link for {self.user} until {self.expires_at:%Y-%m-%d %H:%M}"


class StaffTOTPDevice(TOTPDevice):
    """A TOTP device whose secret is stored encrypted (accounts.totp_secrets); django-otp's verification and
    the otpauth:// URI read ``bin_key``, which decrypts. Create devices with accounts.otp.totp_device_create."""

    class Meta:
        proxy = True
        verbose_name = "TOTP device"

    @property
    def bin_key(self) -> bytes:
        return totp_key_decrypt(self.key)
