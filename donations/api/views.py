"""Donations API: thin views that parse input, call one service, and serialise the result."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from donations.api.serializers import DonationCreateInputSerializer, DonationOutputSerializer
from donations.selectors import committee_get, donation_get_public, donation_page_get, election_for_gift
from donations.services.card_testing import CheckoutSource, checkout_guard, checkout_record_decline
from donations.services.donations import donation_start
from donations.services.donors import DonorInput
from donations.services.recurring import recurring_start
from donations.web.forms import AFFIRMATIONS
from fundraising.exceptions import PaymentDeclined


class DonationCreateApi(APIView):
    """A donor starts a gift. The response carries the PaymentIntent's client secret for Stripe.js."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=DonationCreateInputSerializer, responses={201: DonationOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = DonationCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        source = CheckoutSource(
            request=request._request,
            email=data["donor"]["email"],
            payment_method=data["payment_method"],
            captcha_token=data.get("captcha", ""),
        )
        checkout_guard(source)
        page = donation_page_get(slug=data["page"]) if data.get("page") else None
        committee = page.committee if page else committee_get(fec_id=data["committee"])
        start = recurring_start if data["frequency"] == "monthly" else donation_start
        kwargs = {} if data["frequency"] == "monthly" else {"public_id": data.get("public_id")}
        try:
            donation = start(
                committee=committee,
                election=election_for_gift(committee=committee, code=data.get("election", ""), page=page),
                amount=data["amount"],
                donor_data=DonorInput(**data["donor"]),
                page=page,
                payment_method=data["payment_method"],
                attribution=data["attribution"],
                affirmations={name: AFFIRMATIONS[name] for name in data["affirmations"]},
                client_ip=source.ip or None,
                **kwargs,
            )
        except PaymentDeclined:
            checkout_record_decline(ip=source.ip, email=source.email)
            raise
        return Response(DonationOutputSerializer(donation).data, status=status.HTTP_201_CREATED)


class DonationStatusApi(APIView):
    """Where a gift stands (no personal data): pending, processing, succeeded, failed."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: DonationOutputSerializer})
    def get(self, request: Request, public_id: str) -> Response:
        return Response(DonationOutputSerializer(donation_get_public(public_id=public_id)).data)
