"""The generic CSV import's kinds beyond gifts, refunds and expenditures, and its FEC entity codes.

Column rules per kind (README "CSV import"), parsed into the typed fields of an
:class:`~compliance.services.imports.ImportRow`, and the service each kind goes through
(:mod:`compliance.services.entries`, :mod:`compliance.services.returns`, :mod:`compliance.services.debts`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from committees.models import Committee
from compliance.services.entries import (
    COMMITTEE_CODES,
    ENTITY_CODES,
    BeneficiaryCandidate,
    LoanTermsInput,
)
from fundraising.validators import US_STATES

RECEIPT_KINDS = ("contribution", "other_receipt", "transfer", "offset", "loan", "in_kind", "returned")
"""Rows recorded as receipts (a ``returned`` row is a negative one)."""
PAYMENT_KINDS = ("expenditure", "transfer_out", "loan_repayment")
"""Rows recorded as disbursements."""
NEW_KINDS = ("transfer", "transfer_out", "offset", "loan", "loan_repayment", "in_kind", "returned", "debt")
CANDIDATE_COLUMNS = (
    "candidate_fec_id",
    "candidate_first_name",
    "candidate_last_name",
    "candidate_office",
    "candidate_state",
    "candidate_district",
)
LOAN_COLUMNS = ("loan_due_date", "loan_interest_rate", "loan_secured")
KIND_COLUMNS = ("multicandidate", "email", *CANDIDATE_COLUMNS, *LOAN_COLUMNS, "debt_owed")
"""Optional columns this module reads."""
CANDIDATE_ID = re.compile(r"^(?:[HS]\d[A-Z]{2}\d{5}|P\d{8})$")
COMMITTEE_ID = re.compile(r"^C\d{8}$")
_YES_NO = {"Y": True, "YES": True, "N": False, "NO": False, "": None}

Bad = Callable[[str, str], None]


def ledger(kind: str) -> str:
    """Which books a row's source id is unique in: receipts, refunds, disbursements or debts."""
    if kind == "refund":
        return "refund"
    if kind in ("debt", "independent_expenditure"):
        return kind
    return "expenditure" if kind in PAYMENT_KINDS else "receipt"


def entity_problems(committee: Committee, kind: str, v: Mapping[str, str], bad: Bad) -> str:
    """Check ``entity_type`` and the identity columns it requires; returns the entity code."""
    code = v.get("entity_type", "").upper()
    if code not in ENTITY_CODES:
        bad("entity_type", f"{v.get('entity_type', '')!r} is not an FEC entity code ({', '.join(ENTITY_CODES)})")
        return code
    fec_id = v.get("fec_id", "").upper()
    if code in ("IND", "CAN"):
        for name in ("first_name", "last_name"):
            if not v.get(name):
                bad(name, f"is required for an individual ({code})")
    elif not v.get("organization_name"):
        bad("organization_name", f"is required for {code}")
    if code in COMMITTEE_CODES and not COMMITTEE_ID.match(fec_id):
        bad("fec_id", f"{v.get('fec_id', '')!r} is not a committee FEC id (C and 8 digits)")
    if code == "CAN" and fec_id:
        if not CANDIDATE_ID.match(fec_id):
            bad("fec_id", f"{fec_id!r} is not a candidate FEC id (e.g. H6VA11000)")
        elif committee.candidate_id and fec_id != committee.candidate_id.upper():
            bad("fec_id", f"{fec_id} is not this committee's candidate ({committee.candidate_id})")
    if v.get("multicandidate", "").upper() not in _YES_NO:
        bad("multicandidate", "is Y or N")
    elif v.get("multicandidate") and code not in ("PAC", "PTY", "COM"):
        bad("multicandidate", "is only for a PAC or party committee (PAC, PTY, COM)")
    if kind in ("contribution", "in_kind") and code == "ORG":
        bad("entity_type", "an organization (ORG) cannot make a contribution; use offset, loan or other_receipt")
    if kind in ("transfer", "transfer_out") and code not in COMMITTEE_CODES:
        bad("entity_type", f"a {kind.replace('_', ' ')} is with a committee (COM, PAC, PTY or CCM)")
    if kind == "loan" and code in COMMITTEE_CODES:
        bad("entity_type", "a loan comes from the candidate (CAN), a lending institution (ORG) or a person (IND)")
    return code


def is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return len(value) <= 254


def multicandidate_of(v: Mapping[str, str]) -> bool | None:
    return _YES_NO.get(v.get("multicandidate", "").upper())


def candidate_of(kind: str, code: str, v: Mapping[str, str], bad: Bad) -> BeneficiaryCandidate | None:
    """The beneficiary candidate of a contribution to a candidate's committee (an ``expenditure`` row)."""
    if not any(v.get(name) for name in CANDIDATE_COLUMNS):
        return None
    if kind != "expenditure":
        bad("candidate_fec_id", "only an expenditure (a contribution to a candidate's committee) names a candidate")
        return None
    if code not in COMMITTEE_CODES:
        bad("entity_type", "a contribution to a candidate is paid to the candidate's committee (COM or CCM)")
    fec_id = v.get("candidate_fec_id", "").upper()
    office = v.get("candidate_office", "").upper()
    state = v.get("candidate_state", "").upper()
    district = v.get("candidate_district", "")
    if not CANDIDATE_ID.match(fec_id):
        bad("candidate_fec_id", f"{fec_id!r} is not a candidate FEC id (e.g. H6VA11000)")
    if not v.get("candidate_last_name") or not v.get("candidate_first_name"):
        bad("candidate_last_name", "the candidate's first and last name are required")
    if office not in ("H", "S", "P"):
        bad("candidate_office", f"{office!r} is not H, S or P")
    if office in ("H", "S") and state not in US_STATES:
        bad("candidate_state", f"{state!r} is not a two-letter state code")
    if office == "H" and not re.fullmatch(r"\d{2}", district):
        bad("candidate_district", f"{district!r} is not a two-digit district (00 at large)")
    if not v.get("election"):
        bad("election", "a contribution to a candidate names the election it is for (e.g. G2026)")
    if fec_id[:1] in ("H", "S", "P") and office and fec_id[:1] != office:
        bad("candidate_office", f"{office} does not match the candidate id {fec_id}")
    return BeneficiaryCandidate(
        fec_id=fec_id,
        last_name=v.get("candidate_last_name", "")[:30],
        first_name=v.get("candidate_first_name", "")[:20],
        office=office,
        state=state if office != "P" else "",
        district=district if office == "H" else "",
    )


def loan_terms_of(kind: str, code: str, v: Mapping[str, str], bad: Bad) -> LoanTermsInput | None:
    """Schedule C terms of a loan from the candidate or a lending institution."""
    given = [name for name in LOAN_COLUMNS if v.get(name)]
    if kind != "loan":
        for name in given:
            bad(name, "only a loan has loan terms")
        return None
    if code == "IND" and given:
        bad(given[0], "a loan from an individual is a contribution (11 CFR 100.52(b)): it has no Schedule C terms")
        return None
    due: dt.date | None = None
    if v.get("loan_due_date"):
        try:
            due = dt.date.fromisoformat(v["loan_due_date"])
        except ValueError:
            bad("loan_due_date", f"{v['loan_due_date']!r} is not a date (YYYY-MM-DD); leave it blank for on demand")
    rate = Decimal("0")
    if v.get("loan_interest_rate"):
        try:
            rate = Decimal(v["loan_interest_rate"].removesuffix("%"))
        except InvalidOperation:
            rate = Decimal("-1")
        if not rate.is_finite() or rate < 0 or rate > 100:
            bad("loan_interest_rate", f"{v['loan_interest_rate']!r} is not an annual rate in percent (e.g. 5.25)")
    secured = _YES_NO.get(v.get("loan_secured", "").upper(), "bad")
    if secured == "bad":
        bad("loan_secured", "is Y or N")
    return LoanTermsInput(due_date=due, interest_rate=rate, secured=secured is True)


def debt_owed_of(kind: str, v: Mapping[str, str], bad: Bad) -> str:
    owed = v.get("debt_owed", "").lower()
    if kind != "debt":
        if owed:
            bad("debt_owed", "only a debt row says who owes it")
        return ""
    if owed not in ("", "by", "to"):
        bad("debt_owed", f"{owed!r} is 'by' (owed by the committee) or 'to' (owed to it)")
    if not v.get("purpose"):
        bad("purpose", "is required for a debt (what it is for)")
    return owed or "by"
