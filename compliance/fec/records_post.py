"""Records of the post-election pages and Form 3P's line 31 attachment (format 8.5), kept out of records.py.

``F3S`` (Form 3, 35 columns) and ``F3PS`` (Form 3P, 92 columns) are the Post-Election Detailed Summary Page's
extra column: a report whose period spans the general election covers two election cycles, so beside column B
(the ending cycle, through election day) it shows the new cycle to date, from the day after the general election
to the end of the period (FEC Form 3 instructions rev. 05/2016, "Pages 5-8, Post-Election Detailed Summary Page";
shared/fec/NOTES.md 13.3). Each is written right after the report's cover. Column numbers come from the FEC's
``backlog/forms/F3S.json`` / ``F3PS.json`` (``fec_spec.COL_SEQ``) and are checked against them by
``tests/fec/test_post_election_layouts.py``.

``F3P31`` is one item on hand to be liquidated (Form 3P line 31, 23 columns, ``backlog/forms/F3P31.json``). Its
form type is written ``F3P31``, the prefix the fecfile parser (and Fech) key on; the v8.3.0.1 spreadsheet's sample
reads ``F3P31AL`` and no real F3P31 record was found (NOTES.md 13.3): confirm with the FEC before filing one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from compliance.fec.cover_layouts import F3P_STATES_A

# (column, line label, schema property): the page's one column, labels as on the cover (``"11ai"`` ...).
F3S_SUMMARY: tuple[tuple[int, str, str], ...] = (
    (5, "6a", "L6a_total_contributions_no_loans"),
    (6, "6b", "L6b_total_contribution_refunds"),
    (7, "6c", "L6c_net_contributions"),
    (8, "7a", "L7a_total_operating_expenditures"),
    (9, "7b", "L7b_total_offsets_to_operating_expenditures"),
    (10, "7c", "L7c_net_operating_expenditures"),
    (11, "11ai", "L11a_i_individuals_itemized"),
    (12, "11aii", "L11aii_individuals_unitemized"),
    (13, "11aiii", "L11aiii_individuals_total"),
    (14, "11b", "L11b_political_party_committees"),
    (15, "11c", "L11c_all_other_political_committees_pacs"),
    (16, "11d", "L11d_the_candidate"),
    (17, "11e", "L11e_total_contributions"),
    (18, "12", "L12_transfers_from_other_auth_committees"),
    (19, "13a", "L13a_loans_made_or_guarn_by_the_candidate"),
    (20, "13b", "L13b_all_other_loans"),
    (21, "13c", "L13c_total_loans"),
    (22, "14", "L14_offsets_to_operating_expenditures"),
    (23, "15", "L15_other_receipts"),
    (24, "16", "L16_total_receipts"),
    (25, "17", "L17_operating_expenditures"),
    (26, "18", "L18_transfers_to_other_auth_committees"),
    (27, "19a", "L19a_loan_repayment_by_candidate"),
    (28, "19b", "L19b_loan_repayments,_all_other_loans"),
    (29, "19c", "L19c_total_loan_repayments"),
    (30, "20a", "L20a_refund_individuals_other_than_pol_cmtes"),
    (31, "20b", "L20b_refund,_political_party_committees"),
    (32, "20c", "L20c_refund,_other_political_committees"),
    (33, "20d", "L20d_total_contributions_refunds"),
    (34, "21", "L21_other_disbursements"),
    (35, "22", "L22_total_disbursements"),
)
F3PS_SUMMARY: tuple[tuple[int, str, str], ...] = (
    (5, "14", "L14_net_contributions"),
    (6, "15", "L15_net_expenditures"),
    (7, "16", "L16_federal_funds"),
    (8, "17ai", "L17ai_individuals_itemized"),
    (9, "17aii", "L17aii_individuals_unitemized"),
    (10, "17aiii", "L17aiii_individual_contribution_total"),
    (11, "17b", "L17b_political_party_committees"),
    (12, "17c", "L17c_other_political_committees_pacs"),
    (13, "17d", "L17d_the_candidate"),
    (14, "17e", "L17e_total_contributions_other_than_loans"),
    (15, "18", "L18_transfers_from_aff_other_party_committees"),
    (16, "19a", "L19a_received_from_or_guaranteed_by_candidate"),
    (17, "19b", "L19b_other_loans"),
    (18, "19c", "L19c_total_loans"),
    (19, "20a", "L20a_operating"),
    (20, "20b", "L20b_fundraising"),
    (21, "20c", "L20c_legal_and_accounting"),
    (22, "20d", "L20d_total_offsets_to_operating_expenditures"),
    (23, "21", "L21_other_receipts"),
    (24, "22", "L22_total_receipts"),
    (25, "23", "L23_operating_expenditures"),
    (26, "24", "L24_transfers_to_other_authorized_committees"),
    (27, "25", "L25_fundraising_disbursements"),
    (28, "26", "L26_exempt_legal_and_accounting_disbursements"),
    (29, "27a", "L27a_made_or_guaranteed_by_the_candidate"),
    (30, "27b", "L27b_other_repayments"),
    (31, "27c", "L27c_total_loan_repayments_made"),
    (32, "28a", "L28a_individuals"),
    (33, "28b", "L28b_political_party_committees"),
    (34, "28c", "L28c_other_political_committees"),
    (35, "28d", "L28d_total_contributions_refunds"),
    (36, "29", "L29_other_disbursements"),
    (37, "30", "L30_total_disbursements"),
)
F3PS_FIRST_STATE_COLUMN = 38
"""F3PS columns 38-91 are the state allocation in F3P's order (AL ... VI), 92 its total."""

F3S_LINES = {label: column for column, label, _ in F3S_SUMMARY}
F3PS_LINES = {label: column for column, label, _ in F3PS_SUMMARY}


def _check(record: str, given: Mapping[str, Decimal], allowed: Mapping[str, int]) -> None:
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise ValueError(f"{record}: unknown line(s) {unknown}; allowed: {sorted(allowed)}")


@dataclass(frozen=True, slots=True, kw_only=True)
class F3SPage:
    """Form 3 Post-Election Detailed Summary Page column: the new cycle, ``day_after_general`` to the period's end."""

    form_type: str = "F3S"
    filer_committee_id_number: str
    date_of_general_election: dt.date
    day_after_general_election: dt.date
    lines: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check("F3SPage", self.lines, F3S_LINES)


@dataclass(frozen=True, slots=True, kw_only=True)
class F3PSPage:
    """Form 3P Post-Election Detailed Summary Page column (new cycle), with its state allocation (postal code and
    ``"total"`` -> amount)."""

    form_type: str = "F3PS"
    filer_committee_id_number: str
    date_of_general_election: dt.date
    day_after_general_election: dt.date
    lines: Mapping[str, Decimal] = field(default_factory=dict)
    state_allocation: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _check("F3PSPage", self.lines, F3PS_LINES)
        _check("F3PSPage", self.state_allocation, F3P_STATES_A)


@dataclass(frozen=True, slots=True, kw_only=True)
class F3P31Item:
    """One item on hand to be liquidated (Form 3P line 31): who gave or sold it, what it is, when it was acquired
    and its fair market value."""

    form_type: str = "F3P31"
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
    election_code: str = ""
    item_description: str
    item_contribution_acquired_date: dt.date
    item_fair_market_value: Decimal
    contributor_employer: str = ""
    contributor_occupation: str = ""
    memo_code: bool = False
    memo_text_description: str = ""
