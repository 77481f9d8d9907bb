"""The donors' best-efforts form (public: a signed link in the request email, no account). The staff dashboard
that lived here moved to the treasurer's console (console/, at /staff/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from compliance.desk.best_efforts import best_efforts_answer, best_efforts_from_token
from fundraising.exceptions import ApplicationError


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
