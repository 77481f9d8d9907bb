"""Stripe-style object ids (``pi_…``, ``cus_…``) and secrets."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def random_chars(length: int = 24) -> str:
    """Return ``length`` random alphanumerics, the body of a Stripe id (from the OS random source)."""
    return "".join(_ALPHABET[b % 62] for b in secrets.token_bytes(length))


def new_id(prefix: str, length: int = 24) -> str:
    """Return a new id such as ``pi_3Pq…`` for the given prefix (without the underscore)."""
    return f"{prefix}_{random_chars(length)}"


def client_secret(object_id: str) -> str:
    """Return a client secret for a PaymentIntent or SetupIntent, in Stripe's ``<id>_secret_<random>`` form."""
    return f"{object_id}_secret_{random_chars(25)}"


def webhook_secret() -> str:
    """Return a new webhook signing secret (``whsec_…``)."""
    return f"whsec_{random_chars(32)}"
