"""Donor self-service sign-in (issue #16): an emailed link, signed, expiring and good once.

Asking for a link never tells whether an address gave: the page answers the same either way, and the lookup and
the email happen in a worker (``donor_access_link_send``). A link carries a signed, timestamped pair: its row's id
and a random secret whose SHA-256 digest is all the database keeps. Following it (a POST, so mail scanners that
open links do not spend it) marks the row used in one conditional UPDATE: a link signs in once. The donor's access
is scoped to that address's donor records within the link's committee (``DonorAccess``). Logs carry link ids,
never an address or a token."""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from donations.access_models import DonorAccessLink
from donations.models import DonationPage, Donor
from donations.signals import donor_access_link_requested
from fundraising.exceptions import ApplicationError

logger = logging.getLogger(__name__)
SALT = "donor-access-link"
LINK_LIFETIME = timedelta(minutes=30)
INVALID = "This sign-in link is not valid. Ask for a new one below."
EXPIRED = "This sign-in link has expired (links work for 30 minutes). Ask for a new one below."
USED = "This sign-in link was used already (each link works once). Ask for a new one below."


@dataclass(frozen=True)
class DonorAccess:
    """A signed-in donor: one email address within one committee (through the page they came from)."""

    committee_id: int
    page_slug: str
    email: str
    link_id: int

    @property
    def actor_label(self) -> str:
        """The audit actor for what the donor does: the donor, through this sign-in link."""
        return f"donor:self-service link {self.link_id}"


def normalized_email(email: str) -> str:
    return email.strip().lower()


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def donor_access_link_request(*, page: DonationPage, email: str) -> None:
    """The donor asked for a link: a worker looks the address up and sends it (donor_access_link_send)."""
    donor_access_link_requested.send(sender=DonationPage, page_slug=page.slug, email=normalized_email(email))


def donor_access_link_send(*, page_slug: str, email: str) -> bool:
    """Email a sign-in link when the committee has gifts under that address (any case). Returns whether one was
    sent; the caller's answer to the donor must not depend on it."""
    page = DonationPage.objects.select_related("committee").filter(slug=page_slug, is_active=True).first()
    email = normalized_email(email)
    if page is None or not email:
        return False
    if not Donor.objects.filter(committee=page.committee, email__iexact=email).exists():
        logger.info("donor access link not sent page=%s: no gifts under the address", page.pk)
        return False
    secret = secrets.token_urlsafe(32)
    link = DonorAccessLink.objects.create(
        committee=page.committee,
        page=page,
        email=email,
        secret_digest=_digest(secret),
        expires_at=timezone.now() + LINK_LIFETIME,
    )
    token = signing.dumps({"l": link.pk, "s": secret}, salt=SALT, compress=True)
    url = f"{settings.PUBLIC_BASE_URL}{reverse('donor-account-sign-in', args=[page.slug, token])}"
    context = {"committee": page.committee, "page": page, "url": url, "minutes": int(LINK_LIFETIME.seconds / 60)}
    message = EmailMultiAlternatives(
        subject=f"Your sign-in link for {page.committee.name}",
        body=render_to_string("donations/email/access_link.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )
    message.attach_alternative(render_to_string("donations/email/access_link.html", context), "text/html")
    message.send()
    logger.info("donor access link sent link=%s page=%s", link.pk, page.pk)
    return True


def donor_access_check(*, page: DonationPage, token: str) -> DonorAccessLink:
    """The link behind a token, if it is genuine, for this page's committee, unused and unexpired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=LINK_LIFETIME)
    except signing.SignatureExpired:
        raise ApplicationError(EXPIRED) from None
    except signing.BadSignature:
        raise ApplicationError(INVALID) from None
    if not isinstance(data, dict) or not isinstance(data.get("s"), str):
        raise ApplicationError(INVALID)
    link = DonorAccessLink.objects.filter(pk=data.get("l"), secret_digest=_digest(data["s"])).first()
    if link is None or link.committee_id != page.committee_id:
        raise ApplicationError(INVALID)
    if link.used_at is not None:
        raise ApplicationError(USED)
    if link.expires_at <= timezone.now():
        raise ApplicationError(EXPIRED)
    return link


def donor_access_redeem(*, page: DonationPage, token: str) -> DonorAccess:
    """Spend the link (once) and return the access it grants."""
    link = donor_access_check(page=page, token=token)
    spent = DonorAccessLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now())
    if spent != 1:  # another request spent it between the check and now
        raise ApplicationError(USED)
    logger.info("donor access link used link=%s", link.pk)
    return DonorAccess(committee_id=link.committee_id, page_slug=page.slug, email=link.email, link_id=link.pk)
