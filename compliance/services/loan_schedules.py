"""A loan's Schedule C-1 (agreement with a lending institution) and C-2 (endorsers, guarantors), 11 CFR 104.3(d):
recorded by staff, written with the loan's Schedule C by the report builder (compliance.reports.loan_extras)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.services import audit_record
from committees.models import Committee
from compliance.models import LoanAgreement, LoanGuarantor
from compliance.reports.lines import LOAN_RECEIPT_TYPES
from compliance.services.guarantees import guarantees_recount
from donations.models import Contribution, ContributorType, Donor
from donations.services.donors import DonorInput, donor_get_or_create
from donations.services.limits import limit_rule_for
from fundraising.exceptions import ApplicationError, Conflict

_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class LoanAgreementInput:
    treasurer_signed: dt.date
    officer_last_name: str
    officer_first_name: str
    officer_title: str
    officer_signed: dt.date
    restructured: bool = False
    originally_incurred: dt.date | None = None
    credit_drawn: Decimal | None = None
    credit_balance: Decimal | None = None
    others_liable: bool = False
    collateral: str = ""
    collateral_value: Decimal | None = None
    perfected_interest: bool = False
    future_income: str = ""
    future_income_value: Decimal | None = None
    basis: str = ""


@dataclass(frozen=True)
class GuarantorInput:
    entity_type: str
    street_1: str
    city: str
    state: str
    zip_code: str
    amount: Decimal | None = None  # None: the agreement does not state each share (equal shares, 11 CFR 100.52(b)(3))
    organization_name: str = ""
    last_name: str = ""
    first_name: str = ""
    street_2: str = ""
    employer: str = ""
    occupation: str = ""
    candidate: bool = False  # the candidate's own guarantee: a contribution, but unlimited (11 CFR 110.10)


def _loan(loan: Contribution) -> Contribution:
    loan = Contribution.objects.select_for_update().select_related("donor").get(pk=loan.pk)
    if loan.receipt_type not in LOAN_RECEIPT_TYPES or loan.is_memo:
        raise ApplicationError("Not a loan the committee received.", field="loan")
    return loan


@transaction.atomic
def loan_agreement_record(
    *, loan: Contribution, data: LoanAgreementInput, actor: AbstractBaseUser | None
) -> LoanAgreement:
    """Schedule C-1 for a loan from a lending institution (an organization lender), once per loan."""
    loan = _loan(loan)
    if loan.donor.entity_type != "ORG":
        raise ApplicationError("Schedule C-1 is for loans from lending institutions (an organization).", field="loan")
    if LoanAgreement.objects.filter(contribution=loan).exists():
        raise Conflict("This loan's agreement (Schedule C-1) is already recorded.")
    for name in ("officer_last_name", "officer_first_name", "officer_title"):
        if not getattr(data, name).strip():
            raise ApplicationError("The lending institution's officer signs Schedule C-1: name and title.", field=name)
    if data.collateral_value is not None and not data.collateral:
        raise ApplicationError("Describe the collateral its value is given for.", field="collateral")
    agreement = LoanAgreement.objects.create(
        contribution=loan, created_by=actor if actor is not None and actor.pk else None, **asdict(data)
    )
    audit_record(actor=actor, action="loan.agreement_recorded", obj=agreement, after={"loan": loan.transaction_id})
    return agreement


@transaction.atomic
def loan_guarantor_add(*, loan: Contribution, data: GuarantorInput, actor: AbstractBaseUser | None) -> LoanGuarantor:
    """Schedule C-2: an endorser or guarantor of a bank loan; together they guarantee at most the loan's amount.
    The guarantor is the committee's donor and the guarantee counts toward their limit for the loan's election
    (compliance.services.guarantees); over the limit, it is recorded and the loan goes to the review queue."""
    loan = _loan(loan)
    _guarantor_valid(loan, data)
    others = list(LoanGuarantor.objects.filter(contribution=loan))
    stated = data.amount is not None
    if others and any(g.share_stated != stated for g in others):
        raise ApplicationError(
            "This loan's other guarantors were entered "
            + ("without" if stated else "with")
            + " a stated share: the agreement either states every guarantor's share or none.",
            field="amount",
        )
    if stated:
        guaranteed = sum((g.amount for g in others), _ZERO)
        if guaranteed + data.amount > loan.amount:
            raise ApplicationError(
                f"Guarantors would guarantee {guaranteed + data.amount}, more than the loan's {loan.amount}.",
                field="amount",
            )
    donor = donor_get_or_create(committee=loan.committee, data=_donor_input(data))
    if data.candidate and donor.contributor_type != ContributorType.CANDIDATE:
        Donor.objects.filter(pk=donor.pk).update(contributor_type=ContributorType.CANDIDATE)
        donor.contributor_type = ContributorType.CANDIDATE
    rule = limit_rule_for(committee=loan.committee, donor=donor, election=loan.election, on=loan.date_received)
    fields = {k: v for k, v in asdict(data).items() if k not in ("amount", "candidate")}
    guarantor = LoanGuarantor.objects.create(
        contribution=loan,
        donor=donor,
        amount=data.amount if stated else loan.amount,  # an equal share is set by the recount below
        share_stated=stated,
        limit_period_key=rule.period_key if rule else "",
        created_by=actor if actor is not None and actor.pk else None,
        **fields,
    )
    audit_record(
        actor=actor,
        action="loan.guarantor_added",
        obj=guarantor,
        after={
            "loan": loan.transaction_id,
            "amount": data.amount,
            "share_stated": stated,
            "candidate": data.candidate,
            "donor": donor.pk,
            "limit": rule.period_key if rule else "",
        },
    )
    guarantees_recount(loan=loan, actor=actor, action="counted")
    guarantor.refresh_from_db()
    return guarantor


def _guarantor_valid(loan: Contribution, data: GuarantorInput) -> None:
    if loan.donor.entity_type != "ORG":
        raise ApplicationError(
            "Only a loan from a bank or other lending institution has guarantors; a loan from anyone else is that "
            "lender's own contribution.",
            field="loan",
        )
    if data.entity_type not in ("IND", "ORG"):
        raise ApplicationError("entity_type is IND or ORG.", field="entity_type")
    if data.candidate and data.entity_type != "IND":
        raise ApplicationError("The candidate guarantees as a person (IND).", field="candidate")
    if data.entity_type == "IND" and not (data.last_name.strip() and data.first_name.strip()):
        raise ApplicationError("A guarantor who is a person has a first and last name.", field="last_name")
    if data.entity_type == "ORG" and not data.organization_name.strip():
        raise ApplicationError("A guarantor that is an organization has a name.", field="organization_name")
    if data.amount is not None and (data.amount <= _ZERO or data.amount != data.amount.quantize(Decimal("0.01"))):
        raise ApplicationError("The amount guaranteed is a positive amount in cents.", field="amount")


def _donor_input(data: GuarantorInput) -> DonorInput:
    entity = "CAN" if data.candidate else data.entity_type
    return DonorInput(
        entity_type=entity,
        first_name=data.first_name,
        last_name=data.last_name,
        organization_name=data.organization_name,
        street_1=data.street_1,
        street_2=data.street_2,
        city=data.city,
        state=data.state,
        zip_code=data.zip_code,
        employer=data.employer,
        occupation=data.occupation,
    )


@transaction.atomic
def guarantors_link(*, committee: Committee, actor: AbstractBaseUser | None) -> int:
    """Guarantors recorded before guarantees counted toward limits: link each to the committee's donor (the same
    matching), count its share and flag an excess as ``loan_guarantor_add`` does. A guarantor whose matched donor
    is the candidate (contributor type candidate) stays unlimited. Returns how many were linked."""
    linked = 0
    unlinked = (
        LoanGuarantor.objects.select_for_update(of=("self",))
        .filter(contribution__committee=committee, donor__isnull=True)
        .select_related("contribution__election")
        .order_by("pk")
    )
    loans = {}
    for g in unlinked:
        loan = g.contribution
        data = GuarantorInput(
            **{name: getattr(g, name) for name in GuarantorInput.__dataclass_fields__ if name != "candidate"}
        )
        donor = donor_get_or_create(committee=committee, data=_donor_input(data))
        rule = limit_rule_for(committee=committee, donor=donor, election=loan.election, on=loan.date_received)
        g.donor, g.limit_period_key = donor, rule.period_key if rule else ""
        g.save(update_fields=["donor", "limit_period_key", "updated_at"])
        audit_record(
            actor=actor,
            action="loan.guarantor_linked",
            obj=g,
            after={"loan": loan.transaction_id, "donor": donor.pk, "limit": g.limit_period_key},
        )
        loans[loan.pk] = loan
        linked += 1
    for loan in loans.values():
        guarantees_recount(loan=loan, actor=actor, action="counted")
    return linked
