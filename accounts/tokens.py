"""API tokens: create (the key is returned once), authenticate, revoke. A token expires API_TOKEN_LIFETIME_DAYS
after creation. Only a SHA-256 of the key is stored
(a key is 256 random bits, so a fast hash is enough; nothing to brute-force)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import ApiToken
from accounts.roles import Role
from committees.models import Committee

KEY_PREFIX = "frk"


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; never stored


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, committee: Committee, role: str, name: str, created_by: Any = None) -> NewToken:
    """A new token for one committee and one role; the audit record is written by accounts.signals."""
    token = ApiToken(committee=committee, role=role, name=name)
    return NewToken(token=token, key=api_token_issue(token=token, created_by=created_by))


def api_token_issue(*, token: ApiToken, created_by: Any = None) -> str:
    """Give an unsaved token (committee, role, name set) its key and save it; returns the key, shown once."""
    Role(token.role)  # refuse an unknown role
    prefix = secrets.token_hex(4)
    key = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    token.prefix = prefix
    token.secret_hash = _hash(key)
    token.created_by = created_by if created_by is not None and getattr(created_by, "pk", None) else None
    token.expires_at = timezone.now() + timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
    token.save()
    return key


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_unexpired(now: datetime) -> Q:
    """Tokens still in their lifetime (one created before expiry was recorded lives its default lifetime)."""
    lifetime = timedelta(days=settings.API_TOKEN_LIFETIME_DAYS)
    return Q(expires_at__gt=now) | Q(expires_at__isnull=True, created_at__gt=now - lifetime)


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The active token for ``key``, or None. Records when it was last used (at most once a minute)."""
    parts = key.split("_", 2)  # the secret part may hold "_" too
    if len(parts) != 3 or parts[0] != KEY_PREFIX:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("committee")
        .filter(api_token_unexpired(now), prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(key)):
        return None
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - timedelta(minutes=1))
    ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    return token
