"""48-hour notices API (Form 6): a committee's notices, their .fec, marking one filed, amending a filed one (F6A)."""

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.audit import audit_export
from accounts.fresh import FreshSecondFactor
from accounts.permissions import HasCommitteeRole
from accounts.roles import Role
from compliance.api.lookups import committee_for, row_of
from compliance.desk.notices import notice_amend, notice_fec_bytes, notice_mark_filed, notice_total
from compliance.models import FortyEightHourNotice

FEC_ID = OpenApiParameter("fec_id", str, OpenApiParameter.PATH, description="The committee's FEC id (C + 8 digits)")
NOTICE_ID = OpenApiParameter("notice_id", int, OpenApiParameter.PATH, description="The notice's id")


class NoticeOutputSerializer(serializers.ModelSerializer):
    election = serializers.CharField(source="election.code", help_text="The election the gifts are for, e.g. G2026")
    form_type = serializers.SerializerMethodField(help_text="F6N, or F6A for an amendment")
    total = serializers.SerializerMethodField(help_text="The sum of the gifts on the notice")

    class Meta:
        model = FortyEightHourNotice
        fields = [
            "id",
            "form_type",
            "election",
            "date_received",
            "deadline",
            "total",
            "filed_at",
            "fec_filing_id",
            "amends",
            "amendment_number",
        ]
        extra_kwargs = {
            "id": {"help_text": "The notice's id"},
            "date_received": {"help_text": "The day the gifts were received"},
            "deadline": {"help_text": "48 hours after the first gift (an amendment: the original's)"},
            "filed_at": {"help_text": "When it was marked filed (null: not yet)"},
            "fec_filing_id": {"help_text": "The FEC's filing id, once filed"},
            "amends": {"help_text": "For an amendment: the original notice's id"},
            "amendment_number": {"help_text": "For an amendment: 1, 2, ..."},
        }

    def get_form_type(self, notice: FortyEightHourNotice) -> str:
        return "F6A" if notice.amends_id else "F6N"

    def get_total(self, notice: FortyEightHourNotice) -> str:
        return f"{notice_total(notice):.2f}"


class NoticeFiledInputSerializer(serializers.Serializer):
    fec_filing_id = serializers.CharField(max_length=20, help_text="The id the FEC gave the filing, e.g. 1550126")


def _notice(request: Request, fec_id: str, notice_id: int, role: str) -> FortyEightHourNotice:
    return row_of(
        FortyEightHourNotice.objects.select_related("committee", "election", "amends"),
        committee=committee_for(request, fec_id, role),
        pk=notice_id,
        missing="No such notice.",
    )


class NoticeListApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        description="The committee's 48-hour notices and their amendments, by deadline (at most 200).",
        parameters=[FEC_ID],
        responses={200: NoticeOutputSerializer(many=True)},
    )
    def get(self, request: Request, fec_id: str) -> Response:
        committee = committee_for(request, fec_id, Role.VIEWER)
        notices = FortyEightHourNotice.objects.filter(committee=committee).select_related("election")[:200]
        return Response(NoticeOutputSerializer(notices, many=True).data)


class NoticeFileApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        operation_id="notice_file",
        description="The notice's .fec (F6N, or F6A for an amendment), signed today; validated. Audited.",
        parameters=[FEC_ID, NOTICE_ID],
        responses={200: OpenApiResponse(description="the .fec file")},
    )
    def get(self, request: Request, fec_id: str, notice_id: int) -> HttpResponse:
        notice = _notice(request, fec_id, notice_id, Role.VIEWER)
        body = notice_fec_bytes(notice, date_signed=timezone.localdate(timezone=notice.committee.tzinfo))
        audit_export(actor=request.user, what="notice48_fec", obj=notice, after={"bytes": len(body)})
        response = HttpResponse(body, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{notice.committee.fec_id}_F6_{notice.pk}.fec"'
        return response


class NoticeFiledApi(APIView):
    """Record that the FEC accepted the notice (treasurers; a person's session needs a fresh second factor)."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
    required_role = Role.TREASURER

    @extend_schema(
        description="Record the FEC's filing id for the notice (once).",
        request=NoticeFiledInputSerializer,
        parameters=[FEC_ID, NOTICE_ID],
        responses={200: NoticeOutputSerializer},
    )
    def post(self, request: Request, fec_id: str, notice_id: int) -> Response:
        data = NoticeFiledInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = notice_mark_filed(
            notice=_notice(request, fec_id, notice_id, Role.TREASURER),
            actor=request.user,
            fec_filing_id=data.validated_data["fec_filing_id"],
        )
        return Response(NoticeOutputSerializer(notice).data)


class NoticeAmendApi(APIView):
    """Amend a filed notice (treasurers): opens an F6A listing the original's gifts as they stand now."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="Open an amendment (Form 6A) of a filed notice; 409 if it is not filed or an amendment is open.",
        request=None,
        parameters=[FEC_ID, NOTICE_ID],
        responses={201: NoticeOutputSerializer},
    )
    def post(self, request: Request, fec_id: str, notice_id: int) -> Response:
        amendment = notice_amend(notice=_notice(request, fec_id, notice_id, Role.TREASURER), actor=request.user)
        return Response(NoticeOutputSerializer(amendment).data, status=status.HTTP_201_CREATED)
