"""TOTP secrets encrypted at rest. django-otp keeps a device's secret in ``TOTPDevice.key`` (80 characters,
hex); we store there ``a1$`` + URL-safe base64 of AES-256-GCM(nonce, secret) instead, under
``TOTP_ENCRYPTION_KEY`` (32 random bytes, URL-safe base64, from the environment; outside production derived from
SECRET_KEY). A database dump alone then gives no second factor. ``accounts.models.StaffTOTPDevice`` (a proxy of
TOTPDevice) decrypts on use; every device of ours is created through :func:`totp_key_encrypt`."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "a1$"
NONCE_BYTES = 12
AAD = b"accounts.totp-secret"
MAX_SECRET_BYTES = 28  # 12 + 28 + 16 bytes of base64 plus the prefix fit TOTPDevice.key (80 characters)


class TotpSecretError(ValueError):
    pass


def _key() -> bytes:
    configured = getattr(settings, "TOTP_ENCRYPTION_KEY", "")
    if configured:
        raw = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        if len(raw) != 32:
            raise TotpSecretError("TOTP_ENCRYPTION_KEY must be 32 bytes, URL-safe base64.")
        return raw
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"totp-encryption-key")
    return hkdf.derive(settings.SECRET_KEY.encode())


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def totp_key_encrypt(secret: bytes) -> str:
    if not 0 < len(secret) <= MAX_SECRET_BYTES:
        raise TotpSecretError(f"A TOTP secret is 1 to {MAX_SECRET_BYTES} bytes.")
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key()).encrypt(nonce, secret, AAD)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def totp_key_decrypt(stored: str) -> bytes:
    if not is_encrypted(stored):
        raise TotpSecretError("This TOTP secret is not encrypted (run the migrations).")
    body = stored[len(PREFIX) :]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        return AESGCM(_key()).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], AAD)
    except Exception as exc:  # InvalidTag: wrong key or altered row
        raise TotpSecretError("This TOTP secret cannot be decrypted with TOTP_ENCRYPTION_KEY.") from exc
