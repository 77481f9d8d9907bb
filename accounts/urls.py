from django.urls import path

from accounts.views import StaffLoginView, StaffLogoutView, otp_page

urlpatterns = [
    path("login/", StaffLoginView.as_view(), name="accounts-login"),
    path("logout/", StaffLogoutView.as_view(), name="accounts-logout"),
    path("otp/", otp_page, name="accounts-otp"),
]
