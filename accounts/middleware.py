"""Staff pages need a session that passed the second factor; the Django admin is for superusers only.

Under /admin/ and /staff/, a signed-in user whose session has not passed TOTP is sent to the OTP page
(which enrols a first device when the user has none). A signed-in person who is not a superuser gets a 403 for
every admin page, login page included: staff work in the console (/staff/) and the API. The sign-in pages stay
open. Also records who acts in the request, for the audit of permission changes (accounts.context)."""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse

from accounts.context import acting_as

PROTECTED_PREFIXES = ("/admin/", "/staff/")
OPEN_PATHS = ("/admin/login/", "/admin/logout/")
ADMIN_PREFIX = "/admin/"


def needs_second_factor(request: HttpRequest) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    return verified is None or not verified()


class StaffOTPRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        user = request.user
        if path.startswith(ADMIN_PREFIX) and user.is_authenticated and not (user.is_active and user.is_superuser):
            return HttpResponseForbidden(
                "The Django admin is for operators (superusers). Staff work in the console at /staff/.",
                content_type="text/plain",
            )
        if path.startswith(PROTECTED_PREFIXES) and not path.startswith(OPEN_PATHS) and needs_second_factor(request):
            return HttpResponseRedirect(f"{reverse('accounts-otp')}?{urlencode({'next': request.get_full_path()})}")
        with acting_as(request.user):
            return self.get_response(request)
