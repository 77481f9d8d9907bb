from django.urls import path, re_path

from compliance.api.views import ReportCreateApi, ReportDetailApi, ReportFileApi

urlpatterns = [
    path("reports/", ReportCreateApi.as_view(), name="report-create"),
    path("reports/<int:report_id>/", ReportDetailApi.as_view(), name="report-detail"),
    re_path(r"^reports/(?P<report_id>[0-9]+)/(?P<kind>fec|csv|summary)$", ReportFileApi.as_view(), name="report-file"),
]
