from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from compliance.models import AuditEvent, Committee, Election, Report
from compliance.services.reports import report_request


class ElectionInline(admin.TabularInline):
    model = Election
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["fec_id", "name", "committee_type", "state", "time_zone"]
    search_fields = ["fec_id", "name"]
    inlines = [ElectionInline]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "committee",
        "form",
        "report_code",
        "coverage_from",
        "coverage_through",
        "status",
        "progress",
        "filed_at",
    ]
    list_filter = ["status", "form", "committee"]
    actions = ["rebuild_as_new"]

    def get_readonly_fields(self, request: HttpRequest, obj: Report | None = None) -> list[str]:
        # Everything a worker computes is read-only; a filed report is read-only entirely.
        return [f.name for f in Report._meta.fields] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    @admin.action(description="Build again as a new report (same committee, code and dates)")
    def rebuild_as_new(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        for report in queryset:
            report_request(
                committee=report.committee,
                report_code=report.report_code,
                coverage_from=report.coverage_from,
                coverage_through=report.coverage_through,
                election=report.election,
                requested_by=request.user,
            )
        messages.success(request, f"Queued {queryset.count()} report(s).")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_id", "reason"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
