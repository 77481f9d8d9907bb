"""Compliance-desk API for staff. Thin: parse, call a service, serialize. Every view needs a committee role
(accounts.permissions): viewers read the queue, treasurers remedy and record results; objects of committees
the user has no role in are not found."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter, visible_committee_ids
from accounts.roles import Role
from audit.export import audit_export_csv
from audit.models import AuditEvent
from committees.models import Election
from committees.selectors import committee_by_fec_id
from compliance.desk.remedies import (
    election_record_result,
    remedy_reattribute,
    remedy_redesignate,
    remedy_refund,
    review_item_clear,
)
from compliance.desk.selectors import review_items_open
from compliance.models import ReviewItem
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError, NotFound


class ReviewItemOutputSerializer(serializers.ModelSerializer):
    transaction_id = serializers.CharField(source="contribution.transaction_id", help_text="The gift's transaction id")
    date_received = serializers.DateField(source="contribution.date_received", help_text="The gift's FEC date")
    donor = serializers.CharField(source="contribution.donor.display_name", help_text="The donor's name")
    days_left = serializers.SerializerMethodField(help_text="Days until the deadline (negative: overdue)")
    overdue = serializers.SerializerMethodField(help_text="True once the deadline has passed")

    class Meta:
        model = ReviewItem
        fields = [
            "id",
            "kind",
            "reason_code",
            "reason",
            "amount",
            "deadline",
            "days_left",
            "overdue",
            "status",
            "remedy",
            "transaction_id",
            "date_received",
            "donor",
        ]
        extra_kwargs = {
            "id": {"help_text": "The review item's id"},
            "kind": {"help_text": "excessive, prohibited or general_refund"},
            "reason_code": {"help_text": "Machine-readable reason (over_limit, corporate_name, foreign_address …)"},
            "reason": {"help_text": "Why the gift is in the queue, in plain words"},
            "amount": {"help_text": "The excess, or the amount in question"},
            "deadline": {"help_text": "Date the item must be settled by"},
            "status": {"help_text": "open, remedied or cleared"},
            "remedy": {"help_text": "refund, redesignation, reattribution or cleared (empty while open)"},
        }

    def get_days_left(self, item: ReviewItem) -> int:
        return (item.deadline - timezone.localdate(timezone=item.committee.tzinfo)).days

    def get_overdue(self, item: ReviewItem) -> bool:
        return self.get_days_left(item) < 0


class ExcessiveListApi(APIView):
    """The excessive-contributions queue (open items), soonest deadline first."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        parameters=[OpenApiParameter("committee", str, required=True, description="Committee FEC id")],
        responses={200: ReviewItemOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        committee = committee_by_fec_id(
            fec_id=request.query_params.get("committee", "").upper(), **committee_filter(request, Role.VIEWER, "pk")
        )
        items = review_items_open(committee=committee, kind=ReviewItem.Kind.EXCESSIVE).select_related("committee")
        return Response(ReviewItemOutputSerializer(items, many=True).data)


class ReviewActionInputSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Why (kept with the decision; required to clear)"
    )
    election = serializers.RegexField(r"^[GPRSCEO]\d{4}$", required=False, help_text="redesignate: target")
    to = serializers.DictField(required=False, help_text="reattribute: the other account holder (donor fields)")


class ReviewActionApi(APIView):
    """A treasurer's decision on a review item: refund, redesignate (give election), reattribute (give to) or clear
    (give note). Money moves for a refund (through Stripe for card gifts); every decision is audited."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(request=ReviewActionInputSerializer, responses={200: ReviewItemOutputSerializer})
    def post(self, request: Request, item_id: int, action: str) -> Response:
        item = (
            ReviewItem.objects.select_related("committee")
            .filter(pk=item_id, **committee_filter(request, Role.TREASURER))
            .first()
        )
        if item is None:
            raise NotFound("No such review item.")
        data = ReviewActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        note = data.validated_data["note"]
        if action == "refund":
            remedy_refund(item=item, actor=request.user, note=note)
        elif action == "clear":
            review_item_clear(item=item, actor=request.user, note=note)
        elif action == "redesignate":
            election = Election.objects.filter(
                committee=item.committee, code=data.validated_data.get("election")
            ).first()
            if election is None:
                raise ApplicationError("Give the election to redesignate to.", field="election")
            remedy_redesignate(item=item, election=election, actor=request.user, note=note)
        else:
            fields = set(DonorInput.__dataclass_fields__)
            to = {k: str(v) for k, v in (data.validated_data.get("to") or {}).items() if k in fields}
            if not to.get("last_name"):
                raise ApplicationError("Give the other account holder's name and address.", field="to")
            remedy_reattribute(item=item, to=DonorInput(**to), actor=request.user, note=note)
        item.refresh_from_db()
        return Response(ReviewItemOutputSerializer(item).data)


class ElectionResultInputSerializer(serializers.Serializer):
    committee = serializers.RegexField(r"^C\d{8}$", help_text="Committee FEC id")
    election = serializers.RegexField(r"^P\d{4}$", help_text="The primary, e.g. P2026")
    advanced = serializers.BooleanField(help_text="Did the candidate advance to the general election?")


class ElectionResultApi(APIView):
    """Record a primary's result (treasurers). On a loss, every general-election gift received by the primary goes
    to the queue to be refunded or redesignated within 60 days; the answer lists those items."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(request=ElectionResultInputSerializer, responses={200: ReviewItemOutputSerializer(many=True)})
    def post(self, request: Request) -> Response:
        data = ElectionResultInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        committee = committee_by_fec_id(
            fec_id=data.validated_data["committee"], **committee_filter(request, Role.TREASURER, "pk")
        )
        election = Election.objects.filter(committee=committee, code=data.validated_data["election"]).first()
        if election is None:
            raise NotFound("No such election.")
        flagged = election_record_result(
            election=election, advanced=data.validated_data["advanced"], actor=request.user
        )
        return Response(ReviewItemOutputSerializer(flagged, many=True).data)


class AuditExportQuerySerializer(serializers.Serializer):
    since = serializers.DateField(required=False, help_text="First day (YYYY-MM-DD) of events to export")
    until = serializers.DateField(required=False, help_text="Last day (YYYY-MM-DD) of events to export")


class AuditExportApi(APIView):
    """The audit log as CSV (``?since=YYYY-MM-DD&until=YYYY-MM-DD``). The export itself is audited. The log spans
    every committee of the deployment, so only an administrator (all committees) may export it whole."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        parameters=[AuditExportQuerySerializer],
        responses={200: OpenApiResponse(description="text/csv")},
    )
    def get(self, request: Request) -> HttpResponse:
        if visible_committee_ids(request, Role.TREASURER) is not None:
            raise PermissionDenied("Only an administrator can export the whole audit log.")
        query = AuditExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)  # a malformed date is a 400 naming the field
        events = AuditEvent.objects.order_by("occurred_at", "pk")
        since, until = query.validated_data.get("since"), query.validated_data.get("until")
        if since:
            events = events.filter(occurred_at__date__gte=since)
        if until:
            events = events.filter(occurred_at__date__lte=until)
        body = audit_export_csv(events=events, actor=request.user, scope=f"api since={since or ''} until={until or ''}")
        response = HttpResponse(body, content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit_log.csv"'
        return response
