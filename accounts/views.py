"""Staff sign-in: the password page, the OTP page (enter the code from the authenticator app, or enrol one with an
enrolment link), the enrolment link itself, and sign-out. Server-rendered, no JavaScript. Staff land in the
console (/staff/); the Django admin has its own login page, for superusers only (accounts.admin_site)."""

from django import forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.enrolment import enrolment_link_in_session, enrolment_link_open, enrolment_link_use
from accounts.otp import confirmed_device, enrolment_for, otp_submit

HOME = "/staff/"


class CodeForm(forms.Form):
    code = forms.CharField(max_length=10, label="6-digit code", widget=forms.TextInput(attrs={"autocomplete": "off"}))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or HOME
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok else HOME


class StaffLoginView(auth_views.LoginView):
    """The password step (audited by accounts.signals); the OTP middleware asks for the code next."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return HOME


class StaffLogoutView(auth_views.LogoutView):
    next_page = "accounts-login"


@login_required(login_url="accounts-login")
def otp_page(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    enrolled = confirmed_device(request.user) is not None
    link = None if enrolled else enrolment_link_in_session(request)
    if request.method == "POST" and form.is_valid():
        if otp_submit(request=request, code=form.cleaned_data["code"], may_enrol=link is not None):
            if link is not None:
                enrolment_link_use(request=request, link=link)
            return HttpResponseRedirect(_next(request))
        form.add_error("code", "That code is not right (or was already used). Try the next one.")
    enrolment = enrolment_for(request.user) if link is not None else None
    context = {
        "form": form,
        "enrolment": enrolment,
        "needs_link": not enrolled and link is None,
        "next": _next(request),
    }
    return render(request, "accounts/otp.html", context, status=400 if request.method == "POST" else 200)


@login_required(login_url="accounts-login")
def enrol_page(request: HttpRequest, secret: str) -> HttpResponse:
    """An enrolment link: valid for the signed-in person, it lets the OTP page show a new secret once."""
    if confirmed_device(request.user) is not None:
        return HttpResponseRedirect(reverse("accounts-otp"))
    if not enrolment_link_open(request=request, secret=secret):
        context = {"form": CodeForm(), "enrolment": None, "needs_link": True, "next": HOME, "bad_link": True}
        return render(request, "accounts/otp.html", context, status=400)
    return HttpResponseRedirect(reverse("accounts-otp"))
