"""Staff API for gifts: list, refund, cancel a monthly gift, merge donors. Each view names the committee role
it needs (accounts.permissions) and sees only the committees the request may act on (others: 404)."""

from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.audit import AuditSubject, audit_export
from accounts.fresh import FreshSecondFactor
from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from donations.models import Contribution, Donor, RecurringGift, Refund
from donations.services.donor_merge import donor_merge
from donations.services.recurring import recurring_cancel
from donations.services.refunds import refund_issue
from fundraising.exceptions import NotFound


class ContributionOutputSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.fec_id", help_text="Committee FEC id")
    donor_id = serializers.IntegerField(help_text="The donor's id")
    election = serializers.CharField(source="election.code", default="", help_text="Election code, e.g. P2026")
    refcode = serializers.SerializerMethodField(help_text="The refcode the gift came with (web gifts)")
    attribution = serializers.SerializerMethodField(help_text="The refcode and UTM parameters of the gift")

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
        extra_kwargs = {
            "transaction_id": {"help_text": "The FEC transaction id"},
            "amount": {"help_text": "Dollars received"},
            "date_received": {"help_text": "FEC date: when the committee received it, in its time zone"},
            "receipt_type": {"help_text": "individual, party, pac, candidate, transfer, loan_*, offset or other"},
            "status": {"help_text": "received, disputed, dispute_won or dispute_lost"},
            "source": {"help_text": "web (donation page or API), staff (entered) or import"},
            "recurring_gift_id": {"help_text": "The monthly gift this installment belongs to, if any"},
        }

    def _attribution(self, obj: Contribution) -> dict:
        return obj.donation.attribution if obj.donation_id else {}

    def get_refcode(self, obj: Contribution) -> str:
        return self._attribution(obj).get("refcode", "")

    def get_attribution(self, obj: Contribution) -> dict:
        return self._attribution(obj)


class RefundOutputSerializer(serializers.ModelSerializer):
    contribution = serializers.CharField(source="contribution.transaction_id", help_text="The refunded gift")

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
        extra_kwargs = {
            "transaction_id": {"help_text": "The refund's FEC transaction id"},
            "kind": {"help_text": "refund or dispute_lost"},
            "source": {"help_text": "staff, stripe or import"},
            "reason": {"help_text": "Why it was refunded"},
            "stripe_refund_id": {"help_text": "Stripe's refund id (card gifts)"},
        }


class ContributionListApi(APIView):
    """The latest 200 gifts of the committees this request may see, newest first. Audited as an export."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        parameters=[OpenApiParameter("committee", str, description="Only this committee (its FEC id)")],
        responses={200: ContributionOutputSerializer(many=True)},
    )
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
    reason = serializers.CharField(max_length=200, help_text="Why (kept in the audit log and on the refund)")


class RefundCreateApi(APIView):
    """Refund a gift in full or in part (treasurers): card gifts through Stripe, others as a recorded check.
    A person's session needs a fresh second factor (X-OTP-Code)."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
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
    reason = serializers.CharField(max_length=200, help_text="Why it is canceled (kept in the audit log)")


class RecurringCancelApi(APIView):
    """Cancel a monthly gift (staff): no further charges; gifts already received stay."""

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
    keep = serializers.IntegerField(help_text="Id of the donor record that stays")
    merge = serializers.IntegerField(help_text="Id of the duplicate record merged into it")
    reason = serializers.CharField(max_length=200, required=False, default="", help_text="Why they are one person")


class DonorMergeApi(APIView):
    """Merge two records of the same person (staff): gifts move, totals are rebuilt, nothing is deleted."""

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
