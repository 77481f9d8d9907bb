"""Staff API for people: a treasurer issues an enrolment link for a person of their committee."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.enrolment import enrolment_link_issue
from accounts.fresh import FreshSecondFactor
from accounts.models import CommitteeMembership, EnrolmentLink
from accounts.permissions import HasCommitteeRole, visible_committee_ids
from accounts.roles import Role
from fundraising.exceptions import NotFound


class EnrolmentLinkOutputSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="One-time link, shown once: send it by another channel than the password")
    expires_at = serializers.DateTimeField(help_text="When the link stops working (ENROLMENT_LINK_HOURS after issue)")


class EnrolmentLinkCreateApi(APIView):
    """Issue a one-time, expiring enrolment link for a person of the committee (treasurers; a person with a fresh
    second factor, not an API token). Older links of that person stop working. Audited."""

    permission_classes = [HasCommitteeRole, FreshSecondFactor]
    required_role = Role.TREASURER

    @extend_schema(
        request=None,
        responses={201: EnrolmentLinkOutputSerializer},
        parameters=[
            OpenApiParameter("fec_id", str, OpenApiParameter.PATH, description="The committee's FEC id"),
            OpenApiParameter("username", str, OpenApiParameter.PATH, description="The person's username"),
        ],
    )
    def post(self, request: Request, fec_id: str, username: str) -> Response:
        if getattr(request.user, "api_token", None) is not None:
            raise PermissionDenied("Enrolment links are issued by a person, not an API token.")
        ids = visible_committee_ids(request, Role.TREASURER)
        scope = {} if ids is None else {"committee_id__in": ids}
        membership = (
            CommitteeMembership.objects.filter(committee__fec_id=fec_id, user__username=username, **scope)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise NotFound("No such person in that committee.", field="username")
        path = enrolment_link_issue(user=membership.user, issued_by=request.user)
        link = EnrolmentLink.objects.filter(user=membership.user).latest("pk")
        body = {"url": f"{settings.PUBLIC_BASE_URL}{path}", "expires_at": link.expires_at}
        return Response(EnrolmentLinkOutputSerializer(body).data, status=status.HTTP_201_CREATED)
