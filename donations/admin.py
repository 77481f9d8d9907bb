from django.contrib import admin
from django.http import HttpRequest

from donations.models import Contribution, Donation, DonationPage, Donor, StripeEvent


class ReadOnlyLedgerAdmin(admin.ModelAdmin):
    """Financial records are never edited or deleted here; corrections are new records."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(DonationPage)
class DonationPageAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "committee", "is_active"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ["id", "display_name", "city", "state", "committee"]
    search_fields = ["last_name", "first_name", "organization_name", "email", "zip_code"]
    readonly_fields = ["match_key", "merged_into"]

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Donation)
class DonationAdmin(ReadOnlyLedgerAdmin):
    list_display = ["public_id", "committee", "amount", "status", "created_at"]
    list_filter = ["status", "committee"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyLedgerAdmin):
    list_display = ["transaction_id", "donor", "amount", "date_received", "election", "receipt_type", "source"]
    list_filter = ["receipt_type", "source", "committee"]
    search_fields = ["transaction_id", "donor__last_name", "external_id"]


@admin.register(StripeEvent)
class StripeEventAdmin(ReadOnlyLedgerAdmin):
    list_display = ["event_id", "type", "received_at", "processed_at", "attempts", "error"]
    list_filter = ["type"]
