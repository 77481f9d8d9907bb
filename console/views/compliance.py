"""Compliance: the review queues and their remedies (compliance.desk.remedies), 48-hour notices
(compliance.desk.notices) and best-efforts requests. Viewers read; treasurers decide."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audit_export
from accounts.roles import Role
from compliance.desk.notice_guarantees import notice_guarantees
from compliance.desk.notices import notice_amend, notice_fec_bytes, notice_lines, notice_mark_filed, notice_total
from compliance.desk.remedies import remedy_reattribute, remedy_redesignate, remedy_refund, review_item_clear
from compliance.desk.selectors import best_efforts_pending, notices_open, review_items_open
from compliance.models import BestEffortsRequest, FortyEightHourNotice, ReviewItem
from console import forms
from console.access import committee_view
from console.views.common import form_error, page, today_for
from donations.services.donors import DonorInput
from donations.services.refunds import contribution_refundable
from fundraising.exceptions import ApplicationError


@committee_view(Role.VIEWER)
def compliance(request: HttpRequest) -> HttpResponse:
    committee = request.committee
    items = list(review_items_open(committee=committee))
    context = {
        "queues": [(kind.label, [i for i in items if i.kind == kind.value]) for kind in ReviewItem.Kind],
        "open_items": len(items),
        "notices": notices_open(committee=committee),
        "filed_notices": FortyEightHourNotice.objects.filter(committee=committee, filed_at__isnull=False)
        .select_related("election")
        .order_by("-filed_at")[:10],
        "best_efforts": best_efforts_pending(committee=committee).order_by("due_by")[:100],
        "answered": BestEffortsRequest.objects.filter(committee=committee, answered_at__isnull=False)
        .select_related("donor")
        .order_by("-answered_at")[:10],
        "resolved": ReviewItem.objects.filter(committee=committee)
        .exclude(status=ReviewItem.Status.OPEN)
        .select_related("contribution__donor")
        .order_by("-resolved_at")[:10],
        "now": timezone.now(),
    }
    return page(request, "console/compliance/index.html", context, section="compliance")


def _item(request: HttpRequest, item_id: int) -> ReviewItem:
    item = (
        ReviewItem.objects.select_related("contribution__donor", "contribution__election", "committee")
        .filter(committee=request.committee, pk=item_id)
        .first()
    )
    if item is None:
        raise Http404("No such review item.")
    return item


def _forms(request: HttpRequest, item: ReviewItem, action: str) -> dict:
    bound = request.POST if request.method == "POST" else None
    elections = [
        (e.code, f"{e.code} ({e.date:%b %-d, %Y})")
        for e in request.committee.elections.all()
        if e.pk != item.contribution.election_id
    ]
    redesignate = forms.RedesignateForm(bound if action == "redesignate" else None, prefix="r")
    redesignate.fields["election"].choices = elections
    return {
        "refund_form": forms.ReviewNoteForm(bound if action == "refund" else None, prefix="f"),
        "clear_form": forms.ReviewNoteForm(bound if action == "clear" else None, prefix="c"),
        "redesignate_form": redesignate,
        "reattribute_form": forms.ReattributeForm(bound if action == "reattribute" else None, prefix="a"),
    }


@committee_view(Role.VIEWER)
def review_item(request: HttpRequest, item_id: int) -> HttpResponse:
    item = _item(request, item_id)
    context = {"item": item, "refundable": contribution_refundable(item.contribution), **_forms(request, item, "")}
    return page(request, "console/compliance/item.html", context, section="compliance")


@committee_view(Role.TREASURER)
def review_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    """A treasurer's decision on an item; a refund asks for confirmation first (``confirm=yes``)."""
    item = _item(request, item_id)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("console:review_item", args=[request.committee.fec_id, item.pk]))
    bound = _forms(request, item, action)
    form = bound[f"{action}_form"]
    context = {"item": item, "refundable": contribution_refundable(item.contribution), **bound}
    if form.is_valid():
        note = form.cleaned_data.get("note", "")
        try:
            if action == "refund":
                if request.POST.get("confirm") != "yes":
                    amount = min(item.amount, context["refundable"])
                    context.update(amount=amount, note=note)
                    return page(request, "console/compliance/refund_confirm.html", context, section="compliance")
                remedy_refund(item=item, actor=request.user, note=note)
            elif action == "clear":
                review_item_clear(item=item, actor=request.user, note=note)
            elif action == "redesignate":
                election = request.committee.elections.get(code=form.cleaned_data["election"])
                remedy_redesignate(item=item, election=election, actor=request.user, note=note)
            else:
                d = form.cleaned_data
                to = DonorInput(
                    **{
                        k: d[k]
                        for k in (
                            "first_name",
                            "last_name",
                            "street_1",
                            "city",
                            "state",
                            "zip_code",
                            "employer",
                            "occupation",
                        )
                    }
                )
                remedy_reattribute(item=item, to=to, actor=request.user, note=note)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, f"{item.get_kind_display()} #{item.pk}: {action} recorded.")
            return HttpResponseRedirect(reverse("console:compliance", args=[request.committee.fec_id]))
    return page(request, "console/compliance/item.html", context, section="compliance", status=400)


def _notice(request: HttpRequest, notice_id: int) -> FortyEightHourNotice:
    notice = (
        FortyEightHourNotice.objects.select_related("election", "committee", "amends")
        .filter(committee=request.committee, pk=notice_id)
        .first()
    )
    if notice is None:
        raise Http404("No such notice.")
    return notice


@committee_view(Role.VIEWER)
def notice(request: HttpRequest, notice_id: int) -> HttpResponse:
    found = _notice(request, notice_id)
    form = forms.NoticeFiledForm(request.POST or None)
    context = {
        "notice": found,
        "lines": notice_lines(found).select_related("contribution__donor").order_by("contribution__received_at"),
        "guarantees": notice_guarantees(found).select_related("guarantor__contribution").order_by("guarantor_id"),
        "amendments": found.amendments.order_by("amendment_number"),
        "total": notice_total(found),
        "form": form,
        "now": timezone.now(),
    }
    return page(request, "console/compliance/notice.html", context, section="compliance")


@committee_view(Role.VIEWER)
def notice_file(request: HttpRequest, notice_id: int) -> HttpResponse:
    """The notice's .fec (HDR, F6, F65 …), validated against the FEC's schemas; the download is audited."""
    found = _notice(request, notice_id)
    try:
        body = notice_fec_bytes(found, date_signed=today_for(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("console:notice", args=[request.committee.fec_id, found.pk]))
    audit_export(actor=request.user, what="notice48_fec", obj=found, after={"bytes": len(body)})
    response = HttpResponse(body, content_type="application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{request.committee.fec_id}_F6_{found.pk}.fec"'
    return response


@committee_view(Role.TREASURER)
def notice_filed(request: HttpRequest, notice_id: int) -> HttpResponse:
    found = _notice(request, notice_id)
    form = forms.NoticeFiledForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            notice_mark_filed(notice=found, actor=request.user, fec_filing_id=form.cleaned_data["fec_filing_id"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"48-hour notice #{found.pk} marked filed.")
    return HttpResponseRedirect(reverse("console:notice", args=[request.committee.fec_id, found.pk]))


@committee_view(Role.TREASURER)
def notice_amendment(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Amend a filed notice (Form 6A): opens the amendment and shows it, ready to download and file."""
    found = _notice(request, notice_id)
    if request.method != "POST":
        return HttpResponseRedirect(reverse("console:notice", args=[request.committee.fec_id, found.pk]))
    try:
        amendment = notice_amend(notice=found, actor=request.user)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("console:notice", args=[request.committee.fec_id, found.pk]))
    messages.success(request, f"Amendment #{amendment.pk} of 48-hour notice #{amendment.amends_id} opened.")
    return HttpResponseRedirect(reverse("console:notice", args=[request.committee.fec_id, amendment.pk]))
