from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import render

from accounts.admin_scoping import OperatorOnlyAdminMixin
from donations.models import Contribution, Donation, DonationPage, Donor, LimitTotal, RecurringGift, Refund, StripeEvent
from donations.services.recurring import recurring_cancel
from donations.services.refunds import contribution_refundable, refund_issue
from fundraising.exceptions import ApplicationError


class ReadOnlyLedgerAdmin(admin.ModelAdmin):
    """Financial records are never edited or deleted here; corrections are new records."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DonationPage)
class DonationPageAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["slug", "title", "committee", "allow_one_time", "allow_monthly", "is_active"]
    prepopulated_fields = {"slug": ["title"]}
    fields = [
        "committee",
        "slug",
        "title",
        "body",
        "preset_amounts",
        "minimum_amount",
        "maximum_amount",
        "allow_one_time",
        "allow_monthly",
        "default_election",
        "thank_you_text",
        "is_active",
    ]


class LimitTotalInline(admin.TabularInline):
    model = LimitTotal
    fields = ["period_key", "received", "reserved", "updated_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Donor)
class DonorAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["id", "display_name", "city", "state", "committee", "contributor_type"]
    search_fields = ["last_name", "first_name", "organization_name", "email", "zip_code"]
    readonly_fields = ["match_key", "merged_into"]
    inlines = [LimitTotalInline]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Donation)
class DonationAdmin(OperatorOnlyAdminMixin, ReadOnlyLedgerAdmin):
    list_display = ["public_id", "committee", "amount", "status", "refcode", "created_at"]
    list_filter = ["status", "committee"]

    @admin.display(description="refcode")
    def refcode(self, obj: Donation) -> str:
        return obj.attribution.get("refcode", "")


class RefundForm(forms.Form):
    amount = forms.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="Leave empty to refund everything left of the gift.",
    )
    reason = forms.CharField(max_length=200)


@admin.register(Contribution)
class ContributionAdmin(OperatorOnlyAdminMixin, ReadOnlyLedgerAdmin):
    list_display = [
        "transaction_id",
        "donor_name",
        "amount",
        "date_received",
        "election",
        "receipt_type",
        "status",
        "source",
        "refcode",
    ]
    list_filter = ["receipt_type", "source", "status", "committee"]
    search_fields = ["transaction_id", "donor__last_name", "external_id"]
    actions = ["refund"]

    list_select_related = ["donor", "election", "donation"]

    @admin.display(description="refcode")
    def refcode(self, obj: Contribution) -> str:
        return obj.donation.attribution.get("refcode", "") if obj.donation_id else ""

    @admin.display(description="donor", ordering="donor__last_name")
    def donor_name(self, obj: Contribution) -> str:
        return f"{obj.donor.display_name} (#{obj.donor_id})"

    @admin.action(description="Refund (in full or in part)")
    def refund(self, request: HttpRequest, queryset: QuerySet[Contribution]):
        if queryset.count() != 1:
            self.message_user(request, "Refund one gift at a time.", messages.WARNING)
            return None
        contribution = queryset.get()
        form = RefundForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            try:
                refund = refund_issue(
                    contribution=contribution,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
            else:
                self.message_user(request, f"Refunded ${refund.amount} ({refund.transaction_id}).")
            return HttpResponseRedirect(request.get_full_path())
        return render(
            request,
            "admin/donations/refund.html",
            {
                "form": form,
                "contribution": contribution,
                "refundable": contribution_refundable(contribution),
                "opts": self.model._meta,
                "action": "refund",
            },
        )


@admin.register(Refund)
class RefundAdmin(OperatorOnlyAdminMixin, ReadOnlyLedgerAdmin):
    list_display = ["transaction_id", "contribution", "kind", "source", "amount", "date_refunded", "reason"]
    list_filter = ["kind", "source", "committee"]


@admin.register(RecurringGift)
class RecurringGiftAdmin(OperatorOnlyAdminMixin, ReadOnlyLedgerAdmin):
    list_display = [
        "public_id",
        "donor_name",
        "amount",
        "status",
        "installments_paid",
        "failed_renewals",
        "canceled_at",
    ]
    list_filter = ["status", "committee"]
    list_select_related = ["donor"]

    @admin.display(description="donor", ordering="donor__last_name")
    def donor_name(self, obj: RecurringGift) -> str:
        return f"{obj.donor.display_name} (#{obj.donor_id})"

    actions = ["cancel"]

    @admin.action(description="Cancel the monthly gift (no further charges)")
    def cancel(self, request: HttpRequest, queryset: QuerySet[RecurringGift]) -> None:
        for gift in queryset:
            recurring_cancel(gift=gift, reason="Canceled by staff", actor=request.user)
        self.message_user(request, f"Canceled {queryset.count()} monthly gift(s).")


@admin.register(StripeEvent)
class StripeEventAdmin(OperatorOnlyAdminMixin, ReadOnlyLedgerAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at", "attempts", "error"]
    list_filter = ["type"]
