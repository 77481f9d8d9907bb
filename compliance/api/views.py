"""Reports API for staff: list reports, request one, watch its progress, download its files, mark it filed."""

from csp.constants import NONE
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponseRedirect
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.audit import audit_export
from accounts.fresh import FreshSecondFactor
from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from committees.models import Election
from committees.selectors import committee_by_fec_id
from compliance.api.serializers import ReportCreateInputSerializer, ReportOutputSerializer
from compliance.models import Report
from compliance.selectors import report_get, report_list
from compliance.services.reports import report_mark_filed, report_request
from fundraising.exceptions import ApplicationError, Conflict, NotFound
from fundraising.storage import storage_download_response
from fundraising.validators import committee_fec_id_validator


class ReportCreateApi(APIView):
    """Reports: list them (viewers), or request one (treasurers). A requested report is built by a worker; poll
    its detail for status and progress."""

    permission_classes = [HasCommitteeRole]
    required_roles = {"GET": Role.VIEWER, "POST": Role.TREASURER}

    @extend_schema(
        description="The reports of the committees this request may see, newest coverage first (at most 200). "
        "Filter with ?committee=C00000000 and ?status=queued|running|done|failed.",
        parameters=[
            OpenApiParameter("committee", str, description="Only this committee (its FEC id)"),
            OpenApiParameter(
                "status", str, enum=[s.value for s in Report.Status], description="Only reports in this state"
            ),
        ],
        responses={200: ReportOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        scope = committee_filter(request, Role.VIEWER)
        committee = request.query_params.get("committee", "").upper()
        if committee:
            try:
                committee_fec_id_validator(committee)
            except ValidationError:
                raise ApplicationError("committee is an FEC id: C followed by 8 digits.", field="committee") from None
            scope["committee__fec_id"] = committee
        status_wanted = request.query_params.get("status", "")
        if status_wanted and status_wanted not in Report.Status.values:
            raise ApplicationError(f"{status_wanted!r} is not a report status.", field="status")
        reports = report_list(status=status_wanted, **scope)[:200]
        return Response(ReportOutputSerializer(reports, many=True).data)

    @extend_schema(
        description="Request a report (treasurers). Form, coverage dates and election default as the FEC calendar "
        "says; answers 202 with the queued report.",
        request=ReportCreateInputSerializer,
        responses={202: ReportOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        serializer = ReportCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        committee = committee_by_fec_id(fec_id=data["committee"], **committee_filter(request, Role.TREASURER, "pk"))
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
    """One report: status, progress, every summary line, validation errors in plain words."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(responses={200: ReportOutputSerializer})
    def get(self, request: Request, report_id: int) -> Response:
        report = report_get(report_id=report_id, **committee_filter(request, Role.VIEWER))
        return Response(ReportOutputSerializer(report).data)


_FILES = {
    "fec": ("fec_file", "application/octet-stream", "fec"),
    "csv": ("csv_file", "text/csv", "csv"),
    "summary": ("summary_file", "text/html", "html"),
}


REPORT_HTML_CSP = {
    "default-src": [NONE],
    "script-src": [NONE],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "form-action": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [NONE],
    "sandbox": True,
}


class ReportFileApi(APIView):
    """Streams a finished report's file from storage (never from a worker's disk); with S3 and
    S3_DOWNLOAD_REDIRECT on, redirects to a short-lived presigned URL instead. Every download is audited."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        operation_id="report_file",
        description="Download a finished report's file: fec (the .fec to file), csv (line items) or summary "
        "(printable HTML). Audited as an export of donor data.",
        responses={200: OpenApiResponse(description="the file"), 409: OpenApiResponse(description="not ready")},
    )
    def get(self, request: Request, report_id: str, kind: str) -> FileResponse | HttpResponseRedirect:
        report = report_get(report_id=int(report_id), **committee_filter(request, Role.VIEWER))
        field, content_type, extension = _FILES[kind]
        name = getattr(report, field)
        if report.status != Report.Status.DONE or not name:
            raise Conflict(f"The report is {report.status}; its files are published only when it is done.")
        if not name.startswith(f"reports/{report.committee.fec_id}/{report.pk}/"):
            # A report only ever serves files its own build wrote (a row pointing elsewhere is never trusted).
            raise NotFound("No such file for this report.")
        filename = f"{report.committee.fec_id}_{report.form_type}_{report.report_code}_{report.pk}.{extension}"
        disposition = kind != "summary"
        audit_export(actor=request.user, what=f"report_{kind}", obj=report, after={"file": name})
        response = storage_download_response(
            name, filename=filename, content_type=content_type, as_attachment=disposition
        )
        if kind == "summary":  # HTML shown inline: its own styles only, no script, sandboxed
            response._csp_config = REPORT_HTML_CSP
        return response


class ReportMarkFiledInputSerializer(serializers.Serializer):
    fec_filing_id = serializers.CharField(max_length=20, help_text="The id the FEC gave the filing, e.g. 1550126")
    signed_by = serializers.CharField(
        max_length=100, required=False, default="", help_text="Who signed it (default: the treasurer on the cover)"
    )
    date_signed = serializers.DateField(
        required=False, help_text="The date signed; must match the cover of the filed .fec when given"
    )


class ReportMarkFiledApi(APIView):
    """Record that a finished report was filed with the FEC (treasurers only; a person's session needs a fresh
    second factor: X-OTP-Code)."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
    required_role = Role.TREASURER

    @extend_schema(request=ReportMarkFiledInputSerializer, responses={200: ReportOutputSerializer})
    def post(self, request: Request, report_id: int) -> Response:
        data = ReportMarkFiledInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = report_get(report_id=report_id, **committee_filter(request, Role.TREASURER))
        report = report_mark_filed(
            report=report,
            fec_filing_id=data.validated_data["fec_filing_id"],
            signed_by=data.validated_data["signed_by"],
            date_signed=data.validated_data.get("date_signed"),
            actor=request.user,
        )
        return Response(ReportOutputSerializer(report).data)
