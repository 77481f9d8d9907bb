"""The staff dashboard (server-rendered, no JavaScript: charts are inline SVG) and the donors' best-efforts form.

Staff views need a staff login with its second factor (``staff_member_required`` + the OTP middleware) and
show only the committees the user holds a role in; remedies need the treasurer role."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.roles import Role
from accounts.selectors import committee_ids_for
from committees.models import Committee, Election
from compliance.desk import selectors
from compliance.desk.best_efforts import best_efforts_answer, best_efforts_from_token
from compliance.desk.remedies import remedy_redesignate, remedy_refund, review_item_clear
from compliance.models import ReviewItem
from fundraising.exceptions import ApplicationError


def _visible_committees(request: HttpRequest, role: str = Role.VIEWER):
    """The committees this staff user holds a role in (all of them for a superuser)."""
    ids = committee_ids_for(request.user, at_least=role)
    committees = Committee.objects.all()
    return committees if ids is None else committees.filter(pk__in=ids)


def _committee(request: HttpRequest) -> Committee | None:
    fec_id = request.GET.get("committee", "")
    committees = _visible_committees(request)
    return (committees.filter(fec_id=fec_id).first() if fec_id else None) or committees.first()


@staff_member_required
def dashboard(request: HttpRequest) -> HttpResponse:
    committee = _committee(request)
    if committee is None:
        return render(request, "compliance/dashboard/empty.html")
    today = timezone.localdate(timezone=committee.tzinfo)
    query = request.GET.get("q", "")
    items = list(selectors.review_items_open(committee=committee))
    context = {
        "committee": committee,
        "committees": _visible_committees(request),
        "today": today,
        "now": timezone.now(),
        "queues": [(kind.label, [i for i in items if i.kind == kind.value]) for kind in ReviewItem.Kind],
        "elections": committee.elections.all(),
        "best_efforts": selectors.best_efforts_pending(committee=committee)[:50],
        "notices": selectors.notices_open(committee=committee),
        "by_day": selectors.bars(selectors.raised_by_day(committee=committee, today=today)),
        "by_source": selectors.bars(selectors.raised_by_source(committee=committee), width=60),
        "refcodes": selectors.top_refcodes(committee=committee),
        "recent": selectors.recent_gifts(committee=committee),
        "query": query,
        "donors": selectors.donor_search(committee=committee, query=query),
    }
    return render(request, "compliance/dashboard/index.html", context)


@staff_member_required
@require_POST
def review_action(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    # Remedies move money and write report rows: treasurers only, and only for their committees.
    item = get_object_or_404(ReviewItem, pk=item_id, committee__in=_visible_committees(request, Role.TREASURER))
    note = request.POST.get("note", "")
    try:
        if action == "refund":
            remedy_refund(item=item, actor=request.user, note=note)
        elif action == "clear":
            review_item_clear(item=item, actor=request.user, note=note)
        elif action == "redesignate":
            election = get_object_or_404(Election, pk=request.POST.get("election"), committee_id=item.committee_id)
            remedy_redesignate(item=item, election=election, actor=request.user, note=note)
        else:
            raise ApplicationError(f"Unknown action {action}.")
        messages.success(request, f"Item {item.pk}: {action} recorded.")
    except ApplicationError as exc:
        messages.error(request, f"Item {item.pk}: {exc.message}")
    return HttpResponseRedirect(f"{reverse('staff-dashboard')}?committee={item.committee.fec_id}")


def best_efforts_form(request: HttpRequest, token: str) -> HttpResponse:
    """Public (signed link, no account): the donor gives their employer and occupation."""
    try:
        best_request = best_efforts_from_token(token)
    except ApplicationError as exc:
        return render(request, "compliance/best_efforts.html", {"error": exc.message}, status=400)
    context = {"request_obj": best_request, "committee": best_request.committee, "done": False, "error": ""}
    if request.method == "POST":
        try:
            best_efforts_answer(
                token=token, employer=request.POST.get("employer", ""), occupation=request.POST.get("occupation", "")
            )
            context["done"] = True
        except ApplicationError as exc:
            context["error"] = exc.message
    return render(request, "compliance/best_efforts.html", context)
