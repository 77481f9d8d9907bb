from django.urls import path

from donations.web.views import donation_page, donation_thanks, recurring_cancel_page

urlpatterns = [
    path("monthly/cancel/<str:token>/", recurring_cancel_page, name="recurring-cancel"),
    path("<slug:slug>/", donation_page, name="donation-page"),
    path("<slug:slug>/thanks/", donation_thanks, name="donation-thanks"),
]
