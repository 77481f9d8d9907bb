"""Independent expenditures of a PAC or party (11 CFR 100.16, 104.4, 109.10): entered by staff (API) or imported
(CSV kind ``independent_expenditure``), audited, reported on Schedule E of Form 3X (line 24) and, near an
election, on 24- and 48-hour reports (:mod:`compliance.desk.ie_notices`). Callers check the role (treasurer).

An authorized (candidate) committee makes no independent expenditures: spending by a candidate's own committee is
coordinated with the candidate by definition (11 CFR 100.16(a), 109.20), so it is refused here.

A correction is a new row pointing at the current version it replaces, with the same FEC transaction id (an
amended report carries the corrected transaction under its original id); nothing is updated or deleted."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from audit.services import audit_record
from committees.models import Committee
from compliance.models import IndependentExpenditure
from compliance.selectors import ie_current
from compliance.services.reports import reports_flag_for_amendment
from compliance.services.transactions import transaction_id_taken
from fundraising.exceptions import ApplicationError, Conflict
from fundraising.validators import US_STATES

CANDIDATE_ID = re.compile(r"^(?:[HS]\d[A-Z]{2}\d{5}|P\d{8})$")
ELECTION_CODE = re.compile(r"^[PGRSCE]\d{4}$")
PAYEE_CODES = ("IND", "ORG", "COM", "CAN")
CATEGORY = re.compile(r"^(0(0[1-9]|1[0-2])|10[1-7])$")


@dataclass(frozen=True)
class IndependentExpenditureInput:
    """What a staff member enters for one independent expenditure (the fields of a Schedule E row)."""

    entity_type: str
    street_1: str
    city: str
    state: str
    zip_code: str
    purpose: str
    dissemination_date: dt.date
    amount: Decimal
    support_oppose: str
    candidate_fec_id: str
    candidate_last_name: str
    candidate_first_name: str
    candidate_office: str
    election_code: str
    election_date: dt.date
    expenditure_date: dt.date | None = None
    organization_name: str = ""
    last_name: str = ""
    first_name: str = ""
    middle_name: str = ""
    prefix: str = ""
    suffix: str = ""
    street_2: str = ""
    payee_committee_fec_id: str = ""
    category_code: str = ""
    candidate_state: str = ""
    candidate_district: str = ""
    memo_text: str = ""
    is_memo: bool = False


def ie_problems(committee: Committee, data: IndependentExpenditureInput) -> list[tuple[str, str]]:
    """Every (field, message) wrong with ``data``; empty when it can be recorded. One rule for API and CSV."""
    out: list[tuple[str, str]] = []
    if committee.is_candidate_committee:
        out.append(
            (
                "committee",
                "an authorized (candidate) committee cannot make independent expenditures: its spending is "
                "coordinated with its candidate (11 CFR 100.16, 109.20); enter it as an expenditure",
            )
        )
    if data.entity_type not in PAYEE_CODES:
        out.append(("entity_type", f"{data.entity_type!r} is not a payee entity code ({', '.join(PAYEE_CODES)})"))
    elif data.entity_type in ("IND", "CAN") and not (data.first_name and data.last_name):
        out.append(("last_name", "the payee's first and last name are required for an individual"))
    elif data.entity_type in ("ORG", "COM") and not data.organization_name:
        out.append(("organization_name", f"is required for {data.entity_type}"))
    if data.entity_type == "COM" and not re.fullmatch(r"C\d{8}", data.payee_committee_fec_id):
        out.append(("fec_id", "a committee payee's FEC id: C and 8 digits"))
    if data.state not in US_STATES:
        out.append(("state", f"{data.state!r} is not a two-letter U.S. state code (ZZ for foreign)"))
    if not data.purpose.strip():
        out.append(("purpose", "say what was bought (e.g. 'TV ad', 'Mailer')"))
    if data.amount <= 0 or data.amount != data.amount.quantize(Decimal("0.01")):
        out.append(("amount", "must be a positive amount in dollars and cents"))
    if data.support_oppose not in ("S", "O"):
        out.append(("support_oppose", f"{data.support_oppose!r} is S (support) or O (oppose)"))
    office = data.candidate_office
    if not CANDIDATE_ID.match(data.candidate_fec_id):
        out.append(("candidate_fec_id", f"{data.candidate_fec_id!r} is not a candidate FEC id (e.g. H8VA11000)"))
    elif office and data.candidate_fec_id[0] != office:
        out.append(("candidate_office", f"{office} does not match the candidate id {data.candidate_fec_id}"))
    if not (data.candidate_last_name and data.candidate_first_name):
        out.append(("candidate_last_name", "the candidate's first and last name are required"))
    if office not in ("H", "S", "P"):
        out.append(("candidate_office", f"{office!r} is H, S or P"))
    if office in ("H", "S") and data.candidate_state not in US_STATES:
        out.append(("candidate_state", f"{data.candidate_state!r} is not a two-letter state code"))
    if office == "H" and not re.fullmatch(r"\d{2}", data.candidate_district):
        out.append(("candidate_district", f"{data.candidate_district!r} is not a two-digit district (00 at large)"))
    if not ELECTION_CODE.match(data.election_code):
        out.append(("election", f"{data.election_code!r} is not an election code (e.g. G2028, P2028)"))
    elif int(data.election_code[1:]) != data.election_date.year:
        out.append(("election_date", f"{data.election_date} is not in {data.election_code}'s year"))
    for name, value in asdict(data).items():
        size = IndependentExpenditure._meta.get_field(name).max_length
        if isinstance(value, str) and size is not None and len(value) > size:
            out.append((name, f"is longer than {size} characters"))
    if data.category_code and not CATEGORY.match(data.category_code):
        out.append(("category", f"{data.category_code!r} is not an FEC category code (001-012)"))
    if data.expenditure_date is not None and data.expenditure_date > data.dissemination_date:
        out.append(
            (
                "expenditure_date",
                "paid after it was disseminated: not built yet (the FEC reports it as a memo entry and a debt "
                "until paid); enter it once paid with the dissemination date, or leave the payment date blank",
            )
        )
    return out


def _normal(data: IndependentExpenditureInput) -> IndependentExpenditureInput:
    office = data.candidate_office.upper()
    return IndependentExpenditureInput(
        **{
            **asdict(data),
            "entity_type": data.entity_type.upper(),
            "state": data.state.upper(),
            "support_oppose": data.support_oppose.upper(),
            "candidate_fec_id": data.candidate_fec_id.upper(),
            "candidate_office": office,
            "candidate_state": data.candidate_state.upper() if office in ("H", "S") else "",
            "candidate_district": data.candidate_district if office == "H" else "",
            "election_code": data.election_code.upper(),
            "payee_committee_fec_id": data.payee_committee_fec_id.upper() if data.entity_type == "COM" else "",
        }
    )


@transaction.atomic
def ie_enter(
    *,
    committee: Committee,
    data: IndependentExpenditureInput,
    actor: AbstractBaseUser | None,
    corrects: IndependentExpenditure | None = None,
    transaction_id: str = "",
    source: str = IndependentExpenditure.Source.STAFF,
    external_id: str = "",
) -> IndependentExpenditure:
    """Record an independent expenditure (or, with ``corrects``, a corrected version of one). Raises
    ApplicationError naming the first bad field; Conflict when ``corrects`` was already corrected."""
    data = _normal(data)
    problems = ie_problems(committee, data)
    if problems:
        field, message = problems[0]
        raise ApplicationError(f"{field}: {message}", field=field)
    if corrects is not None:
        corrects = IndependentExpenditure.objects.select_for_update().get(pk=corrects.pk)
        if corrects.committee_id != committee.pk:
            raise ApplicationError("That expenditure is not this committee's.", field="corrects")
        if IndependentExpenditure.objects.filter(corrects=corrects).exists():
            raise Conflict("That version was already corrected; correct the current version.")
        transaction_id = corrects.transaction_id
    elif transaction_id and transaction_id_taken(committee=committee, transaction_id=transaction_id):
        raise ApplicationError(f"Transaction id {transaction_id} is already used.", field="transaction_id")
    row = IndependentExpenditure(
        committee=committee,
        corrects=corrects,
        source=source,
        external_id=external_id,
        created_by=actor if actor is not None and actor.pk else None,
        **asdict(data),
    )
    if transaction_id:
        row.transaction_id = transaction_id
    row.save()
    audit_record(
        actor=actor,
        action="independent_expenditure."
        + ("corrected" if corrects else "imported" if source == IndependentExpenditure.Source.IMPORT else "entered"),
        obj=row,
        before=None if corrects is None else {"id": corrects.pk, "amount": corrects.amount},
        after={
            "transaction_id": row.transaction_id,
            "amount": row.amount,
            "dissemination_date": row.dissemination_date,
            "candidate": row.candidate_fec_id,
            "support_oppose": row.support_oppose,
        },
    )
    dates = {row.dissemination_date} | ({corrects.dissemination_date} if corrects else set())
    reports_flag_for_amendment(committee=committee, dates=dates)
    return row


def ie_by_transaction_id(committee: Committee, transaction_id: str) -> IndependentExpenditure | None:
    return ie_current(committee).filter(transaction_id=transaction_id.upper()).first()
