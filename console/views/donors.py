"""Donors: search, a profile with every gift, aggregates and room under each limit, best-efforts state, likely
duplicates and merge; corrections through donations.services (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.roles import Role
from committees.models import ContributionLimit
from compliance.models import BestEffortsRequest, ReviewItem
from console import forms
from console.access import committee_view
from console.views.common import form_error, page, today_for, validation_error
from donations.models import Donor, LimitTotal, RecurringGift
from donations.selectors import (
    donor_aggregates,
    donor_get,
    donor_gifts,
    donor_likely_duplicates,
    donor_list,
    donor_refunds,
)
from donations.services.donor_edit import DETAIL_FIELDS, donor_set_contributor_type, donor_update_details
from donations.services.donor_merge import donor_merge
from donations.services.limits import LimitsNotConfigured, limit_rule_for
from donations.services.recurring import recurring_cancel
from fundraising.exceptions import ApplicationError


@committee_view(Role.VIEWER)
def donors(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    paginator = Paginator(donor_list(committee=request.committee, query=query), 50)
    current = paginator.get_page(request.GET.get("page"))
    return page(request, "console/donors/list.html", {"query": query, "page_obj": current}, section="donors")


def _limits(request: HttpRequest, donor: Donor) -> list[dict]:
    """Room left under each limit that applies to the donor now: per election (candidate committees) or this
    calendar year (PACs, parties)."""
    committee = request.committee
    today = today_for(request)
    elections = (
        [e for e in committee.elections.all() if e.date >= today] if committee.is_candidate_committee else [None]
    )
    totals = dict(LimitTotal.objects.filter(committee=committee, donor=donor).values_list("period_key", "received"))
    reserved = dict(LimitTotal.objects.filter(committee=committee, donor=donor).values_list("period_key", "reserved"))
    rows = []
    for election in elections:
        try:
            rule = limit_rule_for(committee=committee, donor=donor, election=election, on=today)
        except LimitsNotConfigured as exc:
            rows.append({"label": election.code if election else str(today.year), "error": exc.message})
            continue
        if rule is None:
            rows.append({"label": election.code if election else str(today.year), "unlimited": True})
            continue
        used = totals.get(rule.period_key, 0) + reserved.get(rule.period_key, 0)
        rows.append(
            {
                "label": rule.description,
                "limit": rule.amount,
                "used": used,
                "room": max(rule.amount - used, 0),
                "over": used > rule.amount,
            }
        )
    return rows


@committee_view(Role.VIEWER)
def donor(request: HttpRequest, donor_id: int) -> HttpResponse:
    committee = request.committee
    try:
        person = donor_get(committee=committee, donor_id=donor_id)
    except ApplicationError:
        raise Http404("No such donor.") from None
    if person.merged_into_id:
        messages.info(request, f"Donor #{person.pk} was merged into #{person.merged_into_id}.")
        return HttpResponseRedirect(reverse("console:donor", args=[committee.fec_id, person.merged_into_id]))
    context = {
        "person": person,
        "gifts": donor_gifts(donor=person)[:200],
        "refunds": donor_refunds(donor=person),
        "aggregates": donor_aggregates(donor=person),
        "limits": _limits(request, person),
        "best_efforts": BestEffortsRequest.objects.filter(donor=person).order_by("-cycle"),
        "review_items": ReviewItem.objects.filter(contribution__donor=person).order_by("-created_at")[:20],
        "monthly": RecurringGift.objects.filter(donor=person).order_by("-created_at"),
        "duplicates": donor_likely_duplicates(donor=person),
        "merged": Donor.objects.filter(merged_into=person),
        "limit_source": ContributionLimit.objects.filter(contributor_type=person.contributor_type).first(),
    }
    return page(request, "console/donors/profile.html", context, section="donors")


def _person(request: HttpRequest, donor_id: int) -> Donor:
    try:
        return donor_get(committee=request.committee, donor_id=donor_id)
    except ApplicationError:
        raise Http404("No such donor.") from None


@committee_view(Role.STAFF)
def donor_edit(request: HttpRequest, donor_id: int) -> HttpResponse:
    person = _person(request, donor_id)
    initial = {name: getattr(person, name) for name in DETAIL_FIELDS}
    details = forms.DonorDetailsForm(request.POST if "details" in request.POST else None, initial=initial, prefix="d")
    kind = forms.ContributorTypeForm(
        request.POST if "type" in request.POST else None,
        initial={"contributor_type": person.contributor_type},
        prefix="t",
    )
    if request.method == "POST" and "details" in request.POST and details.is_valid():
        data = details.cleaned_data
        try:
            donor_update_details(
                donor=person,
                changes={k: v for k, v in data.items() if k in DETAIL_FIELDS},
                actor=request.user,
                reason=data["reason"],
            )
        except ApplicationError as exc:
            form_error(details, exc)
        except ValidationError as exc:
            validation_error(details, exc)
        else:
            messages.success(request, "Donor corrected.")
            return HttpResponseRedirect(reverse("console:donor", args=[request.committee.fec_id, person.pk]))
    if request.method == "POST" and "type" in request.POST:
        if request.role != Role.TREASURER:  # the limit a donor is held to: the treasurer's decision
            kind.is_valid()
            kind.add_error("contributor_type", "Only a treasurer can change the contributor type (it sets the limit).")
        elif kind.is_valid():
            try:
                donor_set_contributor_type(
                    donor=person,
                    contributor_type=kind.cleaned_data["contributor_type"],
                    actor=request.user,
                    reason=kind.cleaned_data["reason"],
                )
            except ApplicationError as exc:
                form_error(kind, exc)
            else:
                messages.success(request, "Contributor type changed.")
                return HttpResponseRedirect(reverse("console:donor", args=[request.committee.fec_id, person.pk]))
    status = 400 if details.errors or kind.errors else 200
    if kind.errors and request.role != Role.TREASURER:
        status = 403
    context = {"person": person, "details": details, "kind": kind}
    return page(request, "console/donors/edit.html", context, section="donors", status=status)


@committee_view(Role.STAFF)
def donor_merge_view(request: HttpRequest, donor_id: int) -> HttpResponse:
    """Merge another record into this one, in two steps: choose, then confirm what moves."""
    keep = _person(request, donor_id)
    form = forms.MergeForm(request.POST or request.GET or None)
    other = None
    if form.is_bound and form.is_valid():
        other = Donor.objects.filter(committee=request.committee, pk=form.cleaned_data["merge"]).first()
        if other is None or other.pk == keep.pk:
            form.add_error("merge", "Choose another donor of this committee.")
        elif other.merged_into_id:
            form.add_error("merge", f"Donor #{other.pk} was already merged.")
        elif request.method == "POST" and request.POST.get("confirm") == "yes":
            try:
                donor_merge(keep=keep, merge=other, actor=request.user, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, f"Donor #{other.pk} merged into #{keep.pk}; totals rebuilt.")
                return HttpResponseRedirect(reverse("console:donor", args=[request.committee.fec_id, keep.pk]))
    context = {
        "keep": keep,
        "other": other if not form.errors else None,
        "form": form,
        "other_gifts": donor_gifts(donor=other)[:20] if other is not None and not form.errors else [],
        "duplicates": donor_likely_duplicates(donor=keep),
    }
    return page(request, "console/donors/merge.html", context, section="donors", status=400 if form.errors else 200)


@committee_view(Role.STAFF)
def monthly_cancel(request: HttpRequest, public_id: str) -> HttpResponse:
    gift = (
        RecurringGift.objects.filter(committee=request.committee, public_id=public_id).select_related("donor").first()
    )
    if gift is None:
        raise Http404("No such monthly gift.")
    form = forms.CancelMonthlyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recurring_cancel(gift=gift, reason=form.cleaned_data["reason"], actor=request.user)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, "Monthly gift canceled: no further charges.")
            return HttpResponseRedirect(reverse("console:donor", args=[request.committee.fec_id, gift.donor_id]))
    return page(request, "console/donors/cancel_monthly.html", {"gift": gift, "form": form}, section="donors")
