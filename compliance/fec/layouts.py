"""Column layouts of every record we write, FEC format 8.5.

Each layout is the ordered tuple of :class:`Field` (schema property name, max length, kind,
where the value comes from on the typed record). Names are the fecfile-validate schema
property names, so column ``i`` (1-based) of a record is the schema property whose
``fec_spec.COL_SEQ == i``; ``tests/fec/test_layouts.py`` checks order and lengths against the
schema files. For format 8.5 these layouts equal 8.3/8.4 (see shared NOTES.md section 0).
"""

from __future__ import annotations

from typing import NamedTuple

from compliance.fec import records as r
from compliance.fec.cover_layouts import F3_SUMMARY, F3P_SUMMARY, F3X_SUMMARY
from compliance.fec.format import Kind

T, N, C, Z, A, D, B, INT = Kind.TEXT, Kind.NAME, Kind.CODE, Kind.ZIP, Kind.AMOUNT, Kind.DATE, Kind.BOOL, Kind.INT


class Field(NamedTuple):
    """One column: schema ``name``, ``max_len``, ``kind``; value from ``attr`` (``[key]`` of a mapping) or ``const``."""

    name: str
    max_len: int
    kind: Kind
    attr: str | None = None
    key: str | None = None
    const: str | None = None


class Layout(NamedTuple):
    """A record type's layout and the schema file (relative to ``schemas/``) that describes its columns."""

    record_class: type
    schema: str
    fields: tuple[Field, ...]


def _f(name: str, max_len: int, kind: Kind, attr: str | None = None) -> Field:
    return Field(name, max_len, kind, attr or name)


def _const(name: str, value: str, max_len: int | None = None) -> Field:
    return Field(name, max_len or len(value), Kind.CODE, const=value)


def _summary(rows: tuple[tuple[int, str, str, str], ...], first_column: int) -> list[Field]:
    out: list[Field] = []
    for number, label, column, name in rows:
        assert number == first_column + len(out), (name, number)
        if label.startswith("state:"):
            out.append(Field(name, 12, A, f"state_allocation_{column}", label.removeprefix("state:")))
        else:
            out.append(Field(name, 12, A, f"col_{column}", label))
    return out


HDR = Layout(
    r.Header,
    "HDR.json",
    (
        _const("record_type", "HDR"),
        _const("ef_type", "FEC"),
        _f("fec_version", 4, C),
        _f("soft_name", 90, N),
        _f("soft_ver", 16, N),
        _f("rpt_id", 16, C, "report_id"),
        _f("rpt_number", 3, INT, "report_number"),
        _f("hdrcomment", 200, T, "comment"),
    ),
)

_ADDRESS = (_f("street_1", 34, T), _f("street_2", 34, T), _f("city", 30, T), _f("state", 2, C), _f("zip", 9, Z))
_TREASURER = (
    _f("treasurer_last_name", 30, N),
    _f("treasurer_first_name", 20, N),
    _f("treasurer_middle_name", 20, N),
    _f("treasurer_prefix", 10, N),
    _f("treasurer_suffix", 10, N),
    _f("date_signed", 8, D),
)
_COMMITTEE = (_f("form_type", 4, C), _f("filer_committee_id_number", 9, C), _f("committee_name", 200, N))

F3 = Layout(
    r.F3Cover,
    "F3.json",
    (
        *_COMMITTEE,
        _f("change_of_address", 1, B),
        *_ADDRESS,
        _f("election_state", 2, C),
        _f("election_district", 2, C),
        _f("report_code", 3, C),
        _f("election_code", 5, C),
        _f("date_of_election", 8, D),
        _f("state_of_election", 2, C),
        _f("coverage_from_date", 8, D),
        _f("coverage_through_date", 8, D),
        *_TREASURER,
        *_summary(F3_SUMMARY, 24),
    ),
)

F3X = Layout(
    r.F3XCover,
    "F3X.json",
    (
        *_COMMITTEE,
        _f("change_of_address", 1, B),
        *_ADDRESS,
        _f("report_code", 3, C),
        _f("election_code", 5, C),
        _f("date_of_election", 8, D),
        _f("state_of_election", 2, C),
        _f("coverage_from_date", 8, D),
        _f("coverage_through_date", 8, D),
        _f("qualified_committee", 1, B),
        *_TREASURER,
        *_summary(tuple(row for row in F3X_SUMMARY if row[0] < 74), 23),
        _f("L6a_cash_on_hand_jan_1_ytd", 12, A, "cash_on_hand_jan_1"),
        _f("L6a_year_for_above_ytd", 4, INT, "cash_on_hand_year"),
        *_summary(tuple(row for row in F3X_SUMMARY if row[0] > 75), 76),
    ),
)

F3P = Layout(
    r.F3PCover,
    "backlog/forms/F3P.json",
    (
        *_COMMITTEE,
        _f("change_of_address", 1, B),
        *_ADDRESS,
        _f("activity_primary", 1, B),
        _f("activity_general", 1, B),
        _f("report_code", 3, C),
        _f("election_code_{was_rptpgi}", 5, C, "election_code"),
        _f("date_of_election", 8, D),
        _f("state_of_election", 2, C),
        _f("coverage_from_date", 8, D),
        _f("coverage_through_date", 8, D),
        *_TREASURER,
        *_summary(F3P_SUMMARY, 24),
    ),
)


def _schedule(party: str, date: str, amount: str, second_amount: str, purpose: str) -> tuple[Field, ...]:
    return (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id", 20, C),
        _f("back_reference_tran_id_number", 20, C),
        _f("back_reference_sched_name", 8, C),
        _f("entity_type", 3, C),
        _f(f"{party}_organization_name", 200, N),
        _f(f"{party}_last_name", 30, N),
        _f(f"{party}_first_name", 20, N),
        _f(f"{party}_middle_name", 20, N),
        _f(f"{party}_prefix", 10, N),
        _f(f"{party}_suffix", 10, N),
        _f(f"{party}_street_1", 34, T),
        _f(f"{party}_street_2", 34, T),
        _f(f"{party}_city", 30, T),
        _f(f"{party}_state", 2, C),
        _f(f"{party}_zip", 9, Z),
        _f("election_code", 5, C),
        _f("election_other_description", 20, T),
        _f(date, 8, D),
        _f(amount, 12, A),
        _f(second_amount, 12, A),
        _f(purpose, 100, T),
    )


def _candidate(prefix: str) -> tuple[Field, ...]:
    return (
        _f(f"{prefix}_candidate_fec_id", 9, C),
        _f(f"{prefix}_candidate_last_name", 30, N),
        _f(f"{prefix}_candidate_first_name", 20, N),
        _f(f"{prefix}_candidate_middle_name", 20, N),
        _f(f"{prefix}_candidate_prefix", 10, N),
        _f(f"{prefix}_candidate_suffix", 10, N),
        _f(f"{prefix}_candidate_office", 1, C),
        _f(f"{prefix}_candidate_state", 2, C),
        _f(f"{prefix}_candidate_district", 2, C),
    )


_CONDUIT_MEMO = (
    _f("conduit_name", 200, N),
    _f("conduit_street_1", 34, T),
    _f("conduit_street_2", 34, T),
    _f("conduit_city", 30, T),
    _f("conduit_state", 2, C),
    _f("conduit_zip", 9, Z),
    _f("memo_code", 1, B),
    _f("memo_text_description", 100, T),
    _f("reference_to_si_or_sl_system_code_that_identifies_the_account", 9, C, "reference_code"),
)

SA = Layout(
    r.ScheduleA,
    "SchA.json",
    (
        *_schedule(
            "contributor",
            "contribution_date",
            "contribution_amount",
            "contribution_aggregate",
            "contribution_purpose_descrip",
        ),
        _f("contributor_employer", 38, T),
        _f("contributor_occupation", 38, T),
        _f("donor_committee_fec_id", 9, C),
        _f("donor_committee_name", 200, N),
        *_candidate("donor"),
        *_CONDUIT_MEMO,
    ),
)

SB = Layout(
    r.ScheduleB,
    "SchB.json",
    (
        *_schedule(
            "payee",
            "expenditure_date",
            "expenditure_amount",
            "semi_annual_refunded_bundled_amt",
            "expenditure_purpose_descrip",
        ),
        _f("category_code", 3, C),
        _f("beneficiary_committee_fec_id", 9, C),
        _f("beneficiary_committee_name", 200, N),
        *_candidate("beneficiary"),
        *_CONDUIT_MEMO,
    ),
)

TEXT = Layout(
    r.Text,
    "Text.json",
    (
        _const("rec_type", "TEXT"),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id_number", 20, C),
        _f("back_reference_tran_id_number", 20, C),
        _f("back_reference_sched_form_name", 8, C),
        _f("text4000", 4000, T, "text"),
    ),
)


def _person(prefix: str) -> tuple[Field, ...]:
    return (
        _f(f"{prefix}_last_name", 30, N),
        _f(f"{prefix}_first_name", 20, N),
        _f(f"{prefix}_middle_name", 20, N),
        _f(f"{prefix}_prefix", 10, N),
        _f(f"{prefix}_suffix", 10, N),
    )


SC = Layout(
    r.ScheduleC,
    "SchC.json",
    (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id", 20, C),
        _f("receipt_line_number", 8, C),
        _f("entity_type", 3, C),
        _f("lender_organization_name", 200, N),
        *_person("lender"),
        _f("lender_street_1", 34, T),
        _f("lender_street_2", 34, T),
        _f("lender_city", 30, T),
        _f("lender_state", 2, C),
        _f("lender_zip", 9, Z),
        _f("election_code", 5, C),
        _f("election_other_description", 20, T),
        _f("loan_amount", 12, A),
        _f("loan_payment_to_date", 12, A),
        _f("loan_balance", 12, A),
        _f("loan_incurred_date", 8, D),
        _f("loan_due_date", 15, T),
        _f("loan_interest_rate", 15, T),
        _f("secured", 1, B),
        _f("personal_funds", 1, B),
        _f("lender_committee_id_number", 9, C),
        _f("lender_candidate_id_number", 9, C),
        *_candidate("lender")[1:],
        _f("memo_code", 1, B),
        _f("memo_text_description", 100, T),
    ),
)

SD = Layout(
    r.ScheduleD,
    "SchD.json",
    (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id", 20, C),
        _f("entity_type", 3, C),
        _f("creditor_organization_name", 200, N),
        *_person("creditor"),
        _f("creditor_street_1", 34, T),
        _f("creditor_street_2", 34, T),
        _f("creditor_city", 30, T),
        _f("creditor_state", 2, C),
        _f("creditor_zip", 9, Z),
        _f("purpose_of_debt_or_obligation", 100, T),
        _f("beginning_balance", 12, A),
        _f("incurred_amount", 12, A),
        _f("payment_amount", 12, A),
        _f("balance_at_close", 12, A),
    ),
)

F6 = Layout(
    r.F6Cover,
    "backlog/forms/F6.json",
    (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("original_amendment_date", 8, D),
        _f("committee_name", 200, N),
        *_ADDRESS,
        _f("candidate_id_number", 9, C),
        *_person("candidate"),
        _f("candidate_office", 1, C),
        _f("candidate_state", 2, C),
        _f("candidate_district", 2, C),
        *_person("signer"),
        _f("date_signed", 8, D),
    ),
)

F65 = Layout(
    r.F65,
    "backlog/forms/F65.json",
    (
        _const("form_type", "F65", 8),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id_number", 20, C),
        _f("entity_type", 3, C),
        _f("contributor_organization_name", 200, N),
        *_person("contributor"),
        _f("contributor_street_1", 34, T),
        _f("contributor_street_2", 34, T),
        _f("contributor_city", 30, T),
        _f("contributor_state", 2, C),
        _f("contributor_zip", 9, Z),
        _f("contributor_committee_fec_id", 9, C),
        _f("contribution_date", 8, D),
        _f("contribution_amount", 12, A),
        _f("contributor_employer", 38, T),
        _f("contributor_occupation", 38, T),
    ),
)


def _ADDR(prefix: str) -> tuple[Field, ...]:  # noqa: N802
    return (
        _f(f"{prefix}_street_1", 34, T),
        _f(f"{prefix}_street_2", 34, T),
        _f(f"{prefix}_city", 30, T),
        _f(f"{prefix}_state", 2, C),
        _f(f"{prefix}_zip", 9, Z),
    )


SC1 = Layout(
    r.ScheduleC1,
    "SchC1.json",
    (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id", 20, C),
        _f("back_reference_tran_id_number", 20, C),
        _f("lender_organization_name", 200, N),
        *_ADDR("lender"),
        _f("loan_amount", 12, A),
        _f("loan_interest_rate", 15, T),
        _f("loan_incurred_date", 8, D),
        _f("loan_due_date", 15, T),
        _f("loan_restructured", 1, B),
        _f("loan_originally_incurred_date", 8, D),
        _f("credit_amount_this_draw", 12, A),
        _f("total_balance", 12, A),
        _f("others_liable", 1, B),
        _f("collateral", 1, B),
        _f("desc_collateral", 100, T),
        _f("collateral_value_amount", 12, A),
        _f("perfected_interest", 1, B),
        _f("future_income", 1, B),
        _f("desc_specification_of_the_above", 100, T),
        _f("estimated_value", 12, A),
        _f("depository_account_established_date", 8, D),
        _f("ind_name_account_location", 200, N),
        *_ADDR("account"),
        _f("dep_acct_auth_date_presidential", 8, D),
        _f("basis_of_loan_description", 100, T),
        *_person("treasurer"),
        _f("treasurer_date_signed", 8, D),
        *_person("authorized"),
        _f("authorized_title", 20, N),
        _f("authorized_date_signed", 8, D),
    ),
)

SC2 = Layout(
    r.ScheduleC2,
    "SchC2.json",
    (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id", 20, C),
        _f("back_reference_tran_id_number", 20, C),
        _f("guarantor_entity", 3, C),
        _f("guarantor_organization_name", 200, N),
        _f("guarantor_committee_fec_id", 9, C),
        *_person("guarantor"),
        *_ADDR("guarantor"),
        _f("guarantor_employer", 38, T),
        _f("guarantor_occupation", 38, T),
        _f("guaranteed_amount", 12, A),
    ),
)

SE = Layout(
    r.ScheduleE,
    "SchE.json",
    (
        _f("form_type", 8, C),
        _f("filer_committee_id_number", 9, C),
        _f("transaction_id", 20, C),
        _f("back_reference_tran_id_number", 20, C),
        _f("back_reference_sched_name", 8, C),
        _f("entity_type", 3, C),
        _f("payee_organization_name", 200, N),
        *_person("payee"),
        *_ADDR("payee"),
        _f("election_code", 5, C),
        _f("election_other_description", 20, T),
        _f("dissemination_date", 8, D),
        _f("expenditure_amount", 12, A),
        _f("disbursement_date", 8, D),
        _f("calendar_ytd_per_election_office", 12, A),
        _f("expenditure_purpose_descrip", 100, T),
        _f("category_code", 3, C),
        _f("payee_cmtte_fec_id_number", 9, C),
        _f("support_oppose_code", 1, C),
        _f("so_candidate_id_number", 9, C),
        *_person("so_candidate"),
        _f("so_candidate_office", 1, C),
        _f("so_candidate_district", 2, C),
        _f("so_candidate_state", 2, C),
        *_person("completing"),
        _f("date_signed", 8, D),
        _f("memo_code", 1, B),
        _f("memo_text_description", 100, T),
    ),
)

F24 = Layout(
    r.F24Cover,
    "F24.json",
    (
        _f("form_type", 4, C),
        _f("filer_committee_id_number", 9, C),
        _f("report_type_24_48", 2, C),
        _f("original_amendment_date", 8, D),
        _f("committee_name", 200, N),
        *_ADDRESS,
        *_TREASURER,
    ),
)

F99 = Layout(
    r.F99Cover,
    "F99.json",
    (
        _const("form_type", "F99"),
        _f("filer_committee_id_number", 9, C),
        _f("committee_name", 200, N),
        *_ADDRESS,
        *_TREASURER,
        _f("text_code", 3, C),
        _f("filing_frequency", 1, C),
        _f("pdf_attachment", 1, B),
    ),
)

LAYOUTS: dict[type, Layout] = {
    layout.record_class: layout for layout in (HDR, F3, F3X, F3P, SA, SB, SC, SC1, SC2, SD, SE, TEXT, F6, F65, F24, F99)
}
"""Record class -> layout."""
from compliance.fec.layouts_post import POST_ELECTION_LAYOUTS, post_election_layout  # noqa: E402 (needs Field)

LAYOUTS.update({layout.record_class: layout for layout in POST_ELECTION_LAYOUTS})


def layout_for_form_type(form_type: str) -> Layout | None:
    """The layout of a .fec record from its first column (``HDR``, ``F3N``, ``SA11AI``, ``TEXT`` ...)."""
    ft = form_type.upper()
    if ft == "HDR":
        return HDR
    if ft == "TEXT":
        return TEXT
    if ft.startswith("SA"):
        return SA
    if ft.startswith("SB"):
        return SB
    if ft.startswith("SC/"):
        return SC
    if ft.startswith("SC1/"):
        return SC1
    if ft.startswith("SC2/"):
        return SC2
    if ft.startswith("SD"):
        return SD
    if ft == "SE":
        return SE
    if ft.startswith("F24"):
        return F24
    if ft == "F65":
        return F65
    if ft == "F99":
        return F99
    if (post := post_election_layout(ft)) is not None:
        return post
    if ft.startswith("F3X"):
        return F3X
    if ft.startswith("F3P"):
        return F3P
    if ft.startswith("F3"):
        return F3
    if ft.startswith("F6"):
        return F6
    return None
