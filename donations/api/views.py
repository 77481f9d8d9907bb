"""Donations API: thin views that parse input, call one service, and serialise the result."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from donations.api.serializers import DonationCreateInputSerializer, DonationOutputSerializer
from donations.selectors import donation_get_public
from donations.services.checkout import CheckoutInput, checkout_start
from donations.services.donors import DonorInput


class DonationCreateApi(APIView):
    """A donor starts a gift. The response carries the PaymentIntent's client secret for Stripe.js."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=DonationCreateInputSerializer, responses={201: DonationOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = DonationCreateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        checkout = CheckoutInput(
            amount=data["amount"],
            donor=DonorInput(**data["donor"]),
            frequency=data["frequency"],
            page_slug=data.get("page", ""),
            committee_fec_id=data.get("committee", ""),
            election_code=data.get("election", ""),
            affirmations=tuple(data["affirmations"]),
            attribution=data["attribution"],
            payment_method=data["payment_method"],
            captcha_token=data.get("captcha", ""),
            public_id=data.get("public_id") if data["frequency"] != "monthly" else None,
            cover_fee=data["cover_fee"],
            save_card=data["save_card"],
        )
        result = checkout_start(checkout=checkout, request=request._request)
        return Response(DonationOutputSerializer(result.donation).data, status=status.HTTP_201_CREATED)


class DonationStatusApi(APIView):
    """Where a gift stands (no personal data): pending, processing, succeeded, failed."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: DonationOutputSerializer})
    def get(self, request: Request, public_id: str) -> Response:
        return Response(DonationOutputSerializer(donation_get_public(public_id=public_id)).data)
