"""Schedule A / B / C / TEXT records from the named rows of :mod:`compliance.reports.queries`
(:mod:`compliance.reports.rows`).

The hot path of a report: no ORM objects, one typed record per row, dates and amounts converted through
small caches (the same few hundred dates and amounts repeat across millions of rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from compliance.fec.records import ScheduleA, ScheduleB, ScheduleC, Text
from compliance.reports.lines import LOAN_RECEIPT_TYPES, LOAN_REPAYMENT_KINDS, FormLines
from compliance.reports.rows import REFUND, DisbursementRow, LoanRow, ReceiptRow

EARMARK_MEMO_PURPOSE = "Conduit total listed in Agg. field"
EARMARK_MEMO_TEXT = "Earmarked contribution; limit not affected"
REFUND_PURPOSE = {
    "refund": "Contribution refund",
    "dispute_lost": "Contribution refund (chargeback)",
    "void": "Void check; refund check not cashed",
}
_INDIVIDUAL_ENTITIES = ("IND", "CAN")
LOAN_REPAYMENT_PURPOSE = "Loan Repayment"
"""The purpose FECfile+'s LOAN_REPAYMENT_MADE schema requires (a constant)."""
ON_DEMAND = "On demand"


class Converters:
    """Cached conversions from database values (dates may be ``str`` on SQLite, amounts are cents)."""

    def __init__(self) -> None:
        self._dates: dict[object, dt.date] = {}
        self._amounts: dict[int, Decimal] = {}

    def date(self, value: object) -> dt.date:
        if value is None:
            return None  # type: ignore[return-value]
        out = self._dates.get(value)
        if out is None:
            out = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
            if len(self._dates) < 100_000:
                self._dates[value] = out
        return out

    def amount(self, cents: object) -> Decimal:
        key = int(cents)  # type: ignore[call-overload]
        out = self._amounts.get(key)
        if out is None:
            out = Decimal(key).scaleb(-2)
            if len(self._amounts) < 100_000:
                self._amounts[key] = out
        return out


class TextParents:
    """Transaction ids that have TEXT memos (``wanted``) and the form type each was written with."""

    def __init__(self, wanted: Iterable[str]) -> None:
        self.wanted = frozenset(wanted)
        self.written: dict[str, str] = {}


def earmark_memo_id(parent_id: str) -> str:
    """The conduit memo's transaction id: the parent's id + ``M`` (20 characters at most)."""
    return (parent_id if len(parent_id) < 20 else parent_id[:19]) + "M"


def loan_schedule_id(loan_tid: str) -> str:
    """The loan's Schedule C transaction id: the loan receipt's id + ``L`` (20 characters at most)."""
    return (loan_tid if len(loan_tid) < 20 else loan_tid[:19]) + "L"


def schedule_a_records(
    rows: Iterable[ReceiptRow], *, filer: str, lines: FormLines, conv: Converters, tracked: TextParents
) -> Iterator[ScheduleA]:
    """ScheduleA records (and earmark memos) from itemized receipts.

    ``tracked`` remembers the form type of records that have TEXT memos attached."""
    receipts, undesignated = lines.receipts, lines.undesignated
    date, amount = conv.date, conv.amount
    for row in rows:
        tid, receipt_type, entity, org = row.transaction_id, row.receipt_type, row.entity_type, row.organization_name
        form_type = receipts[receipt_type][0]
        election = "" if form_type in undesignated else row.election_code or ""
        individual = entity in _INDIVIDUAL_ENTITIES
        committee = entity == "COM"
        value = amount(row.cents)
        conduit_name, conduit_fec_id = row.conduit_name, row.conduit_fec_id
        purpose = row.purpose
        if conduit_fec_id and not purpose:
            purpose = f"Earmarked through {conduit_name}"
        if tid in tracked.wanted:
            tracked.written[tid] = form_type
        back_reference = row.memo_back_reference
        back_form = form_type if back_reference else ""
        if receipt_type in LOAN_RECEIPT_TYPES and not row.is_memo:  # the receipt of a loan: child of its SC record
            back_reference, back_form = loan_schedule_id(tid), lines.schedule_c
        yield ScheduleA(
            form_type=form_type,
            filer_committee_id_number=filer,
            transaction_id=tid,
            back_reference_tran_id_number=back_reference or "",
            back_reference_sched_name=back_form,
            entity_type=entity,
            contributor_organization_name="" if individual else org,
            contributor_last_name=row.last_name if individual else "",
            contributor_first_name=row.first_name if individual else "",
            contributor_middle_name=row.middle_name if individual else "",
            contributor_prefix=row.prefix if individual else "",
            contributor_suffix=row.suffix if individual else "",
            contributor_street_1=row.street_1,
            contributor_street_2=row.street_2,
            contributor_city=row.city,
            contributor_state=row.state,
            contributor_zip=row.zip_code,
            election_code=election,
            contribution_date=date(row.original_date or row.date_received),
            contribution_amount=value,
            contribution_aggregate=amount(row.aggregate_cents),
            contribution_purpose_descrip=purpose,
            contributor_employer=row.employer if individual else "",
            contributor_occupation=row.occupation if individual else "",
            donor_committee_fec_id=row.committee_fec_id if committee else "",
            donor_committee_name=org if committee else "",
            memo_code=bool(row.is_memo),
            memo_text_description=row.memo_text,
        )
        if conduit_fec_id:
            memo_id = earmark_memo_id(tid)
            if memo_id in tracked.wanted:
                tracked.written[memo_id] = form_type
            yield ScheduleA(
                form_type=form_type,
                filer_committee_id_number=filer,
                transaction_id=memo_id,
                back_reference_tran_id_number=tid,
                back_reference_sched_name=form_type,
                entity_type="COM",
                contributor_organization_name=conduit_name,
                contributor_street_1=row.conduit_street_1,
                contributor_street_2=row.conduit_street_2,
                contributor_city=row.conduit_city,
                contributor_state=row.conduit_state,
                contributor_zip=row.conduit_zip_code,
                election_code=election,
                contribution_date=date(row.conduit_received_date or row.date_received),
                contribution_amount=value,
                contribution_aggregate=amount(row.conduit_aggregate_cents),
                contribution_purpose_descrip=EARMARK_MEMO_PURPOSE,
                donor_committee_fec_id=conduit_fec_id,
                donor_committee_name=conduit_name,
                memo_code=True,
                memo_text_description=EARMARK_MEMO_TEXT,
            )


def schedule_b_records(
    rows: Iterable[DisbursementRow],
    *,
    filer: str,
    lines: FormLines,
    conv: Converters,
    back_refs: dict[int, tuple[str, str]],
    tracked: TextParents,
    loan_refs: dict[int, str] | None = None,
    in_kind_refs: dict[int, tuple[str, str]] | None = None,
) -> Iterator[ScheduleB]:
    """ScheduleB records from disbursements and contribution refunds (an in-kind memo back-references its receipt)."""
    disbursements = lines.disbursements
    date, amount = conv.date, conv.amount
    for row in rows:
        tid, line_class, entity, org = row.transaction_id, row.line_class, row.entity_type, row.organization_name
        form_type = disbursements[line_class][0]
        individual = entity in _INDIVIDUAL_ENTITIES
        refund = row.source == REFUND
        back_id, back_form = back_refs.get(row.pk, ("", "")) if refund else ("", "")
        purpose = row.purpose
        if refund:
            purpose = REFUND_PURPOSE.get(row.refund_kind, "Contribution refund")
        elif line_class in LOAN_REPAYMENT_KINDS:
            purpose = LOAN_REPAYMENT_PURPOSE
            loan_tid = (loan_refs or {}).get(row.pk)
            if loan_tid:
                back_id, back_form = loan_schedule_id(loan_tid), lines.schedule_c
        elif in_kind_refs and row.pk in in_kind_refs:
            back_id, back_form = in_kind_refs[row.pk]
        committee = entity == "COM"
        if tid in tracked.wanted:
            tracked.written[tid] = form_type
        yield ScheduleB(
            form_type=form_type,
            filer_committee_id_number=filer,
            transaction_id=tid,
            back_reference_tran_id_number=back_id,
            back_reference_sched_name=back_form,
            entity_type=entity,
            payee_organization_name="" if individual else org,
            payee_last_name=row.last_name if individual else "",
            payee_first_name=row.first_name if individual else "",
            payee_middle_name=row.middle_name if individual else "",
            payee_prefix=row.prefix if individual else "",
            payee_suffix=row.suffix if individual else "",
            payee_street_1=row.street_1,
            payee_street_2=row.street_2,
            payee_city=row.city,
            payee_state=row.state,
            payee_zip=row.zip_code,
            election_code=row.election_code or "",
            expenditure_date=date(row.date_paid),
            expenditure_amount=amount(row.cents),
            expenditure_purpose_descrip=purpose,
            category_code=row.category_code,
            beneficiary_committee_fec_id=row.committee_fec_id if committee else "",
            beneficiary_committee_name=org if committee else "",
            beneficiary_candidate_fec_id=row.candidate_fec_id,
            beneficiary_candidate_last_name=row.candidate_last_name,
            beneficiary_candidate_first_name=row.candidate_first_name,
            beneficiary_candidate_office=row.candidate_office,
            beneficiary_candidate_state=row.candidate_state,
            beneficiary_candidate_district=row.candidate_district,
            memo_code=bool(row.is_memo),
            memo_text_description=row.memo_text,
        )


def schedule_c_records(
    rows: Iterable[LoanRow], *, filer: str, lines: FormLines, conv: Converters
) -> Iterator[ScheduleC]:
    """ScheduleC records (loans owed, balances at the end of the period)."""
    date, amount = conv.date, conv.amount
    for row in rows:
        entity, org, last, first = row.entity_type, row.organization_name, row.last_name, row.first_name
        individual = entity in _INDIVIDUAL_ENTITIES
        candidate = entity == "CAN"
        rate = Decimal(str(row.interest_rate or 0)).normalize()
        due = date(row.due_date) if row.due_date is not None else None
        yield ScheduleC(
            form_type=lines.schedule_c,
            filer_committee_id_number=filer,
            transaction_id=loan_schedule_id(row.transaction_id),
            receipt_line_number=lines.loan_receipt_line(row.receipt_type),
            entity_type=entity,
            lender_organization_name="" if individual else org,
            lender_last_name=last if individual else "",
            lender_first_name=first if individual else "",
            lender_middle_name=row.middle_name if individual else "",
            lender_prefix=row.prefix if individual else "",
            lender_suffix=row.suffix if individual else "",
            lender_street_1=row.street_1,
            lender_street_2=row.street_2,
            lender_city=row.city,
            lender_state=row.state,
            lender_zip=row.zip_code,
            election_code=row.election_code or "",
            loan_amount=amount(row.cents),
            loan_payment_to_date=amount(row.repaid_cents),
            loan_balance=amount(row.balance_cents),
            loan_incurred_date=date(row.date_received),
            loan_due_date=due.strftime("%Y%m%d") if due else ON_DEMAND,
            loan_interest_rate=f"{rate:f}%",
            secured=bool(row.secured),
            personal_funds=candidate,
            lender_committee_id_number=row.committee_fec_id if entity == "COM" else "",
            lender_candidate_last_name=last if candidate else "",
            lender_candidate_first_name=first if candidate else "",
        )


def text_records(texts: Iterable[tuple[str, str, str]], *, filer: str, tracked: TextParents) -> Iterator[Text]:
    """TEXT records for ``(text transaction id, parent transaction id, text)`` whose parent is in the file."""
    for tid, parent, text in texts:
        form_type = tracked.written.get(parent)
        if form_type is None:
            continue
        yield Text(
            filer_committee_id_number=filer,
            transaction_id_number=tid,
            back_reference_tran_id_number=parent,
            back_reference_sched_form_name=form_type,
            text=text,
        )
