from django.urls import path

from accounts.views import StaffLoginView, StaffLogoutView, enrol_page, otp_page

urlpatterns = [
    path("login/", StaffLoginView.as_view(), name="accounts-login"),
    path("logout/", StaffLogoutView.as_view(), name="accounts-logout"),
    path("otp/", otp_page, name="accounts-otp"),
    path("enrol/<str:secret>/", enrol_page, name="accounts-enrol"),  # the secret is redacted from logs
]
