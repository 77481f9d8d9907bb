"""The OTP page: enter the code from the authenticator app (or enrol one). Server-rendered, no JavaScript."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.otp import confirmed_device, enrolment_for, otp_submit


class CodeForm(forms.Form):
    code = forms.CharField(max_length=10, label="6-digit code", widget=forms.TextInput(attrs={"autocomplete": "off"}))


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/admin/"
    ok = url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return target if ok else "/admin/"


@login_required(login_url="admin:login")
def otp_page(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp_submit(request=request, code=form.cleaned_data["code"]):
            return HttpResponseRedirect(_next(request))
        form.add_error("code", "That code is not right (or was already used). Try the next one.")
    enrolment = None if confirmed_device(request.user) else enrolment_for(request.user)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/otp.html", {"form": form, "enrolment": enrolment, "next": _next(request)}, status=status
    )
