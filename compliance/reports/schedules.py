"""Schedule A / B / TEXT records from the plain tuples of :mod:`compliance.reports.queries`.

The hot path of a report: no ORM objects, one typed record per row, dates and amounts converted through
small caches (the same few hundred dates and amounts repeat across millions of rows)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from compliance.fec.records import ScheduleA, ScheduleB, ScheduleC, Text
from compliance.reports.lines import FormLines

EARMARK_MEMO_PURPOSE = "Conduit total listed in Agg. field"
EARMARK_MEMO_TEXT = "Earmarked contribution; limit not affected"
REFUND_PURPOSE = {"refund": "Contribution refund", "dispute_lost": "Contribution refund (chargeback)"}
_INDIVIDUAL_ENTITIES = ("IND", "CAN")
LOAN_RECEIPT_TYPES = ("loan_candidate", "loan_other")
LOAN_REPAYMENT_KINDS = ("loan_repayment_candidate", "loan_repayment_other")
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
    rows: Iterable[tuple], *, filer: str, lines: FormLines, conv: Converters, tracked: TextParents
) -> Iterator[ScheduleA]:
    """ScheduleA records (and earmark memos) from ``queries.SA_COLUMNS`` tuples.

    ``tracked`` remembers the form type of records that have TEXT memos attached."""
    receipts, undesignated = lines.receipts, lines.undesignated
    date, amount = conv.date, conv.amount
    for row in rows:
        (
            tid,
            receipt_type,
            entity,
            org,
            last,
            first,
            middle,
            prefix,
            suffix,
            street_1,
            street_2,
            city,
            state,
            zip_code,
            election,
            received,
            cents,
            agg,
            purpose,
            employer,
            occupation,
            cmte_id,
            is_memo,
            memo_text,
            conduit_name,
            c_street_1,
            c_street_2,
            c_city,
            c_state,
            c_zip,
            conduit_fec_id,
            conduit_date,
            conduit_agg,
            back_reference,
            original_date,
        ) = row
        form_type = receipts[receipt_type][0]
        if form_type in undesignated:
            election = ""
        individual = entity in _INDIVIDUAL_ENTITIES
        committee = entity == "COM"
        value = amount(cents)
        if conduit_fec_id and not purpose:
            purpose = f"Earmarked through {conduit_name}"
        if tid in tracked.wanted:
            tracked.written[tid] = form_type
        back_form = form_type if back_reference else ""
        if receipt_type in LOAN_RECEIPT_TYPES and not is_memo:  # the receipt of a loan: child of its SC record
            back_reference, back_form = loan_schedule_id(tid), lines.schedule_c
        yield ScheduleA(
            form_type=form_type,
            filer_committee_id_number=filer,
            transaction_id=tid,
            back_reference_tran_id_number=back_reference or "",
            back_reference_sched_name=back_form,
            entity_type=entity,
            contributor_organization_name="" if individual else org,
            contributor_last_name=last if individual else "",
            contributor_first_name=first if individual else "",
            contributor_middle_name=middle if individual else "",
            contributor_prefix=prefix if individual else "",
            contributor_suffix=suffix if individual else "",
            contributor_street_1=street_1,
            contributor_street_2=street_2,
            contributor_city=city,
            contributor_state=state,
            contributor_zip=zip_code,
            election_code=election or "",
            contribution_date=date(original_date or received),
            contribution_amount=value,
            contribution_aggregate=amount(agg),
            contribution_purpose_descrip=purpose,
            contributor_employer=employer if individual else "",
            contributor_occupation=occupation if individual else "",
            donor_committee_fec_id=cmte_id if committee else "",
            donor_committee_name=org if committee else "",
            memo_code=bool(is_memo),
            memo_text_description=memo_text,
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
                contributor_street_1=c_street_1,
                contributor_street_2=c_street_2,
                contributor_city=c_city,
                contributor_state=c_state,
                contributor_zip=c_zip,
                election_code=election or "",
                contribution_date=date(conduit_date or received),
                contribution_amount=value,
                contribution_aggregate=amount(conduit_agg),
                contribution_purpose_descrip=EARMARK_MEMO_PURPOSE,
                donor_committee_fec_id=conduit_fec_id,
                donor_committee_name=conduit_name,
                memo_code=True,
                memo_text_description=EARMARK_MEMO_TEXT,
            )


def schedule_b_records(
    rows: Iterable[tuple],
    *,
    filer: str,
    lines: FormLines,
    conv: Converters,
    back_refs: dict[int, tuple[str, str]],
    tracked: TextParents,
    loan_refs: dict[int, str] | None = None,
) -> Iterator[ScheduleB]:
    """ScheduleB records from ``queries.SB_COLUMNS`` tuples (disbursements and contribution refunds)."""
    disbursements = lines.disbursements
    date, amount = conv.date, conv.amount
    for row in rows:
        (
            src,
            pk,
            cls,
            tid,
            entity,
            org,
            last,
            first,
            middle,
            prefix,
            suffix,
            street_1,
            street_2,
            city,
            state,
            zip_code,
            election,
            paid,
            cents,
            purpose,
            category,
            cmte_id,
            is_memo,
            memo_text,
            b_fec_id,
            b_last,
            b_first,
            b_office,
            b_state,
            b_district,
            refund_kind,
        ) = row
        form_type = disbursements[cls][0]
        individual = entity in _INDIVIDUAL_ENTITIES
        back_id, back_form = back_refs.get(pk, ("", "")) if src == 1 else ("", "")
        if src == 1:
            purpose = REFUND_PURPOSE.get(refund_kind, "Contribution refund")
        elif cls in LOAN_REPAYMENT_KINDS:
            purpose = LOAN_REPAYMENT_PURPOSE
            loan_tid = (loan_refs or {}).get(pk)
            if loan_tid:
                back_id, back_form = loan_schedule_id(loan_tid), lines.schedule_c
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
            payee_last_name=last if individual else "",
            payee_first_name=first if individual else "",
            payee_middle_name=middle if individual else "",
            payee_prefix=prefix if individual else "",
            payee_suffix=suffix if individual else "",
            payee_street_1=street_1,
            payee_street_2=street_2,
            payee_city=city,
            payee_state=state,
            payee_zip=zip_code,
            election_code=election or "",
            expenditure_date=date(paid),
            expenditure_amount=amount(cents),
            expenditure_purpose_descrip=purpose,
            category_code=category,
            beneficiary_committee_fec_id=cmte_id if committee else "",
            beneficiary_committee_name=org if committee else "",
            beneficiary_candidate_fec_id=b_fec_id,
            beneficiary_candidate_last_name=b_last,
            beneficiary_candidate_first_name=b_first,
            beneficiary_candidate_office=b_office,
            beneficiary_candidate_state=b_state,
            beneficiary_candidate_district=b_district,
            memo_code=bool(is_memo),
            memo_text_description=memo_text,
        )


def schedule_c_records(rows: Iterable[tuple], *, filer: str, lines: FormLines, conv: Converters) -> Iterator[ScheduleC]:
    """ScheduleC records (loans owed, balances at the end of the period) from ``queries.loan_rows`` tuples."""
    date, amount = conv.date, conv.amount
    for row in rows:
        (
            tid,
            receipt_type,
            entity,
            org,
            last,
            first,
            middle,
            prefix,
            suffix,
            street_1,
            street_2,
            city,
            state,
            zip_code,
            cmte_id,
            election,
            received,
            cents,
            repaid,
            _repaid_before,
            due_date,
            interest_rate,
            secured,
        ) = row
        individual = entity in _INDIVIDUAL_ENTITIES
        candidate = entity == "CAN"
        rate = Decimal(str(interest_rate or 0)).normalize()
        due = date(due_date) if due_date is not None else None
        yield ScheduleC(
            form_type=lines.schedule_c,
            filer_committee_id_number=filer,
            transaction_id=loan_schedule_id(tid),
            receipt_line_number=lines.loan_receipt_line(receipt_type),
            entity_type=entity,
            lender_organization_name="" if individual else org,
            lender_last_name=last if individual else "",
            lender_first_name=first if individual else "",
            lender_middle_name=middle if individual else "",
            lender_prefix=prefix if individual else "",
            lender_suffix=suffix if individual else "",
            lender_street_1=street_1,
            lender_street_2=street_2,
            lender_city=city,
            lender_state=state,
            lender_zip=zip_code,
            election_code=election or "",
            loan_amount=amount(cents),
            loan_payment_to_date=amount(repaid),
            loan_balance=amount(int(cents) - int(repaid)),
            loan_incurred_date=date(received),
            loan_due_date=due.strftime("%Y%m%d") if due else ON_DEMAND,
            loan_interest_rate=f"{rate:f}%",
            secured=bool(secured),
            personal_funds=candidate,
            lender_committee_id_number=cmte_id if entity == "COM" else "",
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
