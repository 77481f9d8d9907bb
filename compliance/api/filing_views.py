"""Filing with the FEC through the API: set the committee's filing password (never read back), submit a finished
report to the FEC's upload service, and list a report's submissions with the FEC's answers."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.fresh import FreshSecondFactor
from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from committees.selectors import committee_by_fec_id
from compliance.filing.selectors import filing_submissions
from compliance.models import FilingSubmission
from compliance.selectors import report_get
from compliance.services.filing import PASSWORD_MAX_LENGTH, filing_password_set, report_submit


class FilingSubmissionOutputSerializer(serializers.ModelSerializer):
    submitted_by = serializers.SerializerMethodField(help_text="Username of who submitted it (empty: the system)")
    messages = serializers.ListField(
        child=serializers.CharField(), help_text="The FEC's messages (why it was rejected), or why it failed"
    )

    class Meta:
        model = FilingSubmission
        fields = [
            "id",
            "report",
            "attempt",
            "status",
            "fec_submission_id",
            "fec_filing_id",
            "messages",
            "fec_sha256",
            "submitted_by",
            "created_at",
            "finished_at",
        ]
        extra_kwargs = {
            "id": {"help_text": "The submission's id"},
            "report": {"help_text": "The report submitted"},
            "attempt": {"help_text": "1 for the first submission of this report, 2 for the next..."},
            "status": {
                "help_text": "submitted (being sent), processing (the FEC is checking it), accepted (filed), "
                "rejected (see messages) or failed (never reached the FEC; see messages)"
            },
            "fec_submission_id": {"help_text": "The FEC upload service's id for this submission"},
            "fec_filing_id": {"help_text": "The filing id the FEC gave on acceptance, FEC-nnnnnnn"},
            "fec_sha256": {"help_text": "SHA-256 of the .fec file that was submitted"},
            "created_at": {"help_text": "When it was submitted"},
            "finished_at": {"help_text": "When the FEC's final answer (or the failure) was recorded"},
        }

    def get_submitted_by(self, obj: FilingSubmission) -> str:
        return obj.submitted_by.get_username() if obj.submitted_by else ""


class ReportSubmitApi(APIView):
    """Submit a finished report to the FEC (treasurers; a person's session needs a fresh second factor:
    X-OTP-Code). A worker uploads it and polls the FEC; the report is marked filed only when the FEC accepts it."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
    required_role = Role.TREASURER

    @extend_schema(
        operation_id="report_submit",
        request=None,
        description="Submit a done, unfiled report with the committee's filing password (set it first with "
        "PUT /api/v1/filing-password/). Answers 202 with the new submission (status submitted); poll "
        "GET /api/v1/reports/{id}/submissions/ for processing, accepted (with fec_filing_id) or rejected (with "
        "the FEC's messages). 409 when the report is not done, already filed, or already with the FEC.",
        responses={202: FilingSubmissionOutputSerializer, 409: OpenApiResponse(description="not submittable")},
    )
    def post(self, request: Request, report_id: int) -> Response:
        report = report_get(report_id=report_id, **committee_filter(request, Role.TREASURER))
        submission = report_submit(report=report, actor=request.user)
        return Response(FilingSubmissionOutputSerializer(submission).data, status=status.HTTP_202_ACCEPTED)


class ReportSubmissionsApi(APIView):
    """A report's submissions to the FEC, newest attempt first."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(operation_id="report_submissions", responses={200: FilingSubmissionOutputSerializer(many=True)})
    def get(self, request: Request, report_id: int) -> Response:
        report = report_get(report_id=report_id, **committee_filter(request, Role.VIEWER))
        return Response(FilingSubmissionOutputSerializer(filing_submissions(report=report), many=True).data)


class FilingPasswordInputSerializer(serializers.Serializer):
    committee = serializers.CharField(max_length=9, help_text="The committee's FEC id")
    password = serializers.CharField(
        max_length=PASSWORD_MAX_LENGTH,
        trim_whitespace=False,
        write_only=True,
        help_text="The committee's FEC electronic filing password; kept encrypted, never shown back",
    )


class FilingPasswordApi(APIView):
    """Set the committee's FEC electronic filing password (treasurers, fresh second factor). Write-only."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
    required_role = Role.TREASURER

    @extend_schema(
        operation_id="filing_password_set",
        request=FilingPasswordInputSerializer,
        responses={204: OpenApiResponse(description="kept (encrypted)")},
    )
    def put(self, request: Request) -> Response:
        data = FilingPasswordInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        committee = committee_by_fec_id(
            fec_id=data.validated_data["committee"].upper(), **committee_filter(request, Role.TREASURER, "pk")
        )
        filing_password_set(committee=committee, password=data.validated_data["password"], actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
