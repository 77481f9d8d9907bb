"""Settings of one committee: donation pages (staff), people and roles, API tokens (treasurers)."""

from __future__ import annotations

from django.conf import settings as dj_settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.enrolment import enrolment_link_issue
from accounts.fresh import fresh_second_factor
from accounts.models import ApiToken, CommitteeMembership
from accounts.roles import Role
from accounts.services import membership_change, membership_grant, membership_revoke
from accounts.tokens import api_token_create, api_token_revoke
from compliance.filing.selectors import filing_password_is_set
from console import forms
from console.access import committee_view
from console.views.common import form_error, page, validation_error
from donations.models import DonationPage
from donations.services.pages import donation_page_save, preset_amounts_parse
from fundraising.exceptions import ApplicationError


@committee_view(Role.VIEWER)
def settings_home(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    context = {
        "pages": DonationPage.objects.filter(committee=committee).order_by("slug"),
        "members": CommitteeMembership.objects.filter(committee=committee)
        .select_related("user")
        .order_by("user__username"),
        "tokens": ApiToken.objects.filter(committee=committee).select_related("created_by").order_by("-created_at"),
        "member_form": forms.MemberForm(),
        "token_form": forms.TokenForm(),
        "role_choices": [(r.value, r.label) for r in Role],
        "filing_password_set": filing_password_is_set(committee=committee),
    }
    return page(request, "console/settings/index.html", context, section="settings")


def _page_initial(found: DonationPage | None) -> dict:
    if found is None:
        return {
            "minimum_amount": "1.00",
            "maximum_amount": "3500.00",
            "allow_one_time": True,
            "allow_monthly": True,
            "is_active": True,
            "thank_you_text": "Thank you for your contribution!",
        }
    return {
        "slug": found.slug,
        "title": found.title,
        "body": found.body,
        "preset_amounts": ", ".join(found.preset_amounts),
        "minimum_amount": found.minimum_amount,
        "maximum_amount": found.maximum_amount,
        "allow_one_time": found.allow_one_time,
        "allow_monthly": found.allow_monthly,
        "default_election": found.default_election.code if found.default_election_id else "",
        "thank_you_text": found.thank_you_text,
        "is_active": found.is_active,
    }


@committee_view(Role.STAFF)
def donation_page_edit(request: HttpRequest, page_id: int | None = None) -> HttpResponse:
    committee = request.committee
    found = None
    if page_id is not None:
        found = DonationPage.objects.filter(committee=committee, pk=page_id).first()
        if found is None:
            raise Http404("No such donation page.")
    form = forms.DonationPageForm(request.POST or None, committee=committee, initial=_page_initial(found))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("default_election")
        data["default_election"] = committee.elections.filter(code=code).first() if code else None
        try:
            data["preset_amounts"] = preset_amounts_parse(data["preset_amounts"])
            saved = donation_page_save(committee=committee, data=data, actor=request.user, page=found)
        except ApplicationError as exc:
            form_error(form, exc)
        except ValidationError as exc:
            validation_error(form, exc)
        else:
            messages.success(request, f"Donation page /donate/{saved.slug}/ saved.")
            return HttpResponseRedirect(reverse("console:settings", args=[committee.fec_id]))
    context = {"form": form, "found": found}
    return page(
        request, "console/settings/page_form.html", context, section="settings", status=400 if form.errors else 200
    )


@committee_view(Role.TREASURER)
@fresh_second_factor
def member_add(request: HttpRequest) -> HttpResponse:
    form = forms.MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            granted = membership_grant(committee=request.committee, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            user = granted.membership.user
            messages.success(request, f"{user.get_username()} is now {granted.membership.get_role_display()}.")
            if granted.new_password:
                link = request.build_absolute_uri(enrolment_link_issue(user=user, issued_by=request.user))
                messages.warning(
                    request,
                    f"New account {user.get_username()}: first password {granted.new_password} and enrolment link "
                    f"{link} (both shown once; send them by different channels). They sign in, then open the link to "
                    "set up their authenticator app.",
                )
            return HttpResponseRedirect(reverse("console:settings", args=[request.committee.fec_id]))
    return page(
        request,
        "console/settings/member_form.html",
        {"form": form},
        section="settings",
        status=400 if form.errors else 200,
    )


@committee_view(Role.TREASURER)
@fresh_second_factor
def member_change(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = CommitteeMembership.objects.filter(committee=request.committee, pk=membership_id).first()
    if membership is None:
        raise Http404("No such member.")
    if request.method == "POST":
        try:
            if request.POST.get("revoke") == "yes":
                membership_revoke(membership=membership)
                messages.success(request, f"{membership.user.get_username()} no longer has a role here.")
            else:
                form = forms.RoleForm(request.POST)
                if not form.is_valid():
                    raise ApplicationError("Choose a role.", field="role")
                membership_change(membership=membership, role=form.cleaned_data["role"])
                messages.success(request, f"{membership.user.get_username()} is now {form.cleaned_data['role']}.")
        except ApplicationError as exc:
            messages.error(request, f"Role: {exc.message}")
    return HttpResponseRedirect(reverse("console:settings", args=[request.committee.fec_id]))


@committee_view(Role.TREASURER)
@fresh_second_factor
def member_enrolment_link(request: HttpRequest, membership_id: int) -> HttpResponse:
    """A one-time, expiring link for a person of this committee to set up their first authenticator."""
    membership = (
        CommitteeMembership.objects.filter(committee=request.committee, pk=membership_id).select_related("user").first()
    )
    if membership is None:
        raise Http404("No such member.")
    if request.method != "POST":
        return HttpResponseRedirect(reverse("console:settings", args=[request.committee.fec_id]))
    try:
        path = enrolment_link_issue(user=membership.user, issued_by=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("console:settings", args=[request.committee.fec_id]))
    context = {
        "person": membership.user,
        "link": request.build_absolute_uri(path),
        "hours": dj_settings.ENROLMENT_LINK_HOURS,
    }
    return page(request, "console/settings/enrolment_link.html", context, section="settings")


@committee_view(Role.TREASURER)
@fresh_second_factor
def token_add(request: HttpRequest) -> HttpResponse:
    form = forms.TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        made = api_token_create(
            committee=request.committee,
            role=form.cleaned_data["role"],
            name=form.cleaned_data["name"],
            created_by=request.user,
        )
        return page(request, "console/settings/token_created.html", {"made": made}, section="settings")
    return page(
        request,
        "console/settings/token_form.html",
        {"form": form},
        section="settings",
        status=400 if form.errors else 200,
    )


@committee_view(Role.TREASURER)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(committee=request.committee, pk=token_id).first()
    if token is None:
        raise Http404("No such token.")
    if request.method == "POST":
        api_token_revoke(token=token)
        messages.success(request, f"Token {token.name} ({token.prefix}…) revoked.")
    return HttpResponseRedirect(reverse("console:settings", args=[request.committee.fec_id]))
