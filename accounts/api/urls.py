from django.urls import path

from accounts.api.views import EnrolmentLinkCreateApi

urlpatterns = [
    path(
        "committees/<str:fec_id>/people/<str:username>/enrolment-link/",
        EnrolmentLinkCreateApi.as_view(),
        name="enrolment-link-create",
    ),
]
