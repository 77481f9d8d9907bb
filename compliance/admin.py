from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from accounts.admin_scoping import OperatorOnlyAdminMixin, is_operator
from audit.models import AuditEvent
from committees.models import Committee, Conduit, Election
from compliance.desk.admin import audit_export_action  # also registers the desk's admin
from compliance.models import Disbursement, Report, TransactionText
from compliance.services.reports import report_amend, report_mark_filed, report_request
from compliance.services.transactions import PayeeInput, disbursement_enter
from fundraising.exceptions import ApplicationError


class ElectionInline(admin.TabularInline):
    model = Election
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["fec_id", "name", "committee_type", "state", "time_zone"]
    search_fields = ["fec_id", "name"]
    inlines = [ElectionInline]


@admin.register(Conduit)
class ConduitAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["fec_id", "name", "city", "state"]


class ReportActionForm(ActionForm):
    fec_filing_id = forms.CharField(required=False, label="FEC filing id (for Mark filed)")


@admin.register(Report)
class ReportAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "id",
        "committee",
        "form_type",
        "report_code",
        "coverage_from",
        "coverage_through",
        "status",
        "progress",
        "filed_at",
        "needs_amendment",
    ]
    list_filter = ["status", "form", "committee", "needs_amendment"]
    actions = ["rebuild_as_new", "mark_filed", "amend"]
    action_form = ReportActionForm

    def get_readonly_fields(self, request: HttpRequest, obj: Report | None = None) -> list[str]:
        # Everything a worker computes is read-only; a filed report is read-only entirely.
        return [f.name for f in Report._meta.fields] + ["downloads"] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports are requested through report_request (console, API, fec_report), never typed in

    def has_change_permission(self, request: HttpRequest, obj: Report | None = None) -> bool:
        return is_operator(request) and (obj is None or not obj.is_filed)

    @admin.display(description="Files")
    def downloads(self, obj: Report) -> str:
        if obj.status != Report.Status.DONE:
            return f"{obj.status}, {obj.progress}%"
        links = [
            (reverse("report-file", kwargs={"report_id": obj.pk, "kind": k}), k) for k in ("fec", "csv", "summary")
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

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

    @admin.action(description="Mark filed (give the FEC filing id above)")
    def mark_filed(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        filing_id = request.POST.get("fec_filing_id", "")
        for report in queryset:
            try:
                report_mark_filed(report=report, fec_filing_id=filing_id, actor=request.user)
                messages.success(request, format_html("Report {} marked filed as FEC-{}.", report.pk, filing_id))
            except ApplicationError as exc:
                messages.error(request, f"Report {report.pk}: {exc.message}")

    @admin.action(description="Amend (build a new version of a filed report)")
    def amend(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        for report in queryset:
            try:
                amendment = report_amend(report=report, actor=request.user)
                messages.success(request, f"Amendment {amendment.amendment_number} queued as report {amendment.pk}.")
            except ApplicationError as exc:
                messages.error(request, f"Report {report.pk}: {exc.message}")


@admin.register(Disbursement)
class DisbursementAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    """Staff enter payments here; saved rows are never edited or deleted (corrections are new rows)."""

    list_display = ["transaction_id", "committee", "kind", "payee_name", "date_disbursed", "amount", "source"]
    list_filter = ["kind", "source", "committee"]
    search_fields = ["transaction_id", "organization_name", "last_name", "purpose"]
    exclude = ["created_by", "source", "external_id", "transaction_id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Disbursement | None = None) -> list[str]:
        return [f.name for f in Disbursement._meta.fields] if obj else []

    def has_delete_permission(self, request: HttpRequest, obj: Disbursement | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Disbursement, form, change: bool) -> None:  # noqa: ANN001
        if change:
            return
        payee_fields = {name: getattr(obj, name) for name in PayeeInput.__dataclass_fields__}
        beneficiary = {
            name.removeprefix("beneficiary_candidate_"): getattr(obj, name)
            for name in (
                "beneficiary_candidate_fec_id",
                "beneficiary_candidate_last_name",
                "beneficiary_candidate_first_name",
                "beneficiary_candidate_office",
                "beneficiary_candidate_state",
                "beneficiary_candidate_district",
            )
        }
        saved = disbursement_enter(
            committee=obj.committee,
            payee=PayeeInput(**payee_fields),
            amount=obj.amount,
            date_disbursed=obj.date_disbursed,
            kind=obj.kind,
            purpose=obj.purpose,
            category_code=obj.category_code,
            election=obj.election,
            memo_text=obj.memo_text,
            is_memo=obj.is_memo,
            beneficiary=beneficiary,
            actor=request.user,
        )
        obj.pk = saved.pk


@admin.register(TransactionText)
class TransactionTextAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["transaction_id", "committee", "parent_transaction_id", "text"]
    search_fields = ["transaction_id", "parent_transaction_id"]

    def has_change_permission(self, request: HttpRequest, obj: TransactionText | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: TransactionText | None = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    actions = [audit_export_action]
    list_display = ["occurred_at", "actor_label", "action", "object_type", "object_id", "reason"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "actor_label", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False
