"""Reports API for staff: request a report, watch its progress, download its files."""

from django.http import FileResponse, HttpResponseRedirect
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from compliance.api.serializers import ReportCreateInputSerializer, ReportOutputSerializer
from compliance.models import Election, Report
from compliance.selectors import committee_by_fec_id, report_get
from compliance.services.reports import report_request
from fundraising.exceptions import ApplicationError, Conflict
from fundraising.storage import storage_download_response


class ReportCreateApi(APIView):
    @extend_schema(request=ReportCreateInputSerializer, responses={202: ReportOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = ReportCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        committee = committee_by_fec_id(fec_id=data["committee"])
        election = None
        if data.get("election"):
            election = Election.objects.filter(committee=committee, code=data["election"]).first()
            if election is None:
                raise ApplicationError("Not an election of this committee.", field="election")
        report = report_request(
            committee=committee,
            report_code=data["report_code"],
            form=data.get("form", ""),
            year=data.get("year"),
            coverage_from=data.get("coverage_from"),
            coverage_through=data.get("coverage_through"),
            election=election,
            requested_by=request.user,
        )
        return Response(ReportOutputSerializer(report).data, status=status.HTTP_202_ACCEPTED)


class ReportDetailApi(APIView):
    @extend_schema(responses={200: ReportOutputSerializer})
    def get(self, request: Request, report_id: int) -> Response:
        return Response(ReportOutputSerializer(report_get(report_id=report_id)).data)


_FILES = {
    "fec": ("fec_file", "application/octet-stream", "fec"),
    "csv": ("csv_file", "text/csv", "csv"),
    "summary": ("summary_file", "text/html", "html"),
}


class ReportFileApi(APIView):
    """Streams a finished report's file from storage (never from a worker's disk); with S3 and
    S3_DOWNLOAD_REDIRECT on, redirects to a short-lived presigned URL instead."""

    @extend_schema(
        operation_id="report_file",
        responses={200: OpenApiResponse(description="the file"), 409: OpenApiResponse(description="not ready")},
    )
    def get(self, request: Request, report_id: str, kind: str) -> FileResponse | HttpResponseRedirect:
        report = report_get(report_id=int(report_id))
        field, content_type, extension = _FILES[kind]
        name = getattr(report, field)
        if report.status != Report.Status.DONE or not name:
            raise Conflict(f"The report is {report.status}; its files are published only when it is done.")
        filename = f"{report.committee.fec_id}_{report.form_type}_{report.report_code}_{report.pk}.{extension}"
        disposition = kind != "summary"
        return storage_download_response(name, filename=filename, content_type=content_type, as_attachment=disposition)
