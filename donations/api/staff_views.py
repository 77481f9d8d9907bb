"""Staff API for gifts: list, refund, cancel a monthly gift, merge donors. Each view names the committee role
it needs (accounts.permissions) and sees only the committees the request may act on (others: 404)."""

from decimal import Decimal

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.audit import AuditSubject, audit_export
from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from donations.models import Contribution, Donor, RecurringGift, Refund
from donations.services.donor_merge import donor_merge
from donations.services.recurring import recurring_cancel
from donations.services.refunds import refund_issue
from fundraising.exceptions import NotFound


class ContributionOutputSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.fec_id")
    donor_id = serializers.IntegerField()
    election = serializers.CharField(source="election.code", default="")
    refcode = serializers.SerializerMethodField()
    attribution = serializers.SerializerMethodField()

    class Meta:
        model = Contribution
        fields = [
            "transaction_id",
            "committee",
            "donor_id",
            "amount",
            "date_received",
            "election",
            "receipt_type",
            "status",
            "source",
            "refcode",
            "attribution",
            "recurring_gift_id",
        ]

    def _attribution(self, obj: Contribution) -> dict:
        return obj.donation.attribution if obj.donation_id else {}

    def get_refcode(self, obj: Contribution) -> str:
        return self._attribution(obj).get("refcode", "")

    def get_attribution(self, obj: Contribution) -> dict:
        return self._attribution(obj)


class RefundOutputSerializer(serializers.ModelSerializer):
    contribution = serializers.CharField(source="contribution.transaction_id")

    class Meta:
        model = Refund
        fields = [
            "transaction_id",
            "contribution",
            "kind",
            "source",
            "amount",
            "date_refunded",
            "reason",
            "stripe_refund_id",
        ]


class ContributionListApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(responses={200: ContributionOutputSerializer(many=True)})
    def get(self, request: Request) -> Response:
        rows = Contribution.objects.select_related("committee", "election", "donation").order_by("-received_at")
        rows = rows.filter(**committee_filter(request, Role.VIEWER))
        if request.query_params.get("committee"):
            rows = rows.filter(committee__fec_id=request.query_params["committee"])
        data = ContributionOutputSerializer(rows[:200], many=True).data
        audit_export(
            actor=request.user,
            what="contributions",
            obj=AuditSubject("ContributionList", request.query_params.get("committee", "*")[:64]),
            after={"rows": len(data), "committees": ",".join(sorted({row["committee"] for row in data}))},
        )
        return Response(data)


class RefundCreateInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="Omit to refund what is left of the gift",
    )
    reason = serializers.CharField(max_length=200)


class RefundCreateApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(request=RefundCreateInputSerializer, responses={201: RefundOutputSerializer})
    def post(self, request: Request, transaction_id: str) -> Response:
        data = RefundCreateInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        contribution = (
            Contribution.objects.filter(**committee_filter(request, Role.TREASURER))
            .filter(transaction_id=transaction_id)
            .first()
        )
        if contribution is None:
            raise NotFound("No contribution with that transaction id.")
        refund = refund_issue(
            contribution=contribution,
            amount=data.validated_data.get("amount"),
            reason=data.validated_data["reason"],
            actor=request.user,
        )
        return Response(RefundOutputSerializer(refund).data, status=status.HTTP_201_CREATED)


class RecurringCancelInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


class RecurringCancelApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.STAFF

    @extend_schema(request=RecurringCancelInputSerializer, responses={200: None})
    def post(self, request: Request, public_id: str) -> Response:
        data = RecurringCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        gift = RecurringGift.objects.filter(**committee_filter(request, Role.STAFF)).filter(public_id=public_id).first()
        if gift is None:
            raise NotFound("No such monthly gift.")
        gift = recurring_cancel(gift=gift, reason=data.validated_data["reason"], actor=request.user)
        return Response({"status": gift.status, "canceled_at": gift.canceled_at})


class DonorMergeInputSerializer(serializers.Serializer):
    keep = serializers.IntegerField()
    merge = serializers.IntegerField()
    reason = serializers.CharField(max_length=200, required=False, default="")


class DonorMergeApi(APIView):
    permission_classes = [HasCommitteeRole]
    required_role = Role.STAFF

    @extend_schema(request=DonorMergeInputSerializer, responses={200: None})
    def post(self, request: Request) -> Response:
        data = DonorMergeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        donors = Donor.objects.filter(**committee_filter(request, Role.STAFF)).in_bulk(
            [data.validated_data["keep"], data.validated_data["merge"]]
        )
        if len(donors) != 2:
            raise NotFound("Both donors must exist.", field="merge")
        kept = donor_merge(
            keep=donors[data.validated_data["keep"]],
            merge=donors[data.validated_data["merge"]],
            actor=request.user,
            reason=data.validated_data["reason"],
        )
        return Response({"kept": kept.pk})
