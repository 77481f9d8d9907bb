"""Form 3P entries beyond receipts and payments (treasurers): an operating expenditure's allocation to states and
the items on hand to be liquidated (compliance.services.presidential; the report build writes them)."""

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from committees.selectors import committee_by_fec_id
from compliance.models import Disbursement, LiquidationItem
from compliance.services.presidential import (
    ItemSource,
    liquidation_item_enter,
    liquidation_item_liquidate,
    state_allocation_enter,
)
from fundraising.exceptions import NotFound

FEC_ID = OpenApiParameter("fec_id", str, OpenApiParameter.PATH, description="The committee's FEC id (C + 8 digits)")
TRAN_ID = OpenApiParameter("transaction_id", str, OpenApiParameter.PATH, description="The row's transaction id")


class StateAllocationInputSerializer(serializers.Serializer):
    state = serializers.CharField(max_length=2, help_text="Postal code of a Form 3P allocation column (AL ... VI)")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, help_text="Dollars allocated; negative takes back part of an earlier one"
    )
    note = serializers.CharField(max_length=100, default="", allow_blank=True, help_text="Why, for the record")


class StateAllocationOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The allocation's id")
    state = serializers.CharField(help_text="Postal code")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Dollars")


class LiquidationItemInputSerializer(serializers.Serializer):
    entity_type = serializers.ChoiceField(choices=["IND", "ORG", "COM", "CAN"], help_text="Who gave or sold it")
    organization_name = serializers.CharField(max_length=200, default="", allow_blank=True, help_text="If not IND")
    last_name = serializers.CharField(max_length=30, default="", allow_blank=True, help_text="If IND or CAN")
    first_name = serializers.CharField(max_length=20, default="", allow_blank=True, help_text="If IND or CAN")
    street_1 = serializers.CharField(max_length=34, help_text="Street")
    street_2 = serializers.CharField(max_length=34, default="", allow_blank=True, help_text="Street, line 2")
    city = serializers.CharField(max_length=30, help_text="City")
    state = serializers.CharField(max_length=2, help_text="State (2 letters)")
    zip_code = serializers.CharField(max_length=10, help_text="ZIP code")
    employer = serializers.CharField(max_length=38, default="", allow_blank=True, help_text="If IND")
    occupation = serializers.CharField(max_length=38, default="", allow_blank=True, help_text="If IND")
    description = serializers.CharField(max_length=100, help_text="What the item is")
    date_acquired = serializers.DateField(help_text="When the committee received or bought it")
    fair_market_value = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text="Dollars"
    )
    election_code = serializers.CharField(max_length=5, help_text="P2028, G2028 ...")
    transaction_id = serializers.CharField(max_length=20, default="", allow_blank=True, help_text="Optional id")


class LiquidatedInputSerializer(serializers.Serializer):
    liquidated_on = serializers.DateField(help_text="The day the item was sold or disposed of")


class LiquidationItemOutputSerializer(serializers.Serializer):
    transaction_id = serializers.CharField(help_text="The F3P31 record's transaction id")
    fair_market_value = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Dollars")
    liquidated_on = serializers.DateField(allow_null=True, help_text="Empty while on hand")


class StateAllocationApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="Allocate part of a Form 3P operating expenditure to a state (11 CFR 106.2) (treasurers).",
        request=StateAllocationInputSerializer,
        parameters=[TRAN_ID],
        responses={201: StateAllocationOutputSerializer},
    )
    def post(self, request: Request, transaction_id: str) -> Response:
        data = StateAllocationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        payment = Disbursement.objects.filter(
            transaction_id=transaction_id.upper(), **committee_filter(request, Role.TREASURER)
        ).first()
        if payment is None:
            raise NotFound("No payment with that transaction id.")
        row = state_allocation_enter(disbursement=payment, actor=request.user, **data.validated_data)
        out = {"id": row.pk, "state": row.state, "amount": row.amount}
        return Response(StateAllocationOutputSerializer(out).data, status=status.HTTP_201_CREATED)


class LiquidationItemCreateApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="An item on hand to be liquidated (Form 3P line 31, F3P31) (treasurers).",
        request=LiquidationItemInputSerializer,
        parameters=[FEC_ID],
        responses={201: LiquidationItemOutputSerializer},
    )
    def post(self, request: Request, fec_id: str) -> Response:
        data = LiquidationItemInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        item_fields = ("description", "date_acquired", "fair_market_value", "election_code", "transaction_id")
        item = liquidation_item_enter(
            committee=committee_by_fec_id(fec_id=fec_id.upper(), **committee_filter(request, Role.TREASURER, "pk")),
            source=ItemSource(**{k: v for k, v in values.items() if k not in item_fields}),
            actor=request.user,
            **{k: values[k] for k in item_fields},
        )
        return Response(LiquidationItemOutputSerializer(item).data, status=status.HTTP_201_CREATED)


class LiquidationItemLiquidatedApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="Record that an item on hand was sold or disposed of (treasurers).",
        request=LiquidatedInputSerializer,
        parameters=[FEC_ID, TRAN_ID],
        responses={200: LiquidationItemOutputSerializer},
    )
    def post(self, request: Request, fec_id: str, transaction_id: str) -> Response:
        data = LiquidatedInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        committee = committee_by_fec_id(fec_id=fec_id.upper(), **committee_filter(request, Role.TREASURER, "pk"))
        item = LiquidationItem.objects.filter(committee=committee, transaction_id=transaction_id.upper()).first()
        if item is None:
            raise NotFound("No item with that transaction id.")
        item = liquidation_item_liquidate(item=item, on=data.validated_data["liquidated_on"], actor=request.user)
        return Response(LiquidationItemOutputSerializer(item).data)
