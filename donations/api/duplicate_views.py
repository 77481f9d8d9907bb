"""Staff API for likely duplicate donors (issue #12 item 10): list the open queue, merge or dismiss an item."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from donations.models import DuplicateDonor
from donations.services.duplicates import duplicate_dismiss, duplicate_merge
from fundraising.exceptions import ApplicationError, NotFound


class DuplicateOutputSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(source="committee.fec_id", help_text="Committee FEC id")
    donor_id = serializers.IntegerField(help_text="The earlier donor record")
    other_id = serializers.IntegerField(help_text="The later donor record")
    donor_name = serializers.CharField(source="donor.display_name", help_text="Name on the earlier record")
    other_name = serializers.CharField(source="other.display_name", help_text="Name on the later record")

    class Meta:
        model = DuplicateDonor
        fields = ["id", "committee", "donor_id", "other_id", "donor_name", "other_name", "reasons", "status"]
        extra_kwargs = {
            "id": {"help_text": "The queue item's id"},
            "reasons": {
                "help_text": 'What matched besides the name: "address" (the same address spelled two ways), "email", '
                '"phone", "employer"'
            },
            "status": {"help_text": "open (both records count toward one limit), merged or dismissed"},
        }


class DuplicateListApi(APIView):
    """The likely duplicate donors of the committees this request may see (staff)."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.STAFF

    @extend_schema(
        description="Likely duplicate donors (same name with the same email, phone or employer), open ones by "
        "default. While an item is open, the limit check counts both records' gifts.",
        parameters=[
            OpenApiParameter("committee", str, description="Only this committee (its FEC id)"),
            OpenApiParameter("status", str, description="open (default), merged or dismissed"),
        ],
        responses={200: DuplicateOutputSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        wanted = request.query_params.get("status", DuplicateDonor.Status.OPEN)
        if wanted not in DuplicateDonor.Status.values:
            raise ApplicationError(f"{wanted!r} is not open, merged or dismissed.", field="status")
        rows = DuplicateDonor.objects.filter(**committee_filter(request, Role.STAFF), status=wanted)
        committee = request.query_params.get("committee", "").upper()
        if committee:
            rows = rows.filter(committee__fec_id=committee)
        rows = rows.select_related("committee", "donor", "other").order_by("pk")[:200]
        return Response(DuplicateOutputSerializer(rows, many=True).data)


class DuplicateActionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, default="", help_text="Why (audited)")
    keep = serializers.IntegerField(required=False, help_text="Merge: the donor id that stays (default: earlier)")


class DuplicateActionApi(APIView):
    """Merge the two records of a likely duplicate (one person) or dismiss it (two people), staff."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.STAFF

    @extend_schema(
        description="merge: gifts move to the kept record, totals rebuilt, nothing deleted. dismiss (reason "
        "required): each record counts toward its own limit again.",
        request=DuplicateActionInputSerializer,
        responses={200: DuplicateOutputSerializer},
    )
    def post(self, request: Request, item_id: int, action: str) -> Response:
        data = DuplicateActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = DuplicateDonor.objects.filter(**committee_filter(request, Role.STAFF), pk=item_id).first()
        if item is None:
            raise NotFound("No such likely duplicate.")
        reason = data.validated_data["reason"]
        if action == "merge":
            duplicate_merge(item=item, actor=request.user, reason=reason, keep=data.validated_data.get("keep"))
        else:
            duplicate_dismiss(item=item, actor=request.user, reason=reason)
        item.refresh_from_db()
        return Response(DuplicateOutputSerializer(item).data)
