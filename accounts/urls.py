from django.urls import path

from accounts.views import otp_page

urlpatterns = [path("otp/", otp_page, name="accounts-otp")]
