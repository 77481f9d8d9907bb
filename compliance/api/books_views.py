"""Books API for staff: each bank statement's reconciliation, and staff confirming or re-matching a bank line.
Thin: parse, call a service, serialize. Viewers read; treasurers confirm and re-match (audited)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from committees.selectors import committee_by_fec_id
from compliance.books.bank import bank_transaction_confirm
from compliance.books.reconciliation import reconciliation_for, reconciliations_list
from compliance.models import BankTransaction
from fundraising.exceptions import NotFound


class UnmatchedItemSerializer(serializers.Serializer):
    side = serializers.CharField(help_text="bank (a statement line) or books (a payout, deposit or payment)")
    kind = serializers.CharField(
        help_text="bank: unmatched or doubtful; books: payout, conduit_payout, disbursement, refund"
    )
    id = serializers.CharField(help_text="Bank transaction id, Stripe payout id, conduit payout id or transaction id")
    date = serializers.DateField(help_text="Bank date, or the book entry's date")
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="Credits positive, debits negative")
    description = serializers.CharField(help_text="The bank's description, or the book entry's purpose")


class ReconciliationSerializer(serializers.Serializer):
    statement_id = serializers.IntegerField(help_text="The imported bank statement")
    committee = serializers.CharField(help_text="Committee FEC id")
    start_date = serializers.DateField(help_text="First day the statement covers")
    end_date = serializers.DateField(help_text="Last day the statement covers (the reconciliation's day)")
    bank_closing_balance = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="The bank's balance at the end date"
    )
    book_cash = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Cash on hand from the books at the end date"
    )
    in_transit = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="In the books but not yet at the bank (undeposited payouts, gifts)"
    )
    difference = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="bank_closing_balance - (book_cash - in_transit); 0 when reconciled"
    )
    unmatched_count = serializers.SerializerMethodField(help_text="Items unmatched on either side")
    reconciled = serializers.BooleanField(help_text="difference is zero and nothing is unmatched")
    unmatched = UnmatchedItemSerializer(many=True, help_text="Every unmatched (or doubtful) item, bank and books")

    def get_unmatched_count(self, rec) -> int:  # noqa: ANN001
        return len(rec.unmatched)


class ReconciliationListApi(APIView):
    """Every imported bank statement's reconciliation, newest first."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.VIEWER

    @extend_schema(
        parameters=[OpenApiParameter("committee", str, required=True, description="Committee FEC id")],
        responses={200: ReconciliationSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        committee = committee_by_fec_id(
            fec_id=request.query_params.get("committee", "").upper(), **committee_filter(request, Role.VIEWER, "pk")
        )
        return Response(ReconciliationSerializer(reconciliations_list(committee=committee), many=True).data)


class BankMatchInputSerializer(serializers.Serializer):
    target = serializers.ChoiceField(
        choices=["", "payout", "conduit_payout", "disbursement", "refund", "none"],
        required=False,
        default="",
        help_text="Blank: confirm the proposed match; else re-match to this kind of entry (none: unmatch)",
    )
    target_id = serializers.IntegerField(required=False, help_text="The entry's id (with target)")
    note = serializers.CharField(required=False, allow_blank=True, default="", help_text="Why (kept in the audit log)")


class BankTransactionMatchApi(APIView):
    """A treasurer confirms a doubtful match or re-matches a bank line; answers the statement's reconciliation."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        parameters=[OpenApiParameter("txn_id", int, OpenApiParameter.PATH, description="Bank transaction id")],
        request=BankMatchInputSerializer,
        responses={200: ReconciliationSerializer},
    )
    def post(self, request: Request, txn_id: int) -> Response:
        txn = (
            BankTransaction.objects.select_related("committee", "statement")
            .filter(pk=txn_id, **committee_filter(request, Role.TREASURER))
            .first()
        )
        if txn is None:
            raise NotFound("No such bank transaction.")
        data = BankMatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        bank_transaction_confirm(
            txn=txn,
            actor=request.user,
            target=data.validated_data["target"],
            target_id=data.validated_data.get("target_id"),
            note=data.validated_data["note"],
        )
        return Response(ReconciliationSerializer(reconciliation_for(txn.statement)).data)
