"""Typed rows for the FEC writer: one frozen dataclass per .fec record type we emit.

Field names follow the FEC's fecfile-validate JSON schemas where sensible. Amounts are
``Decimal``, dates are ``datetime.date``, check boxes (``memo_code``, ``change_of_address`` ...)
are ``bool``. Optional text defaults to ``""``. The column order and lengths live in
:mod:`compliance.fec.layouts`; formatting rules in :mod:`compliance.fec.format`.

Summary pages (F3/F3X/F3P) take their amounts as mappings from the form's line label
(``"6a"``, ``"11ai"`` ...) to ``Decimal``: ``col_a`` = this period, ``col_b`` = cycle-to-date
(F3, F3P) or calendar-year-to-date (F3X). A line missing from the mapping is written as
``0.00``; an unknown label is rejected when the record is built.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal

from compliance.fec.cover_layouts import (
    F3_COL_A,
    F3_COL_B,
    F3P_COL_A,
    F3P_COL_B,
    F3P_STATES_A,
    F3X_COL_A,
    F3X_COL_B,
)


def _fast_init(cls: type) -> type:
    """Give a frozen, slotted dataclass a faster ``__init__`` with the same signature and semantics.

    dataclasses' frozen ``__init__`` calls ``object.__setattr__(self, "name", value)`` per field
    (about 4.3 us for the 45 Schedule A fields); writing through the slot descriptors directly
    takes about 2.4 us. Only used for the per-transaction records (no ``__post_init__``, no
    default factories), which are built millions of times; instances stay immutable.
    """
    params: list[str] = []
    body: list[str] = []
    namespace: dict[str, object] = {}
    for f in fields(cls):
        if f.default_factory is not MISSING or not f.init:
            raise TypeError(f"{cls.__name__}.{f.name}: _fast_init supports plain defaults only")
        if f.default is MISSING:
            params.append(f.name)
        else:
            namespace[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        namespace[f"_s_{f.name}"] = cls.__dict__[f.name].__set__
        body.append(f"    _s_{f.name}(self, {f.name})")
    source = f"def __init__(self, *, {', '.join(params)}):\n" + "\n".join(body) + "\n"
    exec(compile(source, f"<fec record {cls.__name__}>", "exec"), namespace)  # noqa: S102
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__name__}.__init__"  # type: ignore[attr-defined]
    cls.__init__ = init  # type: ignore[misc]
    return cls


def _check_labels(record: str, column: str, given: Mapping[str, Decimal], allowed: Mapping[str, int]) -> None:
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise ValueError(f"{record}.{column}: unknown summary line(s) {unknown}; allowed: {sorted(allowed)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    """HDR record. For an amendment: ``report_id="FEC-<original filing id>"``, ``report_number=<n>``."""

    soft_name: str
    soft_ver: str
    report_id: str = ""
    report_number: int | None = None
    comment: str = ""
    fec_version: str = "8.5"

    @classmethod
    def amendment(cls, *, soft_name: str, soft_ver: str, original_filing_id: int | str, number: int) -> Header:
        """Header for amendment ``number`` of FEC filing ``original_filing_id`` (``1234567`` -> ``FEC-1234567``)."""
        report_id = str(original_filing_id)
        if not report_id.upper().startswith("FEC-"):
            report_id = f"FEC-{report_id}"
        return cls(soft_name=soft_name, soft_ver=soft_ver, report_id=report_id, report_number=number)


@dataclass(frozen=True, slots=True, kw_only=True)
class F3Cover:
    """Form 3 cover + summary (House/Senate candidate committee). ``form_type``: F3N / F3A / F3T."""

    form_type: str
    filer_committee_id_number: str
    committee_name: str
    change_of_address: bool = False
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    election_state: str = ""
    election_district: str = ""
    report_code: str = ""
    election_code: str = ""
    date_of_election: dt.date | None = None
    state_of_election: str = ""
    coverage_from_date: dt.date
    coverage_through_date: dt.date
    treasurer_last_name: str
    treasurer_first_name: str
    treasurer_middle_name: str = ""
    treasurer_prefix: str = ""
    treasurer_suffix: str = ""
    date_signed: dt.date
    col_a: Mapping[str, Decimal] = field(default_factory=dict)
    col_b: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_labels("F3Cover", "col_a", self.col_a, F3_COL_A)
        _check_labels("F3Cover", "col_b", self.col_b, F3_COL_B)


@dataclass(frozen=True, slots=True, kw_only=True)
class F3XCover:
    """Form 3X cover + summary (PAC / party). ``form_type``: F3XN / F3XA / F3XT.

    Column B line 6a is split in two fields: ``cash_on_hand_jan_1`` and ``cash_on_hand_year``.
    """

    form_type: str
    filer_committee_id_number: str
    committee_name: str
    change_of_address: bool = False
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    report_code: str = ""
    election_code: str = ""
    date_of_election: dt.date | None = None
    state_of_election: str = ""
    coverage_from_date: dt.date
    coverage_through_date: dt.date
    qualified_committee: bool = False
    treasurer_last_name: str
    treasurer_first_name: str
    treasurer_middle_name: str = ""
    treasurer_prefix: str = ""
    treasurer_suffix: str = ""
    date_signed: dt.date
    col_a: Mapping[str, Decimal] = field(default_factory=dict)
    col_b: Mapping[str, Decimal] = field(default_factory=dict)
    cash_on_hand_jan_1: Decimal = Decimal(0)
    cash_on_hand_year: int | None = None

    def __post_init__(self) -> None:
        _check_labels("F3XCover", "col_a", self.col_a, F3X_COL_A)
        _check_labels("F3XCover", "col_b", self.col_b, F3X_COL_B)


@dataclass(frozen=True, slots=True, kw_only=True)
class F3PCover:
    """Form 3P cover + summary (presidential committee). ``form_type``: F3PN / F3PA / F3PT.

    ``state_allocation_a`` / ``_b`` map postal codes (``"AL"`` ... ``"VI"``) and ``"total"`` to
    amounts; they are only for matching-fund primary candidates, everything missing is ``0.00``.
    """

    form_type: str
    filer_committee_id_number: str
    committee_name: str
    change_of_address: bool = False
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    activity_primary: bool = False
    activity_general: bool = False
    report_code: str = ""
    election_code: str = ""
    date_of_election: dt.date | None = None
    state_of_election: str = ""
    coverage_from_date: dt.date
    coverage_through_date: dt.date
    treasurer_last_name: str
    treasurer_first_name: str
    treasurer_middle_name: str = ""
    treasurer_prefix: str = ""
    treasurer_suffix: str = ""
    date_signed: dt.date
    col_a: Mapping[str, Decimal] = field(default_factory=dict)
    col_b: Mapping[str, Decimal] = field(default_factory=dict)
    state_allocation_a: Mapping[str, Decimal] = field(default_factory=dict)
    state_allocation_b: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check_labels("F3PCover", "col_a", self.col_a, F3P_COL_A)
        _check_labels("F3PCover", "col_b", self.col_b, F3P_COL_B)
        _check_labels("F3PCover", "state_allocation_a", self.state_allocation_a, F3P_STATES_A)
        _check_labels("F3PCover", "state_allocation_b", self.state_allocation_b, F3P_STATES_A)


@_fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleA:
    """Itemized receipt (``SA`` + line number, e.g. SA11AI, SA11C, SA17A). 45 columns."""

    form_type: str
    filer_committee_id_number: str
    transaction_id: str
    back_reference_tran_id_number: str = ""
    back_reference_sched_name: str = ""
    entity_type: str
    contributor_organization_name: str = ""
    contributor_last_name: str = ""
    contributor_first_name: str = ""
    contributor_middle_name: str = ""
    contributor_prefix: str = ""
    contributor_suffix: str = ""
    contributor_street_1: str = ""
    contributor_street_2: str = ""
    contributor_city: str = ""
    contributor_state: str = ""
    contributor_zip: str = ""
    election_code: str = ""
    election_other_description: str = ""
    contribution_date: dt.date
    contribution_amount: Decimal
    contribution_aggregate: Decimal | None = None
    contribution_purpose_descrip: str = ""
    contributor_employer: str = ""
    contributor_occupation: str = ""
    donor_committee_fec_id: str = ""
    donor_committee_name: str = ""
    donor_candidate_fec_id: str = ""
    donor_candidate_last_name: str = ""
    donor_candidate_first_name: str = ""
    donor_candidate_middle_name: str = ""
    donor_candidate_prefix: str = ""
    donor_candidate_suffix: str = ""
    donor_candidate_office: str = ""
    donor_candidate_state: str = ""
    donor_candidate_district: str = ""
    conduit_name: str = ""
    conduit_street_1: str = ""
    conduit_street_2: str = ""
    conduit_city: str = ""
    conduit_state: str = ""
    conduit_zip: str = ""
    memo_code: bool = False
    memo_text_description: str = ""
    reference_code: str = ""


@_fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleB:
    """Itemized disbursement (``SB`` + line number, e.g. SB17, SB20A, SB21B, SB23). 44 columns."""

    form_type: str
    filer_committee_id_number: str
    transaction_id: str
    back_reference_tran_id_number: str = ""
    back_reference_sched_name: str = ""
    entity_type: str
    payee_organization_name: str = ""
    payee_last_name: str = ""
    payee_first_name: str = ""
    payee_middle_name: str = ""
    payee_prefix: str = ""
    payee_suffix: str = ""
    payee_street_1: str = ""
    payee_street_2: str = ""
    payee_city: str = ""
    payee_state: str = ""
    payee_zip: str = ""
    election_code: str = ""
    election_other_description: str = ""
    expenditure_date: dt.date
    expenditure_amount: Decimal
    semi_annual_refunded_bundled_amt: Decimal | None = None
    expenditure_purpose_descrip: str = ""
    category_code: str = ""
    beneficiary_committee_fec_id: str = ""
    beneficiary_committee_name: str = ""
    beneficiary_candidate_fec_id: str = ""
    beneficiary_candidate_last_name: str = ""
    beneficiary_candidate_first_name: str = ""
    beneficiary_candidate_middle_name: str = ""
    beneficiary_candidate_prefix: str = ""
    beneficiary_candidate_suffix: str = ""
    beneficiary_candidate_office: str = ""
    beneficiary_candidate_state: str = ""
    beneficiary_candidate_district: str = ""
    conduit_name: str = ""
    conduit_street_1: str = ""
    conduit_street_2: str = ""
    conduit_city: str = ""
    conduit_state: str = ""
    conduit_zip: str = ""
    memo_code: bool = False
    memo_text_description: str = ""
    reference_code: str = ""


@_fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleC:
    """Loan owed by the committee (``SC/10`` on Forms 3 and 3X, ``SC/12`` on Form 3P). 38 columns.

    ``transaction_id`` is the loan's own id; its receipt (SA13A/B, SA13, SA19A/B) back-references it.
    ``receipt_line_number``: ``13A``/``13B`` (F3), ``13`` (F3X), ``19A``/``19B`` (F3P). The amounts are
    at the end of the report's period. Due date and interest rate are free text in the FEC format."""

    form_type: str
    filer_committee_id_number: str
    transaction_id: str
    receipt_line_number: str = ""
    entity_type: str
    lender_organization_name: str = ""
    lender_last_name: str = ""
    lender_first_name: str = ""
    lender_middle_name: str = ""
    lender_prefix: str = ""
    lender_suffix: str = ""
    lender_street_1: str = ""
    lender_street_2: str = ""
    lender_city: str = ""
    lender_state: str = ""
    lender_zip: str = ""
    election_code: str = ""
    election_other_description: str = ""
    loan_amount: Decimal
    loan_payment_to_date: Decimal
    loan_balance: Decimal
    loan_incurred_date: dt.date
    loan_due_date: str
    loan_interest_rate: str
    secured: bool = False
    personal_funds: bool = False
    lender_committee_id_number: str = ""
    lender_candidate_id_number: str = ""
    lender_candidate_last_name: str = ""
    lender_candidate_first_name: str = ""
    lender_candidate_middle_name: str = ""
    lender_candidate_prefix: str = ""
    lender_candidate_suffix: str = ""
    lender_candidate_office: str = ""
    lender_candidate_state: str = ""
    lender_candidate_district: str = ""
    memo_code: bool = False
    memo_text_description: str = ""


@_fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleD:
    """A debt or obligation other than a loan (``SD10`` owed by the committee, ``SD9`` owed to it on Forms 3 and
    3X; ``SD12`` / ``SD11`` on Form 3P). 20 columns. The "creditor" columns name the other party either way.
    Amounts: balance at the start of the period, incurred and paid in it, balance at its close."""

    form_type: str
    filer_committee_id_number: str
    transaction_id: str
    entity_type: str
    creditor_organization_name: str = ""
    creditor_last_name: str = ""
    creditor_first_name: str = ""
    creditor_middle_name: str = ""
    creditor_prefix: str = ""
    creditor_suffix: str = ""
    creditor_street_1: str = ""
    creditor_street_2: str = ""
    creditor_city: str = ""
    creditor_state: str = ""
    creditor_zip: str = ""
    purpose_of_debt_or_obligation: str
    beginning_balance: Decimal
    incurred_amount: Decimal
    payment_amount: Decimal
    balance_at_close: Decimal


@_fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """TEXT memo record. Transaction-level: back-reference the transaction's id and form type;
    report-level: ``back_reference_sched_form_name`` = the cover form type, no back-reference id."""

    filer_committee_id_number: str
    transaction_id_number: str
    back_reference_tran_id_number: str = ""
    back_reference_sched_form_name: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class F6Cover:
    """Form 6, 48-hour notice of contributions (``F6N`` / ``F6A``), followed by one :class:`F65` per contribution."""

    form_type: str = "F6N"
    filer_committee_id_number: str
    original_amendment_date: dt.date | None = None
    committee_name: str
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    candidate_id_number: str = ""
    candidate_last_name: str
    candidate_first_name: str
    candidate_middle_name: str = ""
    candidate_prefix: str = ""
    candidate_suffix: str = ""
    candidate_office: str = ""
    candidate_state: str = ""
    candidate_district: str = ""
    signer_last_name: str
    signer_first_name: str
    signer_middle_name: str = ""
    signer_prefix: str = ""
    signer_suffix: str = ""
    date_signed: dt.date


@_fast_init
@dataclass(frozen=True, slots=True, kw_only=True)
class F65:
    """One contribution on a Form 6 48-hour notice."""

    filer_committee_id_number: str
    transaction_id_number: str
    entity_type: str
    contributor_organization_name: str = ""
    contributor_last_name: str = ""
    contributor_first_name: str = ""
    contributor_middle_name: str = ""
    contributor_prefix: str = ""
    contributor_suffix: str = ""
    contributor_street_1: str = ""
    contributor_street_2: str = ""
    contributor_city: str = ""
    contributor_state: str = ""
    contributor_zip: str = ""
    contributor_committee_fec_id: str = ""
    contribution_date: dt.date
    contribution_amount: Decimal
    contributor_employer: str = ""
    contributor_occupation: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleC1:
    """Schedule C-1, a loan or line of credit from a lending institution (``SC1/10``, ``SC1/9``), after the
    loan's Schedule C record it back-references. Check boxes are ``bool``; amounts ``Decimal``."""

    form_type: str
    filer_committee_id_number: str
    transaction_id: str
    back_reference_tran_id_number: str
    lender_organization_name: str
    lender_street_1: str = ""
    lender_street_2: str = ""
    lender_city: str = ""
    lender_state: str = ""
    lender_zip: str = ""
    loan_amount: Decimal
    loan_interest_rate: str = ""
    loan_incurred_date: dt.date
    loan_due_date: str
    loan_restructured: bool = False
    loan_originally_incurred_date: dt.date | None = None
    credit_amount_this_draw: Decimal | None = None
    total_balance: Decimal | None = None
    others_liable: bool = False
    collateral: bool = False
    desc_collateral: str = ""
    collateral_value_amount: Decimal | None = None
    perfected_interest: bool = False
    future_income: bool = False
    desc_specification_of_the_above: str = ""
    estimated_value: Decimal | None = None
    depository_account_established_date: dt.date | None = None
    ind_name_account_location: str = ""
    account_street_1: str = ""
    account_street_2: str = ""
    account_city: str = ""
    account_state: str = ""
    account_zip: str = ""
    dep_acct_auth_date_presidential: dt.date | None = None
    basis_of_loan_description: str = ""
    treasurer_last_name: str
    treasurer_first_name: str
    treasurer_middle_name: str = ""
    treasurer_prefix: str = ""
    treasurer_suffix: str = ""
    treasurer_date_signed: dt.date
    authorized_last_name: str
    authorized_first_name: str
    authorized_middle_name: str = ""
    authorized_prefix: str = ""
    authorized_suffix: str = ""
    authorized_title: str
    authorized_date_signed: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleC2:
    """Schedule C-2, one endorser or guarantor of a loan (``SC2/10``, ``SC2/9``), after its Schedule C record."""

    form_type: str
    filer_committee_id_number: str
    transaction_id: str
    back_reference_tran_id_number: str
    guarantor_entity: str
    guarantor_organization_name: str = ""
    guarantor_committee_fec_id: str = ""
    guarantor_last_name: str = ""
    guarantor_first_name: str = ""
    guarantor_middle_name: str = ""
    guarantor_prefix: str = ""
    guarantor_suffix: str = ""
    guarantor_street_1: str = ""
    guarantor_street_2: str = ""
    guarantor_city: str = ""
    guarantor_state: str = ""
    guarantor_zip: str = ""
    guarantor_employer: str = ""
    guarantor_occupation: str = ""
    guaranteed_amount: Decimal


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleE:
    """Schedule E, one independent expenditure (``SE``; F3X line 24, and the body of a Form 24 report). The
    ``calendar_ytd_per_election_office`` aggregate is per election, per office sought, in the calendar year."""

    form_type: str = "SE"
    filer_committee_id_number: str
    transaction_id: str
    back_reference_tran_id_number: str = ""
    back_reference_sched_name: str = ""
    entity_type: str
    payee_organization_name: str = ""
    payee_last_name: str = ""
    payee_first_name: str = ""
    payee_middle_name: str = ""
    payee_prefix: str = ""
    payee_suffix: str = ""
    payee_street_1: str = ""
    payee_street_2: str = ""
    payee_city: str = ""
    payee_state: str = ""
    payee_zip: str = ""
    election_code: str
    election_other_description: str = ""
    dissemination_date: dt.date
    expenditure_amount: Decimal
    disbursement_date: dt.date | None = None
    calendar_ytd_per_election_office: Decimal
    expenditure_purpose_descrip: str = ""
    category_code: str = ""
    payee_cmtte_fec_id_number: str = ""
    support_oppose_code: str
    so_candidate_id_number: str = ""
    so_candidate_last_name: str
    so_candidate_first_name: str
    so_candidate_middle_name: str = ""
    so_candidate_prefix: str = ""
    so_candidate_suffix: str = ""
    so_candidate_office: str = ""
    so_candidate_district: str = ""
    so_candidate_state: str = ""
    completing_last_name: str
    completing_first_name: str
    completing_middle_name: str = ""
    completing_prefix: str = ""
    completing_suffix: str = ""
    date_signed: dt.date
    memo_code: bool = False
    memo_text_description: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class F24Cover:
    """Form 24, a 24- or 48-hour report of independent expenditures (``F24N``/``F24A``), followed by its SE rows."""

    form_type: str = "F24N"
    filer_committee_id_number: str
    report_type_24_48: str
    original_amendment_date: dt.date | None = None
    committee_name: str
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    treasurer_last_name: str
    treasurer_first_name: str
    treasurer_middle_name: str = ""
    treasurer_prefix: str = ""
    treasurer_suffix: str = ""
    date_signed: dt.date


@dataclass(frozen=True, slots=True, kw_only=True)
class F99Cover:
    """Form 99, miscellaneous text to the FEC (format 8.5: 17 columns), followed by its :class:`F99Text`.

    ``text_code``: ``MST`` miscellaneous report, ``MSM`` change of filing frequency (``filing_frequency``
    ``Q``/``M`` required), ``MSI`` disavowal response, ``MSR`` Form 3L filing frequency, ``MSW`` loan agreement."""

    form_type: str = "F99"
    filer_committee_id_number: str
    committee_name: str
    street_1: str = ""
    street_2: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    treasurer_last_name: str
    treasurer_first_name: str
    treasurer_middle_name: str = ""
    treasurer_prefix: str = ""
    treasurer_suffix: str = ""
    date_signed: dt.date
    text_code: str
    filing_frequency: str = ""
    pdf_attachment: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class F99Text:
    """The body of a Form 99: written as ``[BEGINTEXT]``, the text's lines, ``[ENDTEXT]``, each on its own row
    (the FEC's F99 schema, ``message_text``: up to 20,000 characters, line breaks and tabs allowed)."""

    text: str


Record = (
    Header
    | F3Cover
    | F3XCover
    | F3PCover
    | ScheduleA
    | ScheduleB
    | ScheduleC
    | ScheduleC1
    | ScheduleC2
    | ScheduleD
    | ScheduleE
    | F24Cover
    | Text
    | F6Cover
    | F65
    | F99Cover
    | F99Text
)
"""Any record the writer accepts."""
