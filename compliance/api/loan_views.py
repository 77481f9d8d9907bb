"""A loan's Schedule C-1 (agreement with a lending institution) and C-2 (guarantors), entered by treasurers; the
report build writes them after the loan's Schedule C (compliance.reports.loan_extras)."""

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from compliance.api.lookups import row_of
from compliance.reports.lines import LOAN_RECEIPT_TYPES
from compliance.services.loan_schedules import (
    GuarantorInput,
    LoanAgreementInput,
    loan_agreement_record,
    loan_guarantor_add,
)
from donations.models import Contribution

LOAN_ID = OpenApiParameter(
    "transaction_id", str, OpenApiParameter.PATH, description="The loan receipt's transaction id"
)
_MONEY = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0.01")}


class LoanAgreementInputSerializer(serializers.Serializer):
    treasurer_signed = serializers.DateField(help_text="The date the treasurer signed the C-1")
    officer_last_name = serializers.CharField(max_length=30, help_text="The lending institution's officer")
    officer_first_name = serializers.CharField(max_length=20, help_text="The officer's first name")
    officer_title = serializers.CharField(max_length=20, help_text="The officer's title")
    officer_signed = serializers.DateField(help_text="The date the officer signed")
    restructured = serializers.BooleanField(default=False, help_text="The loan restructures an earlier one")
    originally_incurred = serializers.DateField(required=False, allow_null=True, help_text="If restructured")
    credit_drawn = serializers.DecimalField(**_MONEY, required=False, allow_null=True, help_text="Line of credit draw")
    credit_balance = serializers.DecimalField(**_MONEY, required=False, allow_null=True, help_text="Line's balance")
    others_liable = serializers.BooleanField(default=False, help_text="Others are liable for the loan")
    collateral = serializers.CharField(max_length=100, default="", allow_blank=True, help_text="Collateral, if any")
    collateral_value = serializers.DecimalField(**_MONEY, required=False, allow_null=True, help_text="Its value")
    perfected_interest = serializers.BooleanField(default=False, help_text="The lender has a perfected interest")
    future_income = serializers.CharField(
        max_length=100, default="", allow_blank=True, help_text="Future receipts pledged, if any"
    )
    future_income_value = serializers.DecimalField(
        **_MONEY, required=False, allow_null=True, help_text="Their estimated value"
    )
    basis = serializers.CharField(max_length=100, default="", allow_blank=True, help_text="Otherwise, the basis")


class GuarantorInputSerializer(serializers.Serializer):
    entity_type = serializers.ChoiceField(choices=["IND", "ORG"], help_text="IND or ORG")
    organization_name = serializers.CharField(max_length=200, default="", allow_blank=True, help_text="If ORG")
    last_name = serializers.CharField(max_length=30, default="", allow_blank=True, help_text="If IND")
    first_name = serializers.CharField(max_length=20, default="", allow_blank=True, help_text="If IND")
    street_1 = serializers.CharField(max_length=34, help_text="Street")
    street_2 = serializers.CharField(max_length=34, default="", allow_blank=True, help_text="Street, line 2")
    city = serializers.CharField(max_length=30, help_text="City")
    state = serializers.CharField(max_length=2, help_text="State (2 letters)")
    zip_code = serializers.CharField(max_length=10, help_text="ZIP code")
    employer = serializers.CharField(max_length=38, default="", allow_blank=True, help_text="If IND")
    occupation = serializers.CharField(max_length=38, default="", allow_blank=True, help_text="If IND")
    amount = serializers.DecimalField(
        **_MONEY,
        required=False,
        allow_null=True,
        default=None,
        help_text="The amount guaranteed, dollars; omit when the agreement does not state each share (equal shares)",
    )
    candidate = serializers.BooleanField(
        default=False, help_text="The candidate's own guarantee (a contribution, but unlimited)"
    )


class LoanScheduleOutputSerializer(serializers.Serializer):
    transaction_id = serializers.CharField(help_text="The C-1 or C-2 record's transaction id")


def _loan(request: Request, transaction_id: str) -> Contribution:
    return row_of(
        Contribution,
        transaction_id=transaction_id.upper(),
        receipt_type__in=LOAN_RECEIPT_TYPES,
        missing="No loan with that transaction id.",
        **committee_filter(request, Role.TREASURER),
    )


class LoanAgreementApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="Record a bank loan's agreement (Schedule C-1), once per loan (treasurers).",
        request=LoanAgreementInputSerializer,
        parameters=[LOAN_ID],
        responses={201: LoanScheduleOutputSerializer},
    )
    def post(self, request: Request, transaction_id: str) -> Response:
        data = LoanAgreementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        agreement = loan_agreement_record(
            loan=_loan(request, transaction_id), data=LoanAgreementInput(**data.validated_data), actor=request.user
        )
        return Response({"transaction_id": agreement.transaction_id}, status=status.HTTP_201_CREATED)


class LoanGuarantorApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="Add an endorser or guarantor of a loan (Schedule C-2) (treasurers).",
        request=GuarantorInputSerializer,
        parameters=[LOAN_ID],
        responses={201: LoanScheduleOutputSerializer},
    )
    def post(self, request: Request, transaction_id: str) -> Response:
        data = GuarantorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guarantor = loan_guarantor_add(
            loan=_loan(request, transaction_id), data=GuarantorInput(**data.validated_data), actor=request.user
        )
        return Response({"transaction_id": guarantor.transaction_id}, status=status.HTTP_201_CREATED)
