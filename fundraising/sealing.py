"""Small secrets kept encrypted at rest (a committee's FEC filing password): AES-256-GCM with a random nonce,
stored as ``s1$`` + URL-safe base64 of nonce + ciphertext, the purpose as associated data (a value sealed for one
purpose never opens as another). The same construction as accounts/totp_secrets.py, for values that are text.

The key is ``FIELD_ENCRYPTION_KEY`` (32 random bytes, URL-safe base64, from the environment; production refuses
to start without it); outside production it is derived from SECRET_KEY. A database dump alone then gives no
filing password."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "s1$"
NONCE_BYTES = 12


class SealError(ValueError):
    pass


def _key() -> bytes:
    configured = getattr(settings, "FIELD_ENCRYPTION_KEY", "")
    if configured:
        raw = base64.urlsafe_b64decode(configured + "=" * (-len(configured) % 4))
        if len(raw) != 32:
            raise SealError("FIELD_ENCRYPTION_KEY must be 32 bytes, URL-safe base64.")
        return raw
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"field-encryption-key")
    return hkdf.derive(settings.SECRET_KEY.encode())


def seal(plaintext: str, *, purpose: str) -> str:
    """Encrypt ``plaintext`` for ``purpose`` (e.g. ``"fec-filing-password"``)."""
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(_key()).encrypt(nonce, plaintext.encode(), purpose.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")


def unseal(stored: str, *, purpose: str) -> str:
    """The plaintext of a value :func:`seal` made for the same purpose."""
    if not stored.startswith(PREFIX):
        raise SealError("This value is not sealed.")
    body = stored[len(PREFIX) :]
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    try:
        return AESGCM(_key()).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode()
    except Exception as exc:  # InvalidTag: wrong key, wrong purpose or an altered row
        raise SealError("This value cannot be decrypted with FIELD_ENCRYPTION_KEY.") from exc
