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

# Donor self-service (issue #16): donations/web/account.py
from donations.web import account  # noqa: E402

urlpatterns += [
    path("<slug:slug>/manage/", account.account_request, name="donor-account"),
    path("<slug:slug>/manage/sign-in/<str:token>/", account.account_sign_in, name="donor-account-sign-in"),
    path("<slug:slug>/manage/gifts/", account.account_home, name="donor-account-home"),
    path("<slug:slug>/manage/receipts/<str:transaction_id>/", account.account_receipt, name="donor-account-receipt"),
    path(
        "<slug:slug>/manage/receipts/<str:transaction_id>/send/",
        account.account_receipt_send,
        name="donor-account-receipt-send",
    ),
    path(
        "<slug:slug>/manage/monthly/<uuid:public_id>/amount/",
        account.account_monthly_amount,
        name="donor-account-amount",
    ),
    path("<slug:slug>/manage/monthly/<uuid:public_id>/card/", account.account_monthly_card, name="donor-account-card"),
    path(
        "<slug:slug>/manage/monthly/<uuid:public_id>/cancel/",
        account.account_monthly_cancel,
        name="donor-account-cancel",
    ),
    path("<slug:slug>/manage/statement/<int:year>/", account.account_statement_page, name="donor-account-statement"),
    path("<slug:slug>/manage/sign-out/", account.account_sign_out, name="donor-account-sign-out"),
]
