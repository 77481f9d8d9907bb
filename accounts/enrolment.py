"""Enrolment links: the only way to set up a first authenticator. A password alone never shows a TOTP secret.

A treasurer issues a link for a person of their committee (console, Settings > People), an operator for anyone
(``manage.py enrolment_link <username>``). The link is one-time and expires after ENROLMENT_LINK_HOURS; issuing a
new one voids the older ones. The person signs in with their password, opens the link, and the OTP page then
shows a new secret until a first code confirms it; the link is then used up. Issuing and using are audited."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.audit import audit_access
from accounts.models import EnrolmentLink, StaffTOTPDevice
from fundraising.exceptions import ApplicationError

SESSION_KEY = "enrolment_link"
URL_PREFIX = "/accounts/enrol/"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def enrolment_link_issue(*, user: Any, issued_by: Any = None) -> str:
    """A new link's path for ``user`` (shown once). Older unused links of the user stop working, and a pending
    (unconfirmed) device is dropped so the new enrolment shows a new secret."""
    if not user.is_active:
        raise ApplicationError("That account is disabled.", field="username")
    now = timezone.now()
    EnrolmentLink.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    StaffTOTPDevice.objects.filter(user=user, confirmed=False).delete()
    secret = secrets.token_urlsafe(32)
    link = EnrolmentLink.objects.create(
        user=user,
        secret_hash=_hash(secret),
        issued_by=issued_by if getattr(issued_by, "pk", None) else None,
        expires_at=now + timedelta(hours=settings.ENROLMENT_LINK_HOURS),
    )
    audit_access(
        action="auth.enrolment_link.issued",
        obj=user,
        actor=issued_by,
        after={"link": link.pk, "expires_at": link.expires_at.isoformat()},
    )
    return f"{URL_PREFIX}{secret}/"


def _valid(query: Any) -> Any:
    return query.filter(used_at__isnull=True, expires_at__gt=timezone.now())


def enrolment_link_open(*, request: HttpRequest, secret: str) -> bool:
    """The signed-in person opened their link: remember it in the session (it is used up on confirmation)."""
    link = _valid(EnrolmentLink.objects.filter(secret_hash=_hash(secret), user_id=request.user.pk)).first()
    if link is None:
        return False
    request.session[SESSION_KEY] = link.pk
    return True


def enrolment_link_in_session(request: HttpRequest) -> EnrolmentLink | None:
    pk = request.session.get(SESSION_KEY)
    if pk is None or not request.user.is_authenticated:
        return None
    return _valid(EnrolmentLink.objects.filter(pk=pk, user_id=request.user.pk)).first()


def enrolment_link_use(*, request: HttpRequest, link: EnrolmentLink) -> None:
    EnrolmentLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
    request.session.pop(SESSION_KEY, None)
    audit_access(action="auth.enrolment_link.used", obj=request.user, actor=request.user, after={"link": link.pk})
