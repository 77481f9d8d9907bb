"""Form 99 API: a committee's miscellaneous-text filings (viewers list and download; treasurers write and mark
them filed)."""

from django.http import HttpResponse
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
from compliance.models import Form99
from compliance.services.form99 import form99_create, form99_fec_bytes, form99_mark_filed

FEC_ID = OpenApiParameter("fec_id", str, OpenApiParameter.PATH, description="The committee's FEC id (C + 8 digits)")
FORM_ID = OpenApiParameter("form_id", int, OpenApiParameter.PATH, description="The Form 99's id")


class Form99InputSerializer(serializers.Serializer):
    text_code = serializers.ChoiceField(
        choices=Form99.TextCode.choices, help_text="MST misc. report, MSM change of filing frequency, MSI, MSW"
    )
    filing_frequency = serializers.ChoiceField(
        choices=Form99.Frequency.choices, required=False, default="", help_text="Q or M; required with MSM"
    )
    text = serializers.CharField(max_length=20000, trim_whitespace=False, help_text="The letter (line breaks kept)")
    date_signed = serializers.DateField(required=False, help_text="Default: today in the committee's time zone")


class Form99OutputSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.fec_id", help_text="The committee's FEC id")

    class Meta:
        model = Form99
        fields = [
            "id",
            "committee",
            "text_code",
            "filing_frequency",
            "text",
            "date_signed",
            "created_at",
            "filed_at",
            "fec_filing_id",
        ]
        extra_kwargs = {
            "id": {"help_text": "This Form 99's id"},
            "text_code": {"help_text": "MST misc. report, MSM change of filing frequency, MSI, MSW"},
            "filing_frequency": {"help_text": "Q or M (with MSM), else empty"},
            "text": {"help_text": "The letter, as written"},
            "date_signed": {"help_text": "The date on the form"},
            "created_at": {"help_text": "When it was written"},
            "filed_at": {"help_text": "When it was marked filed (null: not yet)"},
            "fec_filing_id": {"help_text": "The FEC's filing id, once filed"},
        }


class Form99FiledInputSerializer(serializers.Serializer):
    fec_filing_id = serializers.CharField(max_length=20, help_text="The id the FEC gave the filing, e.g. 1550126")


def _form(request: Request, fec_id: str, form_id: int, role: str) -> Form99:
    return row_of(Form99, committee=committee_for(request, fec_id, role), pk=form_id, missing="No such Form 99.")


class Form99ListCreateApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_roles = {"GET": Role.VIEWER, "POST": Role.TREASURER}

    @extend_schema(
        description="The committee's Forms 99, newest first (at most 200).",
        parameters=[FEC_ID],
        responses={200: Form99OutputSerializer(many=True)},
    )
    def get(self, request: Request, fec_id: str) -> Response:
        forms = Form99.objects.filter(committee=committee_for(request, fec_id, Role.VIEWER)).select_related("committee")
        return Response(Form99OutputSerializer(forms[:200], many=True).data)

    @extend_schema(
        description="Write a Form 99 (treasurers): validated against the FEC's F99 schema and kept with its .fec.",
        request=Form99InputSerializer,
        parameters=[FEC_ID],
        responses={201: Form99OutputSerializer},
    )
    def post(self, request: Request, fec_id: str) -> Response:
        data = Form99InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = form99_create(
            committee=committee_for(request, fec_id, Role.TREASURER),
            actor=request.user,
            text_code=data.validated_data["text_code"],
            filing_frequency=data.validated_data["filing_frequency"],
            text=data.validated_data["text"],
            date_signed=data.validated_data.get("date_signed"),
        )
        return Response(Form99OutputSerializer(form).data, status=status.HTTP_201_CREATED)


class Form99FileApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        operation_id="form99_file",
        description="The Form 99's .fec, as written and validated when it was created. Audited.",
        parameters=[FEC_ID, FORM_ID],
        responses={200: OpenApiResponse(description="the .fec file")},
    )
    def get(self, request: Request, fec_id: str, form_id: int) -> HttpResponse:
        form = _form(request, fec_id, form_id, Role.VIEWER)
        audit_export(actor=request.user, what="form99_fec", obj=form, after={"form99": form.pk})
        response = HttpResponse(form99_fec_bytes(form), content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{form.committee.fec_id}_F99_{form.pk}.fec"'
        return response


class Form99FiledApi(APIView):
    """Record that the FEC accepted the Form 99 (treasurers; a person's session needs a fresh second factor)."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
    required_role = Role.TREASURER

    @extend_schema(
        description="Record the FEC's filing id (once). A filed change of filing frequency switches the committee.",
        request=Form99FiledInputSerializer,
        parameters=[FEC_ID, FORM_ID],
        responses={200: Form99OutputSerializer},
    )
    def post(self, request: Request, fec_id: str, form_id: int) -> Response:
        data = Form99FiledInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        form = form99_mark_filed(
            form=_form(request, fec_id, form_id, Role.TREASURER),
            actor=request.user,
            fec_filing_id=data.validated_data["fec_filing_id"],
        )
        return Response(Form99OutputSerializer(form).data)
