from django.urls import path

from donations.web.thanks import donation_status, donation_thanks
from donations.web.views import donation_page, recurring_cancel_page

urlpatterns = [
    path("monthly/cancel/<str:token>/", recurring_cancel_page, name="recurring-cancel"),
    path("<slug:slug>/", donation_page, name="donation-page"),
    path("<slug:slug>/thanks/", donation_thanks, name="donation-thanks"),
    path("<slug:slug>/status/<str:public_id>/", donation_status, name="donation-status"),
]
