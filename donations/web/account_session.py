"""The donor's self-service session (issue #16): who is signed in (a ``DonorAccess``), kept in the Django session,
ending after 30 minutes without a request or 4 hours after sign-in, or when the donor signs out. Its own key, so
it never mixes with a staff sign-in in the same browser."""

import time

from django.http import HttpRequest

from donations.models import DonationPage
from donations.services.donor_access import DonorAccess

KEY = "donor_access"
IDLE_SECONDS = 30 * 60
MAX_SECONDS = 4 * 3600


def account_session_start(request: HttpRequest, access: DonorAccess) -> None:
    request.session.cycle_key()  # a new session id at sign-in: nothing fixed before it carries over
    now = time.time()
    request.session[KEY] = {
        "committee": access.committee_id,
        "page": access.page_slug,
        "email": access.email,
        "link": access.link_id,
        "started": now,
        "seen": now,
    }


def account_session_get(request: HttpRequest, page: DonationPage) -> DonorAccess | None:
    """The signed-in donor for this page's committee, or None (never signed in, another committee, or expired:
    an expired session is ended here)."""
    data = request.session.get(KEY)
    if not isinstance(data, dict):
        return None
    now = time.time()
    if now - float(data.get("started", 0)) > MAX_SECONDS or now - float(data.get("seen", 0)) > IDLE_SECONDS:
        account_session_end(request)
        return None
    if data.get("committee") != page.committee_id:
        return None
    if now - float(data["seen"]) >= 30:
        data["seen"] = now
        request.session.modified = True
    return DonorAccess(
        committee_id=data["committee"], page_slug=page.slug, email=data["email"], link_id=int(data["link"])
    )


def account_session_end(request: HttpRequest) -> None:
    request.session.pop(KEY, None)
    request.session.cycle_key()
