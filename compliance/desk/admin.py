"""Admin for the compliance desk: queues and notices read-only (changes go through the services), the audit
log's CSV export action. Registered from compliance/admin.py."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from accounts.admin_scoping import OperatorOnlyAdminMixin, is_operator
from audit.export import audit_export_csv
from compliance.desk.notices import notice_mark_filed
from compliance.models import BestEffortsRequest, FortyEightHourNotice, ReviewItem
from fundraising.exceptions import ApplicationError


class ReadOnlyAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = ["id", "committee", "kind", "reason_code", "amount", "deadline", "status", "remedy"]
    list_filter = ["kind", "status", "committee"]
    search_fields = ["contribution__transaction_id", "reason"]


@admin.register(BestEffortsRequest)
class BestEffortsRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "committee", "donor", "cycle", "due_by", "sent_at", "answered_at"]
    list_filter = ["committee", "cycle"]


@admin.register(FortyEightHourNotice)
class FortyEightHourNoticeAdmin(ReadOnlyAdmin):
    list_display = ["id", "committee", "election", "date_received", "deadline", "filed_at", "fec_filing_id"]
    list_filter = ["committee", "filed_at"]
    actions = ["mark_filed"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return obj is None and is_operator(request)  # the changelist (and its action), never the form

    @admin.action(description="Mark filed with the FEC")
    def mark_filed(self, request: HttpRequest, queryset: QuerySet[FortyEightHourNotice]) -> None:
        for notice in queryset:
            try:
                notice_mark_filed(notice=notice, actor=request.user)
            except ApplicationError as exc:
                messages.error(request, f"Notice {notice.pk}: {exc.message}")


@admin.action(description="Export selected as CSV (the export is audited)")
def audit_export_action(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    body = audit_export_csv(
        events=queryset.order_by("occurred_at", "pk"), actor=request.user, scope=f"admin selection ({queryset.count()})"
    )
    response = HttpResponse(body, content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit_log.csv"'
    return response
