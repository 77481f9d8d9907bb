"""Schedule E rows (independent expenditures): on Form 3X line 24 in the report whose period holds the
dissemination date (11 CFR 104.4(a); FEC, "Reporting independent expenditures"), and as the body of a Form 24.

Each row carries the calendar-year-to-date aggregate per election, per office sought, up to and including its
dissemination date (:func:`compliance.desk.ie_reports.ytd_per_election_office`, the one rule), counting every
current independent expenditure of the committee, reported or not. A corrected expenditure is written in its
current version only, under its original transaction id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from committees.models import Committee
from compliance.desk.ie_reports import IndependentExpenditureRow, ytd_per_election_office
from compliance.fec.records import ScheduleE
from compliance.models import IndependentExpenditure
from compliance.selectors import ie_current

ZERO = Decimal("0.00")
LINE = "24"
FORM_TYPE = "SE"


def rule_row(ie: IndependentExpenditure, *, reported: bool = False) -> IndependentExpenditureRow:
    """The expenditure as the 24/48-hour rule sees it."""
    return IndependentExpenditureRow(
        transaction_id=ie.transaction_id,
        election_code=ie.election_code,
        election_date=ie.election_date,
        office=ie.candidate_office,
        state=ie.candidate_state,
        district=ie.candidate_district,
        dissemination_date=ie.dissemination_date,
        amount=ie.amount,
        reported=reported,
    )


def aggregates_for(committee: Committee, years: Iterable[int]) -> dict[str, Decimal]:
    """Transaction id -> calendar-year-to-date aggregate per election, per office, of the current versions."""
    rows = ie_current(committee).filter(dissemination_date__year__in=sorted(set(years)))
    return ytd_per_election_office([rule_row(ie) for ie in rows])


def period_expenditures(committee: Committee, start: dt.date, end: dt.date) -> list[IndependentExpenditure]:
    """The current versions disseminated from ``start`` through ``end``, in date order."""
    return list(
        ie_current(committee)
        .filter(dissemination_date__gte=start, dissemination_date__lte=end)
        .order_by("dissemination_date", "pk")
    )


def line_24_total(rows: Iterable[IndependentExpenditure]) -> Decimal:
    """Form 3X line 24: the non-memo Schedule E amounts (memo entries are disclosed, never counted)."""
    return sum((ie.amount for ie in rows if not ie.is_memo), ZERO)


def schedule_e_record(
    ie: IndependentExpenditure, *, committee: Committee, aggregate: Decimal, date_signed: dt.date
) -> ScheduleE:
    person = ie.entity_type in ("IND", "CAN")
    return ScheduleE(
        filer_committee_id_number=committee.fec_id,
        transaction_id=ie.transaction_id,
        entity_type=ie.entity_type,
        payee_organization_name="" if person else ie.organization_name,
        payee_last_name=ie.last_name if person else "",
        payee_first_name=ie.first_name if person else "",
        payee_middle_name=ie.middle_name if person else "",
        payee_prefix=ie.prefix if person else "",
        payee_suffix=ie.suffix if person else "",
        payee_street_1=ie.street_1,
        payee_street_2=ie.street_2,
        payee_city=ie.city,
        payee_state=ie.state,
        payee_zip=ie.zip_code,
        election_code=ie.election_code,
        dissemination_date=ie.dissemination_date,
        expenditure_amount=ie.amount,
        disbursement_date=ie.expenditure_date,
        calendar_ytd_per_election_office=aggregate,
        expenditure_purpose_descrip=ie.purpose,
        category_code=ie.category_code,
        payee_cmtte_fec_id_number=ie.payee_committee_fec_id,
        support_oppose_code=ie.support_oppose,
        so_candidate_id_number=ie.candidate_fec_id,
        so_candidate_last_name=ie.candidate_last_name,
        so_candidate_first_name=ie.candidate_first_name,
        so_candidate_office=ie.candidate_office,
        so_candidate_district=ie.candidate_district,
        so_candidate_state=ie.candidate_state,
        completing_last_name=committee.treasurer_last_name,
        completing_first_name=committee.treasurer_first_name,
        date_signed=date_signed,
        memo_code=ie.is_memo,
        memo_text_description=ie.memo_text,
    )


def schedule_e_records(
    rows: list[IndependentExpenditure], *, committee: Committee, date_signed: dt.date
) -> Iterator[ScheduleE]:
    aggregates = aggregates_for(committee, (ie.dissemination_date.year for ie in rows))
    for ie in rows:
        yield schedule_e_record(
            ie, committee=committee, aggregate=aggregates[ie.transaction_id], date_signed=date_signed
        )


def line_24_columns(*, committee: Committee, since: dt.date, coverage_from: dt.date, through: dt.date) -> tuple:
    """Form 3X line 24, columns A (the period) and B (the calendar year to date): the current, non-memo
    independent expenditures by dissemination date."""
    from django.db.models import Q, Sum

    rows = ie_current(committee).filter(is_memo=False, dissemination_date__lte=through)
    totals = rows.aggregate(
        period=Sum("amount", filter=Q(dissemination_date__gte=coverage_from)),
        to_date=Sum("amount", filter=Q(dissemination_date__gte=since)),
    )
    return totals["period"] or ZERO, totals["to_date"] or ZERO
