"""Staff API for every kind of money: receipts, payments, returned contributions, voided refund checks and debts.
Thin: each view validates its input and calls the service the CSV import uses (compliance.services.entries,
returns, debts). Staff enter receipts; treasurers enter payments, voids and debts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import ValidationError as ModelValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import HasCommitteeRole, committee_filter
from accounts.roles import Role
from committees.models import Committee, Election
from compliance.api.lookups import committee_for, row_of
from compliance.models import Debt
from compliance.services.debts import debt_enter, debt_pay
from compliance.services.entries import (
    ENTITY_CODES,
    PAYMENT_KINDS,
    RECEIPT_KINDS,
    BeneficiaryCandidate,
    Counterparty,
    LoanTermsInput,
    money_pay,
    money_receive,
)
from compliance.services.returns import contribution_return, refund_void
from donations.models import Contribution, Refund
from donations.services.donors import DonorInput
from fundraising.exceptions import ApplicationError
from fundraising.validators import state_validator, zip_code_validator

_TEXT = {"required": False, "allow_blank": True, "default": ""}


@contextmanager
def model_errors() -> Iterator[None]:
    """A model check (full_clean) that refuses a value becomes a 400 naming the field, never a 500."""
    try:
        yield
    except ModelValidationError as exc:
        fields = getattr(exc, "message_dict", {}) or {}
        field = next(iter(fields), "")
        raise ApplicationError("; ".join(exc.messages), field=field) from None


class CounterpartySerializer(serializers.Serializer):
    entity_type = serializers.ChoiceField(
        choices=list(ENTITY_CODES), help_text="FEC entity code: IND, ORG, COM, PAC, PTY (party), CAN, CCM"
    )
    multicandidate = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text="PAC or party: is it multicandidate (100.5(e)(3))?"
    )
    first_name = serializers.CharField(max_length=20, **_TEXT, help_text="Individual or candidate: first name")
    last_name = serializers.CharField(max_length=30, **_TEXT, help_text="Individual or candidate: last name")
    middle_name = serializers.CharField(max_length=20, **_TEXT, help_text="Middle name")
    prefix = serializers.CharField(max_length=10, **_TEXT, help_text="Prefix (Dr., Ms.)")
    suffix = serializers.CharField(max_length=10, **_TEXT, help_text="Suffix (Jr., III)")
    organization_name = serializers.CharField(max_length=200, **_TEXT, help_text="Organization or committee name")
    fec_id = serializers.CharField(
        max_length=9, **_TEXT, help_text="Committee FEC id (C + 8 digits); CAN: candidate id"
    )
    street_1 = serializers.CharField(max_length=34, help_text="Street address")
    street_2 = serializers.CharField(max_length=34, **_TEXT, help_text="Apartment, suite")
    city = serializers.CharField(max_length=30, help_text="City")
    state = serializers.CharField(
        max_length=2, validators=[state_validator], help_text="Two-letter state code (ZZ: foreign)"
    )
    zip_code = serializers.CharField(max_length=10, validators=[zip_code_validator], help_text="5-digit ZIP or ZIP+4")
    employer = serializers.CharField(max_length=38, **_TEXT, help_text="Individual: employer")
    occupation = serializers.CharField(max_length=38, **_TEXT, help_text="Individual: occupation")
    email = serializers.EmailField(**_TEXT, help_text="Individual: email (best-efforts requests)")

    def validate(self, attrs: dict) -> dict:
        code = attrs["entity_type"]
        person = code in ("IND", "CAN")
        if person and not (attrs["first_name"] and attrs["last_name"]):
            raise serializers.ValidationError({"last_name": ["First and last name are required for IND and CAN."]})
        if not person and not attrs["organization_name"]:
            raise serializers.ValidationError({"organization_name": [f"Required for {code}."]})
        if code in ("COM", "PAC", "PTY", "CCM") and not re.fullmatch(r"C\d{8}", attrs["fec_id"].upper()):
            raise serializers.ValidationError({"fec_id": ["A committee's FEC id: C and 8 digits."]})
        return attrs


def _counterparty(data: dict) -> Counterparty:
    code = data["entity_type"]
    person = code in ("IND", "CAN")
    identity = DonorInput(
        entity_type=code,
        first_name=data["first_name"] if person else "",
        last_name=data["last_name"] if person else "",
        middle_name=data["middle_name"] if person else "",
        prefix=data["prefix"] if person else "",
        suffix=data["suffix"] if person else "",
        organization_name="" if person else data["organization_name"],
        committee_fec_id=data["fec_id"].upper(),
        street_1=data["street_1"],
        street_2=data["street_2"],
        city=data["city"],
        state=data["state"].upper(),
        zip_code=data["zip_code"],
        employer=data["employer"] if person else "",
        occupation=data["occupation"] if person else "",
        email=data["email"] if person else "",
    )
    return Counterparty(code=code, identity=identity, multicandidate=data.get("multicandidate"))


class EntryOutputSerializer(serializers.Serializer):
    transaction_id = serializers.CharField(help_text="The FEC transaction id of the new entry")
    warning = serializers.CharField(help_text="e.g. over the limit: remedy within 60 days (empty: none)")


class _EntryInput(serializers.Serializer):
    committee = serializers.RegexField(r"^C\d{8}$", help_text="Committee FEC id")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text="Dollars")
    date = serializers.DateField(help_text="FEC date (received, paid or incurred)")
    election = serializers.RegexField(
        r"^[GPRSCEO]\d{4}$", required=False, help_text="Designation, e.g. P2026 (default: the next election)"
    )
    purpose = serializers.CharField(max_length=100, **_TEXT, help_text="Purpose text (in-kind: what was given)")
    memo_text = serializers.CharField(max_length=100, **_TEXT, help_text="Memo text on the schedule record")
    transaction_id = serializers.RegexField(
        r"^[A-Z0-9][A-Z0-9._-]{0,19}$", required=False, help_text="FEC transaction id to use (default: generated)"
    )


def _election(committee: Committee, code: str | None, *, default_next: bool, on) -> Election | None:  # noqa: ANN001
    from compliance.services.transactions import next_election

    if code:
        election = committee.elections.filter(code=code).first()
        if election is None:
            raise ApplicationError(f"{code} is not an election of this committee.", field="election")
        return election
    return next_election(committee=committee, on=on) if default_next and committee.is_candidate_committee else None


class ReceiptInputSerializer(_EntryInput):
    kind = serializers.ChoiceField(
        choices=list(RECEIPT_KINDS), help_text="contribution, transfer, loan, offset, in_kind or other_receipt"
    )
    contributor = CounterpartySerializer(help_text="Who gave or lent the money")
    loan_due_date = serializers.DateField(required=False, allow_null=True, help_text="Loan: due date (none: on demand)")
    loan_interest_rate = serializers.DecimalField(
        max_digits=7, decimal_places=4, min_value=Decimal(0), max_value=Decimal(100), required=False,
        help_text="Loan: annual interest rate in percent",
    )  # fmt: skip
    loan_secured = serializers.BooleanField(required=False, default=False, help_text="Loan: secured by collateral")


class ReceiptCreateApi(APIView):
    """Enter a receipt of any kind (staff): it lands on its line on Forms 3, 3X and 3P (see the README)."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.STAFF

    @extend_schema(
        description="Enter a receipt: a contribution (from IND, PAC, PTY, CAN …), a transfer in, a loan (CAN: "
        "13(a); ORG: 13(b) with its Schedule C terms; IND: a contribution), an offset, an in-kind contribution "
        "(also records its memo expenditure) or another receipt.",
        request=ReceiptInputSerializer,
        responses={201: EntryOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = ReceiptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = committee_for(request, v["committee"], Role.STAFF)
        terms = None
        if v["kind"] == "loan":
            terms = LoanTermsInput(
                due_date=v.get("loan_due_date"),
                interest_rate=v.get("loan_interest_rate") or Decimal(0),
                secured=v["loan_secured"],
            )
        with model_errors():
            entered = money_receive(
                committee=committee,
                kind=v["kind"],
                who=_counterparty(v["contributor"]),
                amount=v["amount"],
                date_received=v["date"],
                election=_election(committee, v.get("election"), default_next=True, on=v["date"]),
                purpose=v["purpose"],
                memo_text=v["memo_text"],
                loan_terms=terms,
                transaction_id=v.get("transaction_id", ""),
                actor=request.user,
            )
        body = {"transaction_id": entered.contribution.transaction_id, "warning": entered.warning}
        return Response(EntryOutputSerializer(body).data, status=status.HTTP_201_CREATED)


class CandidateSerializer(serializers.Serializer):
    fec_id = serializers.RegexField(r"^(?:[HS]\d[A-Z]{2}\d{5}|P\d{8})$", help_text="Candidate FEC id")
    last_name = serializers.CharField(max_length=30, help_text="Candidate's last name")
    first_name = serializers.CharField(max_length=20, help_text="Candidate's first name")
    office = serializers.ChoiceField(choices=["H", "S", "P"], help_text="H, S or P")
    state = serializers.CharField(max_length=2, **_TEXT, help_text="State (House and Senate)")
    district = serializers.RegexField(r"^\d{2}$", **_TEXT, help_text="District (House; 00 at large)")


class PaymentInputSerializer(_EntryInput):
    kind = serializers.ChoiceField(choices=list(PAYMENT_KINDS), help_text="expenditure, transfer_out or loan_repayment")
    payee = CounterpartySerializer(help_text="Who was paid")
    category = serializers.RegexField(r"^(0(0[1-9]|1[0-2]))$", **_TEXT, help_text="SB category code 001-012")
    candidate = CandidateSerializer(
        required=False, help_text="A contribution to a candidate: the candidate (F3X line 23, SB23)"
    )
    loan = serializers.CharField(
        max_length=20, **_TEXT, help_text="Loan repayment: the loan's transaction id (default: the lender's loan)"
    )


class PaymentCreateApi(APIView):
    """Enter a payment of any kind (treasurers): operating expenditure, contribution to a candidate or committee,
    transfer out, loan repayment."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="Enter a payment: an expenditure (with `candidate`, or to a PAC/PTY/CCM: a contribution, F3X "
        "line 23), a transfer out, or a loan repayment (linked to its loan's Schedule C).",
        request=PaymentInputSerializer,
        responses={201: EntryOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = PaymentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = committee_for(request, v["committee"], Role.TREASURER)
        loan = None
        if v["loan"]:
            loan = row_of(
                Contribution,
                committee=committee,
                transaction_id=v["loan"].upper(),
                missing="No loan with that transaction id.",
                field="loan",
            )
        candidate = BeneficiaryCandidate(**v["candidate"]) if v.get("candidate") else None
        with model_errors():
            disbursement = money_pay(
                committee=committee,
                kind=v["kind"],
                payee=_counterparty(v["payee"]),
                amount=v["amount"],
                date_paid=v["date"],
                purpose=v["purpose"],
                category_code=v["category"],
                election=_election(committee, v.get("election"), default_next=False, on=v["date"]),
                memo_text=v["memo_text"],
                candidate=candidate,
                loan=loan,
                transaction_id=v.get("transaction_id", ""),
                actor=request.user,
            )
        body = {"transaction_id": disbursement.transaction_id, "warning": ""}
        return Response(EntryOutputSerializer(body).data, status=status.HTTP_201_CREATED)


class CorrectionInputSerializer(serializers.Serializer):
    committee = serializers.RegexField(r"^C\d{8}$", help_text="Committee FEC id")
    of = serializers.CharField(max_length=20, help_text="Transaction id of the receipt (returned) or refund (void)")
    date = serializers.DateField(help_text="When it came back or was voided")
    amount = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=Decimal("0.01"), required=False,
        help_text="Returned: how much (default: all that is left)",
    )  # fmt: skip
    reason = serializers.CharField(max_length=100, **_TEXT, help_text="Why (e.g. insufficient funds)")


class ReturnCreateApi(APIView):
    """Record a returned or bounced contribution (staff): a negative entry on the receipt's line."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.STAFF

    @extend_schema(
        description="A contribution check returned unpaid or sent back uncashed: a negative Schedule A entry on the "
        "receipt's own line; the contributor's aggregate and limit total drop.",
        request=CorrectionInputSerializer,
        responses={201: EntryOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = CorrectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = committee_for(request, v["committee"], Role.STAFF)
        gift = row_of(
            Contribution,
            committee=committee,
            transaction_id=v["of"].upper(),
            missing="No receipt with that transaction id.",
            field="of",
        )
        with model_errors():
            returned = contribution_return(
                contribution=gift,
                date_returned=v["date"],
                amount=v.get("amount"),
                reason=v["reason"],
                actor=request.user,
            )
        body = {"transaction_id": returned.transaction_id, "warning": ""}
        return Response(EntryOutputSerializer(body).data, status=status.HTTP_201_CREATED)


class VoidCreateApi(APIView):
    """Record a voided refund check (treasurers): a negative refund on the refund's line."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="A refund check the contributor never cashed: a negative entry on the refund's line (SB20A-C, "
        "SB28A-C); the money counts for the contributor again.",
        request=CorrectionInputSerializer,
        responses={201: EntryOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = CorrectionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = committee_for(request, v["committee"], Role.TREASURER)
        refund = row_of(
            Refund,
            committee=committee,
            transaction_id=v["of"].upper(),
            missing="No refund with that transaction id.",
            field="of",
        )
        with model_errors():
            void = refund_void(refund=refund, date_voided=v["date"], reason=v["reason"], actor=request.user)
        return Response(
            EntryOutputSerializer({"transaction_id": void.transaction_id, "warning": ""}).data,
            status=status.HTTP_201_CREATED,
        )


class DebtInputSerializer(_EntryInput):
    direction = serializers.ChoiceField(choices=Debt.Direction.values, help_text="by (owed by the committee) or to")
    party = CounterpartySerializer(help_text="The creditor (owed by) or debtor (owed to)")


class DebtCreateApi(APIView):
    """Enter a debt owed by or to the committee (treasurers): Schedule D, lines 9 and 10."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="A debt or obligation other than a loan (Schedule D): shown on every report until paid; line "
        "10 (F3P 12) sums what the committee owes, line 9 (F3P 11) what it is owed.",
        request=DebtInputSerializer,
        responses={201: EntryOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = DebtInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        committee = committee_for(request, v["committee"], Role.TREASURER)
        with model_errors():
            debt = debt_enter(
                committee=committee,
                direction=v["direction"],
                who=_counterparty(v["party"]),
                amount=v["amount"],
                date_incurred=v["date"],
                purpose=v["purpose"],
                transaction_id=v.get("transaction_id", ""),
                actor=request.user,
            )
        return Response(
            EntryOutputSerializer({"transaction_id": debt.transaction_id, "warning": ""}).data,
            status=status.HTTP_201_CREATED,
        )


class DebtPaymentInputSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"), help_text="Dollars")
    date = serializers.DateField(help_text="When it was paid")
    purpose = serializers.CharField(max_length=100, **_TEXT, help_text="Purpose (default: the debt's)")


class DebtPaymentApi(APIView):
    """Pay a debt, or record a payment received on one (treasurers)."""

    permission_classes = [HasCommitteeRole]
    required_role = Role.TREASURER

    @extend_schema(
        description="A payment on a debt: owed by the committee, an operating expenditure; owed to it, an offset. "
        "The debt's Schedule D balance drops.",
        request=DebtPaymentInputSerializer,
        responses={201: EntryOutputSerializer},
    )
    def post(self, request: Request, transaction_id: str) -> Response:
        data = DebtPaymentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        debt = row_of(
            Debt,
            transaction_id=transaction_id.upper(),
            missing="No debt with that transaction id.",
            **committee_filter(request, Role.TREASURER),
        )
        with model_errors():
            payment = debt_pay(
                debt=debt, amount=v["amount"], date_paid=v["date"], purpose=v["purpose"], actor=request.user
            )
        paid = payment.disbursement or payment.contribution
        return Response(
            EntryOutputSerializer({"transaction_id": paid.transaction_id, "warning": ""}).data,
            status=status.HTTP_201_CREATED,
        )
