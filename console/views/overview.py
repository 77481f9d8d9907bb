"""Landing page and the overview of one committee."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.roles import Role
from console import selectors
from console.access import committee_view, console_page, visible_committees
from console.views.common import page, today_for


@console_page
def home(request: HttpRequest) -> HttpResponse:
    """``/staff/``: the chosen committee (the switcher's ``?committee=``), else the first the person belongs to."""
    committees = visible_committees(request.user)
    wanted = request.GET.get("committee", "").upper()
    chosen = next((c for c in committees if c.fec_id == wanted), None) or (committees[0] if committees else None)
    if chosen is None:
        return page(request, "console/empty.html", {}, section="")
    return HttpResponseRedirect(reverse("console:overview", args=[chosen.fec_id]))


@committee_view(Role.VIEWER)
def overview(request: HttpRequest) -> HttpResponse:
    data = selectors.overview(committee=request.committee, today=today_for(request))
    daily = selectors.chart_spec(data.daily, series="Raised", label_axis="Date received")
    sources = selectors.chart_spec(
        [(label, total) for label, _, total in data.by_source], series="Raised", label_axis="Source", horizontal=True
    )
    context = {
        "data": data,
        "figures": data.figures,
        "daily_chart": daily,
        "source_chart": sources,
        "daily_table": [(day, total) for day, total in data.daily if total],
        "open_items": data.open_items,
    }
    return page(request, "console/overview.html", context, section="overview")
