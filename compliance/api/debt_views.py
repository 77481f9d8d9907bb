"""Staff API for a change of a debt's amount other than a payment (Schedule D): more billed, forgiven or settled,
an estimate corrected; and the treasurer's review of a forgiveness. Thin: compliance.services.debt_adjustments
decides; treasurers only (as for entering and paying debts)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from compliance.api.entry_views import model_errors
from compliance.api.lookups import row_of
from compliance.models import Debt, DebtAdjustment
from compliance.services.debt_adjustments import debt_adjust, debt_adjustment_review
from compliance.services.debts import debt_balance


class DebtAdjustmentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=DebtAdjustment.Kind.values,
        help_text="increase (more billed), forgiven (forgiven or settled for less), correction (an estimate corrected)",
    )
    amount = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="Dollars. increase and forgiven: the size of the change (positive); correction: + more, - less",
    )
    date = serializers.DateField(help_text="When the debt changed (on or after the day it was incurred)")
    reason = serializers.CharField(max_length=300, help_text="Why it changed (kept with the change and the audit)")


class DebtAdjustmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The change's id (for its review)")
    debt = serializers.CharField(help_text="The debt's transaction id")
    kind = serializers.CharField(help_text="increase, forgiven or correction")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="Signed: + raises, - lowers")
    date = serializers.DateField(help_text="When the debt changed")
    balance = serializers.DecimalField(max_digits=12, decimal_places=2, help_text="The debt's balance now")
    review = serializers.CharField(help_text="'' (none needed), open (waiting for the treasurer) or cleared")
    review_reason = serializers.CharField(help_text="Why it waits for review (11 CFR 116), if it does")


def _out(adjustment: DebtAdjustment) -> dict:
    return DebtAdjustmentOutputSerializer(
        {
            "id": adjustment.pk,
            "debt": adjustment.debt.transaction_id,
            "kind": adjustment.kind,
            "amount": adjustment.amount,
            "date": adjustment.date_adjusted,
            "balance": debt_balance(adjustment.debt),
            "review": adjustment.review,
            "review_reason": adjustment.review_reason,
        }
    ).data


def _debt(request: Request, transaction_id: str) -> Debt:
    return row_of(
        Debt,
        transaction_id=transaction_id.upper(),
        missing="No debt with that transaction id.",
        **committee_filter(request, Role.TREASURER),
    )


class DebtAdjustmentApi(APIView):
    """Change a debt's amount other than by a payment (treasurers)."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="A new row pointing at the debt (it is never edited). On Schedule D the change is part of "
        "'incurred this period' (a decrease negative); lines 9 and 10 follow. A forgiveness waits for the "
        "treasurer's review (11 CFR 116).",
        request=DebtAdjustmentInputSerializer,
        responses={201: DebtAdjustmentOutputSerializer},
    )
    def post(self, request: Request, transaction_id: str) -> Response:
        data = DebtAdjustmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        debt = _debt(request, transaction_id)
        with model_errors():
            adjustment = debt_adjust(
                debt=debt,
                kind=v["kind"],
                amount=v["amount"],
                date_adjusted=v["date"],
                reason=v["reason"],
                actor=request.user,
            )
        return Response(_out(adjustment), status=status.HTTP_201_CREATED)


class DebtAdjustmentReviewInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=300, help_text="What the review found (e.g. meets 11 CFR 116.4)")


class DebtAdjustmentReviewApi(APIView):
    """The treasurer's review of a forgiveness waiting for it."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="Mark a forgiveness that waits for review as reviewed, with what the review found; the change "
        "itself stays as it was.",
        parameters=[OpenApiParameter("adjustment_id", int, OpenApiParameter.PATH, description="The change's id")],
        request=DebtAdjustmentReviewInputSerializer,
        responses={200: DebtAdjustmentOutputSerializer},
    )
    def post(self, request: Request, transaction_id: str, adjustment_id: int) -> Response:
        data = DebtAdjustmentReviewInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        debt = _debt(request, transaction_id)
        adjustment = row_of(
            DebtAdjustment.objects.select_related("debt"), debt=debt, pk=adjustment_id, missing="No such change."
        )
        reviewed = debt_adjustment_review(adjustment=adjustment, note=data.validated_data["note"], actor=request.user)
        return Response(_out(reviewed), status=status.HTTP_200_OK)
