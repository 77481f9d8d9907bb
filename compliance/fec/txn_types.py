"""Which FECfile+ transaction-type schema checks a Schedule A/B record.

FECfile+ (the FEC's own app) validates each transaction against a per-type JSON schema chosen
by its ``transaction_type_identifier``, a property that is *not* in the .fec file. Those schemas
only know Form 3X line numbers. We therefore:

1. map the record's line to its Form 3X equivalent for the report's form (``F3_LINES``,
   ``F3P_LINES``; F3X lines map to themselves). Line 15 on Form 3 ("other receipts") is line 17
   on Form 3X, Form 3 line 14 (offsets) is Form 3X line 15, and so on;
2. pick the per-type schema and identifier from that line and the record's own columns
   (:func:`select`): memo code, back reference, entity type, conduit, earmark wording;
3. validate a copy of the record's JSON with ``form_type`` replaced by the Form 3X equivalent
   (and entity ``CAN`` shown as ``IND``, since FECfile+ models a candidate who gives as an
   individual contact) against that schema. The real form type and every column are still
   checked against the generic ``SchA.json``/``SchB.json`` column rules.

Lines with no Form 3X equivalent (F3 ``SA11D`` and F3P ``SA17D`` candidate contributions,
F3P ``SA16`` federal funds) are checked against the generic column rules only. Honest caveat:
for Form 3/3P records the per-type check is an *approximation* of what the FEC's validator
does for those forms; the FEC has not published Form 3 transaction schemas (NOTES.md section 12).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class TxnType(NamedTuple):
    """A per-transaction-type schema file, the identifier it expects, and the Form 3X line to present."""

    schema: str
    identifier: str
    f3x_form_type: str


F3_LINES: dict[str, str | None] = {
    "SA11AI": "SA11AI",
    "SA11AII": "SA11AII",
    "SA11B": "SA11B",
    "SA11C": "SA11C",
    "SA11D": None,
    "SA12": "SA12",
    "SA13A": "SA13",
    "SA13B": "SA13",
    "SA14": "SA15",
    "SA15": "SA17",
    "SB17": "SB21B",
    "SB18": "SB22",
    "SB19A": "SB26",
    "SB19B": "SB26",
    "SB20A": "SB28A",
    "SB20B": "SB28B",
    "SB20C": "SB28C",
    "SB21": "SB29",
}
"""Form 3 (House/Senate) schedule line -> Form 3X equivalent (``None``: generic column rules only)."""

F3P_LINES: dict[str, str | None] = {
    "SA16": None,
    "SA17A": "SA11AI",
    "SA17B": "SA11B",
    "SA17C": "SA11C",
    "SA17D": None,
    "SA18": "SA12",
    "SA19A": "SA13",
    "SA19B": "SA13",
    "SA20A": "SA15",
    "SA20B": "SA15",
    "SA20C": "SA15",
    "SA21": "SA17",
    "SB23": "SB21B",
    "SB24": "SB22",
    "SB25": "SB21B",
    "SB26": "SB21B",
    "SB27A": "SB26",
    "SB27B": "SB26",
    "SB28A": "SB28A",
    "SB28B": "SB28B",
    "SB28C": "SB28C",
    "SB29": "SB29",
}
"""Form 3P (presidential) schedule line -> Form 3X equivalent."""

F3X_LINES: dict[str, str | None] = {
    line: line
    for line in (
        "SA11AI SA11AII SA11B SA11C SA12 SA13 SA14 SA15 SA16 SA17 SB21B SB22 SB23 SB26 SB28A SB28B SB28C SB29"
    ).split()
}
"""Form 3X lines we emit (identity mapping)."""

LINES_BY_FORM: dict[str, dict[str, str | None]] = {"F3": F3_LINES, "F3P": F3P_LINES, "F3X": F3X_LINES}

_SIMPLE: dict[str, tuple[str, str]] = {
    "SA11B": ("PARTY_RECEIPT.json", "PARTY_RECEIPT"),
    "SA12": ("TRANSFER.json", "TRANSFER"),
    "SA14": ("LOAN_REPAYMENT_RECEIVED.json", "LOAN_REPAYMENT_RECEIVED"),
    "SA15": ("OFFSET_TO_OPERATING_EXPENDITURES.json", "OFFSET_TO_OPERATING_EXPENDITURES"),
    "SA16": ("REFUND_TO_OTHER_POLITICAL_COMMITTEE.json", "REFUND_TO_OTHER_POLITICAL_COMMITTEE"),
    "SA17": ("OTHER_RECEIPT.json", "OTHER_RECEIPT"),
    "SB21B": ("DISBURSEMENTS.json", "OPERATING_EXPENDITURE"),
    "SB29": ("DISBURSEMENTS.json", "OTHER_DISBURSEMENT"),
    "SB22": ("TRANSFER_TO_AFFILIATES.json", "TRANSFER_TO_AFFILIATES"),
    "SB26": ("LOAN_REPAYMENT_MADE.json", "LOAN_REPAYMENT_MADE"),
    "SB28A": ("INDIVIDUAL_REFUNDS.json", "REFUND_INDIVIDUAL_CONTRIBUTION"),
    "SB28B": ("PARTY_PAC_REFUNDS.json", "REFUND_PARTY_CONTRIBUTION"),
    "SB28C": ("PARTY_PAC_REFUNDS.json", "REFUND_PAC_CONTRIBUTION"),
}

SCHEMA_FILES: tuple[str, ...] = tuple(
    sorted(
        {schema for schema, _ in _SIMPLE.values()}
        | {
            "INDIVIDUAL_RECEIPT.json",
            "EARMARK_RECEIPT.json",
            "EARMARK_MEMO.json",
            "PAC_RECEIPT.json",
            "PAC_EARMARK_RECEIPT.json",
            "PAC_EARMARK_MEMO.json",
            "LOANS_RECEIVED.json",
            "CANDIDATE_CONTRIBUTIONS.json",
            "OTHER_COMMITTEE_CONTRIBUTIONS.json",
            "RETURN_RECEIPT.json",
            "PAC_RETURN.json",
            "PARTY_RETURN.json",
            "IN_KIND_RECEIPT.json",
            "IN_KIND_OUT.json",
            "DEBTS.json",
        }
    )
)
"""Every per-transaction-type schema :func:`select` can return."""


IN_KIND_PREFIX = "In-Kind: "
"""How an in-kind contribution's purpose starts (FECfile+'s IN_KIND_RECEIPT / IN_KIND_OUT require it)."""

_RETURNS = {
    "SA11AI": ("RETURN_RECEIPT.json", "RETURN_RECEIPT"),
    "SA11AII": ("RETURN_RECEIPT.json", "RETURN_RECEIPT"),
    "SA11B": ("PARTY_RETURN.json", "PARTY_RETURN"),
    "SA11C": ("PAC_RETURN.json", "PAC_RETURN"),
}
"""A returned or bounced contribution: a negative entry on the receipt's own line."""


def _negative(doc: Mapping[str, object], amount: str) -> bool:
    """Whether the amount is below zero (a number in a JSON document, a string in a .fec column)."""
    value = doc.get(amount)
    if isinstance(value, str):
        return value.startswith("-")
    return isinstance(value, int | float) and value < 0


def _is_earmark(doc: Mapping[str, object]) -> bool:
    purpose = str(doc.get("contribution_purpose_descrip") or "").upper()
    return bool(doc.get("conduit_name")) or "EARMARK" in purpose


def select(report_form: str, doc: Mapping[str, object]) -> TxnType | None:
    """The per-type schema for a Schedule A/B record (its generic JSON ``doc``), or ``None``.

    Raises ``KeyError`` when the line is not a line of ``report_form``.
    """
    form_type = str(doc.get("form_type") or "").upper()
    line = LINES_BY_FORM[report_form][form_type]
    if line is None:
        return None
    memo_child = bool(doc.get("memo_code")) and bool(doc.get("back_reference_tran_id_number"))
    if line in _RETURNS and not doc.get("memo_code") and _negative(doc, "contribution_amount"):
        schema, identifier = _RETURNS[line]
        return TxnType(schema, identifier, line)
    in_kind = str(doc.get("contribution_purpose_descrip") or doc.get("expenditure_purpose_descrip") or "")
    in_kind_individual = in_kind.startswith(IN_KIND_PREFIX) and doc.get("entity_type") in ("IND", "CAN")
    if line in ("SA11AI", "SA11AII") and in_kind_individual and not doc.get("memo_code"):
        return TxnType("IN_KIND_RECEIPT.json", "IN_KIND_RECEIPT", line)
    if line == "SB21B" and in_kind_individual and memo_child:
        return TxnType("IN_KIND_OUT.json", "IN_KIND_OUT", line)
    if line in ("SA11AI", "SA11AII"):
        if memo_child and doc.get("entity_type") == "COM":
            return TxnType("EARMARK_MEMO.json", "EARMARK_MEMO", line)
        if not doc.get("memo_code") and _is_earmark(doc):
            return TxnType("EARMARK_RECEIPT.json", "EARMARK_RECEIPT", line)
        return TxnType("INDIVIDUAL_RECEIPT.json", "INDIVIDUAL_RECEIPT", line)
    if line == "SA11C":
        if memo_child:
            return TxnType("PAC_EARMARK_MEMO.json", "PAC_EARMARK_MEMO", line)
        if _is_earmark(doc):
            return TxnType("PAC_EARMARK_RECEIPT.json", "PAC_EARMARK_RECEIPT", line)
        return TxnType("PAC_RECEIPT.json", "PAC_RECEIPT", line)
    if line == "SA13":
        individual = doc.get("entity_type") in ("IND", "CAN")
        identifier = "LOAN_RECEIVED_FROM_INDIVIDUAL_RECEIPT" if individual else "LOAN_RECEIVED_FROM_BANK_RECEIPT"
        return TxnType("LOANS_RECEIVED.json", identifier, line)
    if line == "SB23":
        if doc.get("beneficiary_candidate_fec_id"):
            return TxnType("CANDIDATE_CONTRIBUTIONS.json", "CONTRIBUTION_TO_CANDIDATE", line)
        return TxnType("OTHER_COMMITTEE_CONTRIBUTIONS.json", "CONTRIBUTION_TO_OTHER_COMMITTEE", line)
    if line in ("SB28A", "SB28B", "SB28C") and _negative(doc, "expenditure_amount"):
        schema, identifier = _SIMPLE[line]
        return TxnType(schema, f"{identifier}_VOID", line)  # a voided refund check: the refund's line, negative
    schema, identifier = _SIMPLE[line]
    return TxnType(schema, identifier, line)


LOAN_RECEIPT_LINES: dict[str, str] = {"13A": "13", "13B": "13", "13": "13", "19A": "13", "19B": "13"}
"""Schedule C receipt line (Form 3 / 3X / 3P) -> its Form 3X equivalent."""


def select_loan(doc: Mapping[str, object]) -> TxnType | None:
    """The per-type schema for a Schedule C loan record (its generic JSON ``doc``), or ``None``.

    FECfile+ models a loan received as ``LOAN_RECEIVED_FROM_INDIVIDUAL`` (lender IND; we show the candidate,
    CAN, as IND too) or ``LOAN_RECEIVED_FROM_BANK`` (lender ORG), both ``SC/10`` on receipt line 13 of Form 3X.
    A loan from a committee has no FECfile+ type: generic ``SchC.json`` column rules only."""
    if str(doc.get("receipt_line_number") or "").upper() not in LOAN_RECEIPT_LINES:
        return None
    entity = doc.get("entity_type")
    if entity in ("IND", "CAN"):
        return TxnType("LOANS.json", "LOAN_RECEIVED_FROM_INDIVIDUAL", "SC/10")
    if entity == "ORG":
        return TxnType("LOANS.json", "LOAN_RECEIVED_FROM_BANK", "SC/10")
    return None


DEBT_LINES: dict[str, tuple[str, str]] = {
    "SD9": ("SD9", "DEBT_OWED_TO_COMMITTEE"),
    "SD10": ("SD10", "DEBT_OWED_BY_COMMITTEE"),
    "SD11": ("SD9", "DEBT_OWED_TO_COMMITTEE"),
    "SD12": ("SD10", "DEBT_OWED_BY_COMMITTEE"),
}
"""Schedule D form type (Forms 3/3X: SD9 owed to, SD10 owed by the committee; Form 3P: SD11, SD12) -> its Form 3X
equivalent and FECfile+'s transaction type."""


def select_debt(doc: Mapping[str, object]) -> TxnType | None:
    """The per-type schema (``DEBTS.json``) of a Schedule D record, or ``None`` for an unknown line or for an entity
    FECfile+ does not model as a creditor (generic ``SchD.json`` column rules only)."""
    line = DEBT_LINES.get(str(doc.get("form_type") or "").upper())
    if line is None or doc.get("entity_type") not in ("IND", "ORG", "COM"):
        return None
    return TxnType("DEBTS.json", line[1], line[0])
