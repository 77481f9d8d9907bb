"""Independent expenditures API (PACs and parties; treasurers): enter or correct one (Schedule E), and the 24- and
48-hour reports (Form 24) they call for: list, .fec, marking one filed. Thin: the services are
compliance.services.independent and compliance.desk.ie_notices."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.audit import audit_export
from accounts.fresh import FreshSecondFactor
from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from committees.selectors import committee_by_fec_id
from compliance.api.entry_views import model_errors
from compliance.desk.ie_notices import ie_report_fec_bytes, ie_report_mark_filed, ie_report_total, ie_reports_sync
from compliance.desk.ie_reports import EASTERN
from compliance.models import IndependentExpenditureReport
from compliance.services.independent import PAYEE_CODES, IndependentExpenditureInput, ie_by_transaction_id, ie_enter
from fundraising.exceptions import NotFound
from fundraising.validators import state_validator, zip_code_validator

_TEXT = {"required": False, "allow_blank": True, "default": ""}
FEC_ID = OpenApiParameter("fec_id", str, OpenApiParameter.PATH, description="The committee's FEC id (C + 8 digits)")
REPORT_ID = OpenApiParameter("report_id", int, OpenApiParameter.PATH, description="The Form 24's id")


class IndependentExpenditureInputSerializer(serializers.Serializer):
    committee = serializers.RegexField(r"^C\d{8}$", help_text="Committee FEC id (a PAC or party)")
    corrects = serializers.CharField(
        max_length=20, **_TEXT, help_text="To correct an expenditure: its transaction id (a new version is recorded)"
    )
    transaction_id = serializers.RegexField(
        r"^[A-Z0-9][A-Z0-9._-]{0,19}$", required=False, help_text="FEC transaction id to use (default: generated)"
    )
    entity_type = serializers.ChoiceField(choices=list(PAYEE_CODES), help_text="Payee: IND, ORG, COM or CAN")
    organization_name = serializers.CharField(max_length=200, **_TEXT, help_text="Payee organization")
    last_name = serializers.CharField(max_length=30, **_TEXT, help_text="Payee (individual): last name")
    first_name = serializers.CharField(max_length=20, **_TEXT, help_text="Payee (individual): first name")
    middle_name = serializers.CharField(max_length=20, **_TEXT, help_text="Middle name")
    prefix = serializers.CharField(max_length=10, **_TEXT, help_text="Prefix")
    suffix = serializers.CharField(max_length=10, **_TEXT, help_text="Suffix")
    fec_id = serializers.CharField(max_length=9, **_TEXT, help_text="Payee committee's FEC id (COM)")
    street_1 = serializers.CharField(max_length=34, help_text="Payee street")
    street_2 = serializers.CharField(max_length=34, **_TEXT, help_text="Suite")
    city = serializers.CharField(max_length=30, help_text="City")
    state = serializers.CharField(max_length=2, validators=[state_validator], help_text="Two-letter state")
    zip_code = serializers.CharField(max_length=10, validators=[zip_code_validator], help_text="ZIP or ZIP+4")
    purpose = serializers.CharField(max_length=100, help_text="What was bought, e.g. 'TV ad'")
    category = serializers.RegexField(r"^\d{3}$", **_TEXT, help_text="FEC category code (001-012)")
    dissemination_date = serializers.DateField(help_text="The date it was publicly distributed or disseminated")
    expenditure_date = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="The date it was paid (blank: not known yet)"
    )
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text="Dollars")
    support_oppose = serializers.ChoiceField(choices=["S", "O"], help_text="S: supports, O: opposes the candidate")
    candidate_fec_id = serializers.CharField(max_length=9, help_text="Candidate's FEC id, e.g. H8VA11000")
    candidate_last_name = serializers.CharField(max_length=30, help_text="Candidate's last name")
    candidate_first_name = serializers.CharField(max_length=20, help_text="Candidate's first name")
    candidate_office = serializers.RegexField(r"^[HSP]$", help_text="The office sought: H, S or P")
    candidate_state = serializers.CharField(max_length=2, **_TEXT, help_text="House or Senate: the state")
    candidate_district = serializers.CharField(max_length=2, **_TEXT, help_text="House: the district (00 at large)")
    election = serializers.RegexField(r"^[PGRSCE]\d{4}$", help_text="The election, e.g. G2028")
    election_date = serializers.DateField(help_text="The election's date (sets the 24/48-hour periods)")
    memo_text = serializers.CharField(max_length=100, **_TEXT, help_text="Memo text on the Schedule E row")
    memo = serializers.BooleanField(required=False, default=False, help_text="A memo entry: never counted in totals")


class IndependentExpenditureOutputSerializer(serializers.Serializer):
    transaction_id = serializers.CharField(help_text="The expenditure's FEC transaction id")
    version = serializers.IntegerField(help_text="The id of the row recorded (a correction is a new row)")
    reports_opened = serializers.ListField(
        child=serializers.IntegerField(), help_text="Form 24s (24/48-hour reports) this entry made due"
    )


def _committee(request: Request, fec_id: str, role: str):  # noqa: ANN202
    return committee_by_fec_id(fec_id=fec_id.upper(), **committee_filter(request, role, "pk"))


class IndependentExpenditureCreateApi(APIView):
    """Enter an independent expenditure, or correct one (treasurers of a PAC or party)."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="An independent expenditure (Schedule E, Form 3X line 24). With `corrects`, a corrected "
        "version of an earlier one (same transaction id; nothing is deleted). Refused for a candidate's committee. "
        "Opens the 24/48-hour reports it makes due.",
        request=IndependentExpenditureInputSerializer,
        responses={201: IndependentExpenditureOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = IndependentExpenditureInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = _committee(request, v["committee"], Role.TREASURER)
        corrects = None
        if v["corrects"]:
            corrects = ie_by_transaction_id(committee, v["corrects"])
            if corrects is None:
                raise NotFound("No independent expenditure with that transaction id.", field="corrects")
        entry = IndependentExpenditureInput(
            entity_type=v["entity_type"],
            organization_name=v["organization_name"],
            last_name=v["last_name"],
            first_name=v["first_name"],
            middle_name=v["middle_name"],
            prefix=v["prefix"],
            suffix=v["suffix"],
            payee_committee_fec_id=v["fec_id"],
            street_1=v["street_1"],
            street_2=v["street_2"],
            city=v["city"],
            state=v["state"],
            zip_code=v["zip_code"],
            purpose=v["purpose"],
            category_code=v["category"],
            dissemination_date=v["dissemination_date"],
            expenditure_date=v["expenditure_date"],
            amount=v["amount"],
            support_oppose=v["support_oppose"],
            candidate_fec_id=v["candidate_fec_id"],
            candidate_last_name=v["candidate_last_name"],
            candidate_first_name=v["candidate_first_name"],
            candidate_office=v["candidate_office"],
            candidate_state=v["candidate_state"],
            candidate_district=v["candidate_district"],
            election_code=v["election"],
            election_date=v["election_date"],
            memo_text=v["memo_text"],
            is_memo=v["memo"],
        )
        with model_errors():
            row = ie_enter(
                committee=committee,
                data=entry,
                actor=request.user,
                corrects=corrects,
                transaction_id=v.get("transaction_id", ""),
            )
        opened = ie_reports_sync(committee=committee, as_of=timezone.localdate(timezone=EASTERN))
        body = {"transaction_id": row.transaction_id, "version": row.pk, "reports_opened": [r.pk for r in opened]}
        return Response(IndependentExpenditureOutputSerializer(body).data, status=status.HTTP_201_CREATED)


class IEReportOutputSerializer(serializers.ModelSerializer):
    total = serializers.SerializerMethodField(help_text="The sum of the expenditures on the report")

    class Meta:
        model = IndependentExpenditureReport
        fields = ["id", "report_type", "election_code", "office", "state", "district", "deadline", "total"]
        fields += ["filed_at", "fec_filing_id"]
        extra_kwargs = {
            "id": {"help_text": "The Form 24's id"},
            "report_type": {"help_text": "24 or 48 (hours)"},
            "election_code": {"help_text": "The election the expenditures are for, e.g. G2028"},
            "office": {"help_text": "The race: office sought (H, S, P)"},
            "state": {"help_text": "The race: state (House, Senate)"},
            "district": {"help_text": "The race: district (House)"},
            "deadline": {"help_text": "When the FEC must have it (11 CFR 104.4(f))"},
            "filed_at": {"help_text": "When it was marked filed (null: not yet)"},
            "fec_filing_id": {"help_text": "The FEC's filing id, once filed"},
        }

    def get_total(self, report: IndependentExpenditureReport) -> str:
        return f"{ie_report_total(report):.2f}"


class IEReportFiledInputSerializer(serializers.Serializer):
    fec_filing_id = serializers.CharField(max_length=20, help_text="The id the FEC gave the filing")


def _report(request: Request, fec_id: str, report_id: int, role: str) -> IndependentExpenditureReport:
    committee = _committee(request, fec_id, role)
    report = IndependentExpenditureReport.objects.filter(committee=committee, pk=report_id).first()
    if report is None:
        raise NotFound("No such 24/48-hour report.")
    return report


class IEReportListApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        description="The committee's 24- and 48-hour reports of independent expenditures (Form 24), by deadline.",
        parameters=[FEC_ID],
        responses={200: IEReportOutputSerializer(many=True)},
    )
    def get(self, request: Request, fec_id: str) -> Response:
        committee = _committee(request, fec_id, Role.VIEWER)
        reports = IndependentExpenditureReport.objects.filter(committee=committee)[:200]
        return Response(IEReportOutputSerializer(reports, many=True).data)


class IEReportFileApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        operation_id="ie_report_file",
        description="The Form 24's .fec (HDR, F24N, SE rows), signed today; validated. Audited.",
        parameters=[FEC_ID, REPORT_ID],
        responses={200: OpenApiResponse(description="the .fec file")},
    )
    def get(self, request: Request, fec_id: str, report_id: int) -> HttpResponse:
        report = _report(request, fec_id, report_id, Role.VIEWER)
        body = ie_report_fec_bytes(report, date_signed=timezone.localdate(timezone=report.committee.tzinfo))
        audit_export(actor=request.user, what="ie_report_fec", obj=report, after={"bytes": len(body)})
        response = HttpResponse(body, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{report.committee.fec_id}_F24_{report.pk}.fec"'
        return response


class IEReportFiledApi(APIView):
    """Record that the FEC accepted the report (treasurers; a person's session needs a fresh second factor)."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
    required_role = Role.TREASURER

    @extend_schema(
        description="Record the FEC's filing id for the Form 24 (once).",
        request=IEReportFiledInputSerializer,
        parameters=[FEC_ID, REPORT_ID],
        responses={200: IEReportOutputSerializer},
    )
    def post(self, request: Request, fec_id: str, report_id: int) -> Response:
        data = IEReportFiledInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = ie_report_mark_filed(
            report=_report(request, fec_id, report_id, Role.TREASURER),
            actor=request.user,
            fec_filing_id=data.validated_data["fec_filing_id"],
        )
        return Response(IEReportOutputSerializer(report).data)
