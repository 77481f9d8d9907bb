from django.urls import path

from donations.web.express import express_device_page, express_forget_page, express_link_page
from donations.web.thanks import donation_status, donation_thanks, donation_upsell
from donations.web.views import donation_page, recurring_cancel_page

urlpatterns = [
    path("monthly/cancel/<str:token>/", recurring_cancel_page, name="recurring-cancel"),
    path("express/forget/<str:token>/", express_forget_page, name="express-forget"),
    path("express/give/<str:token>/", express_link_page, name="express-link"),
    path("<slug:slug>/", donation_page, name="donation-page"),
    path("<slug:slug>/thanks/", donation_thanks, name="donation-thanks"),
    path("<slug:slug>/express/", express_device_page, name="express-device"),
    path("<slug:slug>/monthly/<str:public_id>/", donation_upsell, name="donation-upsell"),
    path("<slug:slug>/status/<str:public_id>/", donation_status, name="donation-status"),
]
