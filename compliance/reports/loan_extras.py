"""Schedules C-1 and C-2 after each loan's Schedule C record (11 CFR 104.3(d)).

C-1 (the agreement with a lending institution) goes on the report covering the period in which the loan was
obtained; C-2 (each endorser or guarantor and the amount guaranteed) goes with the loan's Schedule C on every report
that carries it. Both back-reference the Schedule C record. They add no summary line: the loan's amount and
balance are already on Schedule C and line 13/10."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from committees.models import Committee
from compliance.fec.records import Record, ScheduleC, ScheduleC1, ScheduleC2
from compliance.models import LoanAgreement, LoanGuarantor
from compliance.reports.queries import Window
from compliance.reports.rows import LoanRow
from compliance.reports.schedules import loan_schedule_id


class LoanExtras:
    """The C-1 and C-2 records of a report's loans, written after the Schedule C record they back-reference."""

    def __init__(self, rows: Iterable[LoanRow], *, window: Window, committee: Committee) -> None:
        tids = [row.transaction_id for row in rows]
        self._window = window
        self._committee = committee
        self._agreements = {
            a.contribution.transaction_id: a
            for a in LoanAgreement.objects.filter(
                contribution__committee_id=window.committee_id, contribution__transaction_id__in=tids
            ).select_related("contribution__donor")
        }
        self._guarantors: dict[str, list[LoanGuarantor]] = {}
        for g in LoanGuarantor.objects.filter(
            contribution__committee_id=window.committee_id, contribution__transaction_id__in=tids
        ).select_related("contribution"):
            self._guarantors.setdefault(g.contribution.transaction_id, []).append(g)
        self._by_schedule_id = {loan_schedule_id(tid): tid for tid in tids}

    def after(self, record: ScheduleC) -> Iterator[Record]:
        loan_tid = self._by_schedule_id.get(record.transaction_id)
        if loan_tid is None:
            return
        line = record.form_type.removeprefix("SC/")
        agreement = self._agreements.get(loan_tid)
        if agreement is not None and (
            self._window.coverage_from <= record.loan_incurred_date <= self._window.coverage_through
        ):
            yield self._c1(agreement, record, line)
        for guarantor in self._guarantors.get(loan_tid, ()):
            yield self._c2(guarantor, record, line)

    def _c1(self, a: LoanAgreement, sc: ScheduleC, line: str) -> ScheduleC1:
        committee = self._committee
        return ScheduleC1(
            form_type=f"SC1/{line}",
            filer_committee_id_number=sc.filer_committee_id_number,
            transaction_id=a.transaction_id,
            back_reference_tran_id_number=sc.transaction_id,
            lender_organization_name=sc.lender_organization_name,
            lender_street_1=sc.lender_street_1,
            lender_street_2=sc.lender_street_2,
            lender_city=sc.lender_city,
            lender_state=sc.lender_state,
            lender_zip=sc.lender_zip,
            loan_amount=sc.loan_amount,
            loan_interest_rate=sc.loan_interest_rate,
            loan_incurred_date=sc.loan_incurred_date,
            loan_due_date=sc.loan_due_date,
            loan_restructured=a.restructured,
            loan_originally_incurred_date=a.originally_incurred,
            credit_amount_this_draw=a.credit_drawn,
            total_balance=a.credit_balance,
            others_liable=a.others_liable,
            collateral=bool(a.collateral),
            desc_collateral=a.collateral,
            collateral_value_amount=a.collateral_value,
            perfected_interest=a.perfected_interest,
            future_income=bool(a.future_income),
            desc_specification_of_the_above=a.future_income,
            estimated_value=a.future_income_value,
            basis_of_loan_description=a.basis,
            treasurer_last_name=committee.treasurer_last_name,
            treasurer_first_name=committee.treasurer_first_name,
            treasurer_middle_name=committee.treasurer_middle_name,
            treasurer_prefix=committee.treasurer_prefix,
            treasurer_suffix=committee.treasurer_suffix,
            treasurer_date_signed=a.treasurer_signed,
            authorized_last_name=a.officer_last_name,
            authorized_first_name=a.officer_first_name,
            authorized_title=a.officer_title,
            authorized_date_signed=a.officer_signed,
        )

    @staticmethod
    def _c2(g: LoanGuarantor, sc: ScheduleC, line: str) -> ScheduleC2:
        person = g.entity_type == "IND"
        return ScheduleC2(
            form_type=f"SC2/{line}",
            filer_committee_id_number=sc.filer_committee_id_number,
            transaction_id=g.transaction_id,
            back_reference_tran_id_number=sc.transaction_id,
            guarantor_entity=g.entity_type,
            guarantor_organization_name="" if person else g.organization_name,
            guarantor_last_name=g.last_name if person else "",
            guarantor_first_name=g.first_name if person else "",
            guarantor_street_1=g.street_1,
            guarantor_street_2=g.street_2,
            guarantor_city=g.city,
            guarantor_state=g.state,
            guarantor_zip=g.zip_code,
            guarantor_employer=g.employer if person else "",
            guarantor_occupation=g.occupation if person else "",
            guaranteed_amount=g.amount,
        )
