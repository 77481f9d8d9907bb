"""Every kind of money a committee receives or pays, entered by staff (API) or imported (CSV), placed on its line.

A *kind* (``contribution``, ``transfer``, ``loan``, ``offset``, ``in_kind``, ``other_receipt``; ``expenditure``,
``transfer_out``, ``loan_repayment``) and the counterparty's FEC entity code (IND, ORG, COM, PAC, PTY, CAN, CCM)
decide the receipt type or disbursement kind, and so the schedule line on Forms 3, 3X and 3P
(:mod:`compliance.reports.lines`):

- a contribution from an individual is 11(a) (F3P 17(a)), from a party committee (PTY) 11(b), from a PAC or
  another candidate's committee (PAC, COM, CCM) 11(c), from the candidate (CAN) 11(d) (on Form 3X a candidate is
  an individual, 11(a)) — 11 CFR 104.3(a)(3), FEC Form 3 and 3X instructions;
- a transfer from an authorized or affiliated committee is line 12 (F3P 18), 11 CFR 104.3(a)(3)(iii);
- a loan from the candidate is 13(a) (F3P 19(a)); from a bank (ORG) or another lender 13(b) (F3X 13) with its
  Schedule C terms, 11 CFR 104.3(a)(3)(vii), 100.82; a "loan" from an individual is a contribution (11 CFR
  100.52(b)) and goes on 11(a) under the limit;
- an offset to operating expenditures (a vendor's refund, a rebate) is line 14 (F3X 15, F3P 20(a)), 104.3(a)(3)(ix);
- an in-kind contribution is a contribution on its line *and* a memo operating expenditure of the same amount
  (11 CFR 104.13(a)(1)-(2));
- a payment to a committee with a beneficiary candidate (or to a PAC, party or candidate committee) is a
  contribution to it (F3X line 23, SB23; F3 line 21, F3P line 29); a transfer out is line 18 (F3X 22, F3P 24).

The contributor type that sets the limit (11 CFR 110.1, 110.2) is recorded on a new donor from the entity code
(PTY a party committee, PAC a multicandidate PAC or not per ``multicandidate``, CAN the candidate); which money
counts toward a limit is decided by :mod:`donations.services.limits`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from committees.models import Committee, Conduit, Election
from compliance.fec.txn_types import IN_KIND_PREFIX
from compliance.models import Disbursement, LoanTerms
from compliance.services import transactions as tx
from donations.models import Contribution, ContributorType, Donor
from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.limits import contributor_type_for
from fundraising.exceptions import ApplicationError

ENTITY_CODES = ("IND", "ORG", "COM", "PAC", "PTY", "CAN", "CCM")
"""FEC entity codes (Form 3X/3 Schedule A "entity type", 8.3 specification)."""
COMMITTEE_CODES = ("COM", "PAC", "PTY", "CCM")
RECEIPT_KINDS = ("contribution", "transfer", "loan", "offset", "in_kind", "other_receipt")
PAYMENT_KINDS = ("expenditure", "transfer_out", "loan_repayment")
Kind = Contribution.ReceiptType


@dataclass(frozen=True)
class Counterparty:
    """Who gave or was paid: the FEC entity code, whether a PAC or party is multicandidate, and the identity."""

    code: str
    identity: DonorInput
    multicandidate: bool | None = None
    """For a PAC or party committee: whether it is multicandidate (11 CFR 100.5(e)(3)); None: not said."""


@dataclass(frozen=True)
class LoanTermsInput:
    """Schedule C terms of a loan (11 CFR 104.3(d)): due date (None: on demand), annual rate in percent, secured."""

    due_date: dt.date | None = None
    interest_rate: Decimal = Decimal("0")
    secured: bool = False


@dataclass(frozen=True)
class BeneficiaryCandidate:
    """The candidate a contribution to a committee supports (SB23 beneficiary candidate columns)."""

    fec_id: str
    last_name: str = ""
    first_name: str = ""
    office: str = ""
    state: str = ""
    district: str = ""

    def as_fields(self) -> dict[str, str]:
        return {
            "fec_id": self.fec_id,
            "last_name": self.last_name,
            "first_name": self.first_name,
            "office": self.office,
            "state": self.state,
            "district": self.district,
        }


def stored_entity(code: str) -> str:
    """The entity type kept on the donor and written to the .fec: the FEC's current schemas take IND, ORG, COM
    (and CAN), so PAC, PTY and CCM are written as COM (NOTES.md section 2, "Entity types")."""
    return "COM" if code in COMMITTEE_CODES else code


def receipt_type_for(*, kind: str, code: str) -> str:
    """The receipt type (and so the line) of a receipt ``kind`` from an ``code`` entity; ApplicationError naming
    ``entity_type`` when the pair cannot happen."""
    if code not in ENTITY_CODES:
        raise ApplicationError(f"{code!r} is not an FEC entity code ({', '.join(ENTITY_CODES)}).", field="entity_type")
    if kind in ("contribution", "in_kind"):
        if code == "ORG":
            raise ApplicationError(
                "An organization (ORG) cannot make a contribution (11 CFR 114.2); enter an offset, a loan from a "
                "lending institution or another receipt.",
                field="entity_type",
            )
        return {"IND": Kind.INDIVIDUAL, "CAN": Kind.CANDIDATE, "PTY": Kind.PARTY}.get(code, Kind.PAC)
    if kind == "transfer":
        if code not in COMMITTEE_CODES:
            raise ApplicationError("A transfer comes from a committee (COM, PAC, PTY or CCM).", field="entity_type")
        return Kind.TRANSFER
    if kind == "loan":
        if code == "CAN":
            return Kind.LOAN_CANDIDATE
        if code == "IND":  # a loan from an individual is a contribution (11 CFR 100.52(b)(1)), limit included
            return Kind.INDIVIDUAL
        return Kind.LOAN_OTHER
    if kind == "offset":
        return Kind.OFFSET
    if kind == "other_receipt":
        return Kind.OTHER
    raise ApplicationError(f"{kind!r} is not a receipt kind ({', '.join(RECEIPT_KINDS)}).", field="kind")


def _classify_donor(*, committee: Committee, who: Counterparty, receipt_type: str) -> Donor:
    """The donor for ``who``, its contributor type (which limit applies) set from the entity code by
    ``donations.services.limits.contributor_type_for`` while it is still the default, or when the row says whether a
    PAC is multicandidate (a treasurer's other decisions are never overwritten)."""
    donor = donor_get_or_create(committee=committee, data=who.identity)
    if receipt_type == Kind.TRANSFER:
        wanted = ContributorType.AUTHORIZED_COMMITTEE
    else:
        wanted = contributor_type_for(entity_type=who.code, multicandidate=bool(who.multicandidate))
    settable = donor.contributor_type == ContributorType.INDIVIDUAL or (
        who.multicandidate is not None and who.code in ("COM", "PAC")
    )
    if settable and wanted != donor.contributor_type and who.code != "IND":
        Donor.objects.filter(pk=donor.pk).update(contributor_type=wanted)
        donor.contributor_type = wanted
    return donor


@transaction.atomic
def money_receive(
    *,
    committee: Committee,
    kind: str,
    who: Counterparty,
    amount: Decimal,
    date_received: dt.date,
    election: Election | None = None,
    purpose: str = "",
    memo_text: str = "",
    conduit: Conduit | None = None,
    conduit_received_date: dt.date | None = None,
    loan_terms: LoanTermsInput | None = None,
    transaction_id: str = "",
    source: str = Contribution.Source.STAFF,
    external_id: str = "",
    actor: AbstractBaseUser | None = None,
) -> tx.ReceiptEntered:
    """Record a receipt of ``kind`` on its line (see the module docstring). An in-kind contribution also records its
    memo expenditure; a loan from the candidate or a lender records its Schedule C terms."""
    if who.code == "CAN":
        own = committee.candidate_id.upper()
        if own and who.identity.committee_fec_id and who.identity.committee_fec_id.upper() != own:
            raise ApplicationError(f"That is not this committee's candidate ({own}).", field="fec_id")
        if not committee.is_candidate_committee:
            # a candidate giving or lending to a PAC or party gives as any person does (11 CFR 110.1(d), 100.52(b))
            who = replace(who, code="IND", identity=replace(who.identity, committee_fec_id=""))
    receipt_type = receipt_type_for(kind=kind, code=who.code)
    identity = replace(who.identity, entity_type=stored_entity(who.code))
    if kind == "in_kind":
        purpose = in_kind_purpose(purpose)
    _classify_donor(committee=committee, who=replace(who, identity=identity), receipt_type=receipt_type)
    return receipt_enter_with_extras(
        committee=committee,
        donor_data=identity,
        amount=amount,
        date_received=date_received,
        receipt_type=receipt_type,
        election=election,
        purpose=purpose,
        memo_text=memo_text,
        conduit=conduit,
        conduit_received_date=conduit_received_date,
        transaction_id=transaction_id,
        source=source,
        external_id=external_id,
        actor=actor,
        in_kind=kind == "in_kind",
        loan_terms=loan_terms,
    )


def in_kind_purpose(purpose: str) -> str:
    """An in-kind gift's purpose: what was given, after "In-Kind: " (FECfile+'s IN_KIND_RECEIPT pattern)."""
    if not purpose.strip() or purpose.strip() == IN_KIND_PREFIX.strip():
        raise ApplicationError("Describe what was given in kind (e.g. 'Catering').", field="purpose")
    return (purpose if purpose.startswith(IN_KIND_PREFIX) else IN_KIND_PREFIX + purpose)[:100]


@transaction.atomic
def receipt_enter_with_extras(
    *,
    in_kind: bool = False,
    loan_terms: LoanTermsInput | None = None,
    **receipt: Any,
) -> tx.ReceiptEntered:
    """``transactions.receipt_enter`` plus what the receipt's kind needs, in one transaction: an in-kind gift's memo
    operating expenditure (11 CFR 104.13(a)(2)) back-referencing it, a loan's Schedule C terms (a loan from a
    person is a contribution: terms are ignored)."""
    if in_kind:
        receipt["purpose"] = in_kind_purpose(receipt.get("purpose", ""))
    entered = tx.receipt_enter(**receipt)
    contribution = entered.contribution
    if loan_terms is not None and contribution.receipt_type in (Kind.LOAN_CANDIDATE, Kind.LOAN_OTHER):
        LoanTerms.objects.create(
            contribution=contribution,
            due_date=loan_terms.due_date,
            interest_rate=loan_terms.interest_rate,
            secured=loan_terms.secured,
        )
    if in_kind:
        source = receipt.get("source", Contribution.Source.STAFF)
        memo = tx.disbursement_enter(
            committee=contribution.committee,
            payee=payee_from(receipt["donor_data"]),
            amount=contribution.amount,
            date_disbursed=contribution.date_received,
            kind=Disbursement.Kind.OPERATING,
            purpose=contribution.purpose,
            election=contribution.election,
            memo_text="In-kind contribution received; memo entry",
            is_memo=True,
            source=Disbursement.Source.IMPORT if source == Contribution.Source.IMPORT else Disbursement.Source.STAFF,
            actor=receipt.get("actor"),
        )
        Disbursement.objects.filter(pk=memo.pk).update(in_kind_of=contribution)
    return entered


def payee_from(identity: DonorInput) -> tx.PayeeInput:
    return tx.PayeeInput(
        entity_type=identity.entity_type,
        organization_name=identity.organization_name,
        committee_fec_id=identity.committee_fec_id if identity.entity_type == "COM" else "",
        first_name=identity.first_name,
        last_name=identity.last_name,
        middle_name=identity.middle_name,
        prefix=identity.prefix,
        suffix=identity.suffix,
        street_1=identity.street_1,
        street_2=identity.street_2,
        city=identity.city,
        state=identity.state,
        zip_code=identity.zip_code,
    )


def disbursement_kind_for(*, kind: str, code: str, candidate: BeneficiaryCandidate | None, loan: Contribution | None):  # noqa: ANN201
    """The disbursement kind (and so the line) of a payment ``kind`` to an ``code`` payee."""
    if code not in ENTITY_CODES:
        raise ApplicationError(f"{code!r} is not an FEC entity code ({', '.join(ENTITY_CODES)}).", field="entity_type")
    if kind == "expenditure":
        if candidate is not None or code in ("PAC", "PTY", "CCM"):
            if code not in COMMITTEE_CODES:
                raise ApplicationError(
                    "A contribution to a candidate is paid to the candidate's committee: give its entity code (COM "
                    "or CCM) and FEC id.",
                    field="entity_type",
                )
            return Disbursement.Kind.CONTRIBUTION
        return Disbursement.Kind.OPERATING
    if kind == "transfer_out":
        if code not in COMMITTEE_CODES:
            raise ApplicationError("A transfer goes to a committee (COM, PAC, PTY or CCM).", field="entity_type")
        return Disbursement.Kind.TRANSFER
    if kind == "loan_repayment":
        if loan is None:
            raise ApplicationError("Name the loan this repays.", field="loan")
        return (
            Disbursement.Kind.LOAN_REPAYMENT_CANDIDATE
            if loan.receipt_type == Kind.LOAN_CANDIDATE
            else Disbursement.Kind.LOAN_REPAYMENT_OTHER
        )
    raise ApplicationError(f"{kind!r} is not a payment kind ({', '.join(PAYMENT_KINDS)}).", field="kind")


def loan_to_repay(*, committee: Committee, lender: DonorInput, amount: Decimal, on: dt.date) -> Contribution:
    """The lender's earliest loan (on or before ``on``) with at least ``amount`` left to repay."""
    from django.db.models import Sum

    donor = Donor.objects.filter(committee=committee, match_key=lender.match_key, merged_into__isnull=True).first()
    loans = Contribution.objects.filter(
        committee=committee,
        donor=donor,
        receipt_type__in=(Kind.LOAN_CANDIDATE, Kind.LOAN_OTHER),
        is_memo=False,
        date_received__lte=on,
    ).order_by("date_received", "id")
    for loan in loans if donor is not None else []:
        repaid = loan.loan_repayments.filter(is_memo=False).aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if loan.amount - repaid >= amount:
            return loan
    raise ApplicationError(
        f"No loan from this lender on or before {on:%Y-%m-%d} has ${amount:,.2f} left to repay.", field="loan"
    )


@transaction.atomic
def money_pay(
    *,
    committee: Committee,
    kind: str,
    payee: Counterparty,
    amount: Decimal,
    date_paid: dt.date,
    purpose: str = "",
    category_code: str = "",
    election: Election | None = None,
    memo_text: str = "",
    candidate: BeneficiaryCandidate | None = None,
    loan: Contribution | None = None,
    transaction_id: str = "",
    source: str = Disbursement.Source.STAFF,
    external_id: str = "",
    actor: AbstractBaseUser | None = None,
) -> Disbursement:
    """Record a payment of ``kind`` on its line (see the module docstring)."""
    identity = replace(payee.identity, entity_type=stored_entity(payee.code))
    if kind == "loan_repayment" and loan is None:
        loan = loan_to_repay(committee=committee, lender=identity, amount=amount, on=date_paid)
    disbursement_kind = disbursement_kind_for(kind=kind, code=payee.code, candidate=candidate, loan=loan)
    if candidate is not None and election is None:
        raise ApplicationError(
            "A contribution to a candidate names the election it is for (e.g. G2026; FEC Form 3X line 23).",
            field="election",
        )
    return tx.disbursement_enter(
        committee=committee,
        payee=payee_from(identity),
        amount=amount,
        date_disbursed=date_paid,
        kind=disbursement_kind,
        purpose=purpose,
        category_code=category_code,
        election=election,
        memo_text=memo_text,
        transaction_id=transaction_id,
        source=source,
        external_id=external_id,
        beneficiary=candidate.as_fields() if candidate is not None else None,
        loan=loan,
        actor=actor,
    )
