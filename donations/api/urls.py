from django.urls import path, re_path

from donations.api.duplicate_views import DuplicateActionApi, DuplicateListApi
from donations.api.staff_views import ContributionListApi, DonorMergeApi, RecurringCancelApi, RefundCreateApi
from donations.api.views import DonationCreateApi, DonationStatusApi

urlpatterns = [
    path("donations/", DonationCreateApi.as_view(), name="donation-create"),
    path("donations/<uuid:public_id>/", DonationStatusApi.as_view(), name="donation-status"),
    path("contributions/", ContributionListApi.as_view(), name="contribution-list"),
    path("contributions/<str:transaction_id>/refunds/", RefundCreateApi.as_view(), name="refund-create"),
    path("recurring/<uuid:public_id>/cancel/", RecurringCancelApi.as_view(), name="recurring-cancel-staff"),
    path("donors/merge/", DonorMergeApi.as_view(), name="donor-merge"),
    path("donors/duplicates/", DuplicateListApi.as_view(), name="donor-duplicates"),
    re_path(
        r"^donors/duplicates/(?P<item_id>[0-9]+)/(?P<action>merge|dismiss)/$",
        DuplicateActionApi.as_view(),
        name="donor-duplicate-action",
    ),
]
