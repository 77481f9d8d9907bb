"""Who may open a console page: a signed-in person (both factors: accounts.middleware guards /staff/) holding a
role in the committee named in the URL. No role in that committee: 404, as if it did not exist. A role too low
for the page: 403, with the role needed. Every console response carries a strict Content-Security-Policy
(scripts and styles from this site only: the vendored htmx and Chart.js, our own CSS and JS)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from csp.constants import NONE, SELF
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from accounts.roles import RANK, Role
from accounts.selectors import committee_roles
from committees.models import Committee

CONSOLE_CSP = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:"],
    "connect-src": [SELF],
    "form-action": [SELF],
    "base-uri": [SELF],
    "frame-ancestors": [NONE],
    "object-src": [NONE],
}


def with_console_csp(response: HttpResponse) -> HttpResponse:
    response._csp_config = CONSOLE_CSP
    return response


def role_in(user: Any, committee: Committee) -> str | None:
    """The user's role in ``committee`` (superusers: treasurer of every committee), or None."""
    roles = committee_roles(user)
    if roles is None:
        return Role.TREASURER
    return roles.get(committee.pk)


def visible_committees(user: Any) -> list[Committee]:
    roles = committee_roles(user)
    committees = Committee.objects.only("pk", "fec_id", "name", "committee_type").order_by("name")
    return list(committees if roles is None else committees.filter(pk__in=roles))


def login_redirect(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(f"{reverse('accounts-login')}?{urlencode({'next': request.get_full_path()})}")


def forbidden(request: HttpRequest, *, need: str, role: str | None) -> HttpResponse:
    context = {"need": Role(need).label, "role": Role(role).label if role else "none"}
    return with_console_csp(render(request, "console/forbidden.html", context, status=403))


def console_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page outside any committee (the landing page): signed in, strict CSP."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return login_redirect(request)
        return with_console_csp(view(request, *args, **kwargs))

    return wrapped


def committee_view(role: str = Role.VIEWER) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A page of one committee (``<fec_id>`` in the URL). Sets ``request.committee`` and ``request.role``."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, fec_id: str, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return login_redirect(request)
            committee = Committee.objects.filter(fec_id=fec_id.upper()).first()
            held = role_in(request.user, committee) if committee is not None else None
            if committee is None or held is None:
                raise Http404("No such committee.")
            if RANK[Role(held)] < RANK[Role(role)]:
                return forbidden(request, need=role, role=held)
            request.committee = committee
            request.role = held
            return with_console_csp(view(request, *args, **kwargs))

        wrapped.required_role = role  # type: ignore[attr-defined]
        return wrapped

    return decorator


def may(request: HttpRequest, role: str) -> bool:
    """Does the request's role in its committee reach ``role``? (Templates hide what the role cannot do.)"""
    held = getattr(request, "role", None)
    return held is not None and RANK[Role(held)] >= RANK[Role(role)]
