"""Best-efforts requests for staff (11 CFR 104.7(b)): what was asked, of whom, and where each request stands.
Thin: the selector reads, the serializer says the state."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from committees.selectors import committee_by_fec_id
from compliance.desk.selectors import best_efforts_requests
from compliance.models import BestEffortsRequest


class BestEffortsRequestOutputSerializer(serializers.ModelSerializer):
    donor_id = serializers.IntegerField(help_text="The donor asked")
    transaction_id = serializers.CharField(source="contribution.transaction_id", help_text="The gift that passed $200")
    state = serializers.SerializerMethodField(
        help_text="answered; sent (email out, no answer yet); no_email (nothing could be sent: ask by mail or phone); "
        "overdue (not sent and past due_by)"
    )

    class Meta:
        model = BestEffortsRequest
        fields = ["id", "donor_id", "transaction_id", "cycle", "due_by", "sent_at", "answered_at", "state"]
        extra_kwargs = {
            "id": {"help_text": "The request's id"},
            "sent_at": {"help_text": "When the email went out (null: not sent, no email address)"},
            "answered_at": {"help_text": "When the donor answered (null: no answer yet)"},
            "cycle": {"help_text": "The aggregation window: the cycle's closing year, or the calendar year"},
            "due_by": {"help_text": "30 days after the gift that passed $200"},
        }

    def get_state(self, request: BestEffortsRequest) -> str:
        if request.answered_at:
            return "answered"
        if request.sent_at:
            return "sent"
        if request.due_by < timezone.localdate(timezone=request.committee.tzinfo):
            return "overdue"
        return "no_email"


class BestEffortsListApi(APIView):
    """The committee's best-efforts requests, newest first, each with its state."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        parameters=[OpenApiParameter("committee", str, required=True, description="Committee FEC id")],
        responses={200: BestEffortsRequestOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        committee = committee_by_fec_id(
            fec_id=request.query_params.get("committee", "").upper(), **committee_filter(request, Role.VIEWER, "pk")
        )
        requests = best_efforts_requests(committee=committee).select_related("committee")
        return Response(BestEffortsRequestOutputSerializer(requests, many=True).data)
