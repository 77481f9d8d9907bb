"""Which schedule line (and summary line) each kind of transaction lands on, per form.

Form 3 (House/Senate), Form 3X (PAC/party) and Form 3P (presidential) number their lines differently
(shared/fec/NOTES.md sections 3, 4 and 13.2); everything else in the report builder is form-neutral and
looks the lines up here."""

from __future__ import annotations

from dataclasses import dataclass

# Receipt types (donations.Contribution.ReceiptType values), refund classes and disbursement kinds
# (compliance.Disbursement.Kind values) as plain strings: this module is pure.
INDIVIDUAL = "individual"
RECEIPT_TYPES = (
    "individual",
    "party",
    "pac",
    "candidate",
    "transfer",
    "loan_candidate",
    "loan_other",
    "offset",
    "other",
)
DISBURSEMENT_KINDS = (
    "operating",
    "transfer",
    "loan_repayment_candidate",
    "loan_repayment_other",
    "contribution",
    "other",
)
LOAN_RECEIPT_TYPES = ("loan_candidate", "loan_other")
"""Receipts that are loans to the committee (each gets a Schedule C record while it is owed)."""
LOAN_REPAYMENT_KINDS = ("loan_repayment_candidate", "loan_repayment_other")
"""Disbursements that repay a loan (they back-reference its Schedule C record)."""
# A contribution refund is classed by what was refunded: individuals (and the candidate), party
# committees, other committees; refunds of non-contribution receipts are other disbursements.
REFUND_CLASSES = ("refund_individual", "refund_party", "refund_pac", "refund_other")
REFUND_CLASS_OF_RECEIPT = {
    "individual": "refund_individual",
    "candidate": "refund_individual",
    "party": "refund_party",
    "pac": "refund_pac",
}


def refund_class(receipt_type: str) -> str:
    return REFUND_CLASS_OF_RECEIPT.get(receipt_type, "refund_other")


@dataclass(frozen=True)
class FormLines:
    """One form's line numbers.

    ``receipts``: receipt type -> (SA form type, summary line); individuals' summary line is the itemized
    line, the unitemized remainder goes on ``unitemized_line``. ``disbursements``: disbursement kind or
    refund class -> (SB form type, summary line)."""

    form: str
    receipts: dict[str, tuple[str, str]]
    unitemized_line: str
    disbursements: dict[str, tuple[str, str]]
    column_b_is_calendar_year: bool
    undesignated: frozenset[str] = frozenset()
    """Schedule lines that carry no election designation on this form (e.g. Form 3X transfers, SA12)."""
    schedule_c: str = "SC/10"
    """Schedule C form type of loans owed by the committee (``SC/12`` on Form 3P)."""
    debts_by_line: str = "10"
    """Summary line of debts owed by the committee (Schedules C and D): line 10 (F3, F3X), 12 (F3P)."""
    debts_to_line: str = "9"
    """Summary line of debts owed to the committee (Schedule D): line 9 (F3, F3X), 11 (F3P)."""
    schedule_d_by: str = "SD10"
    """Schedule D form type of debts owed by the committee (``SD12`` on Form 3P)."""
    schedule_d_to: str = "SD9"
    """Schedule D form type of debts owed to the committee (``SD11`` on Form 3P)."""

    def loan_receipt_line(self, receipt_type: str) -> str:
        """Schedule C receipt line number of a loan (``13A``, ``13``, ``19B`` ...): its SA line without ``SA``."""
        return self.receipts[receipt_type][0].removeprefix("SA")

    def sa_order(self) -> list[str]:
        """SA form types in the order their records are written (line order)."""
        return _unique(form_type for form_type, _ in self.receipts.values())

    def sb_order(self) -> list[str]:
        return _unique(form_type for form_type, _ in self.disbursements.values())


def _unique(values) -> list[str]:  # type: ignore[no-untyped-def]
    out: list[str] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


F3 = FormLines(
    form="F3",
    receipts={
        "individual": ("SA11AI", "11ai"),
        "party": ("SA11B", "11b"),
        "pac": ("SA11C", "11c"),
        "candidate": ("SA11D", "11d"),
        "transfer": ("SA12", "12"),
        "loan_candidate": ("SA13A", "13a"),
        "loan_other": ("SA13B", "13b"),
        "offset": ("SA14", "14"),
        "other": ("SA15", "15"),
    },
    unitemized_line="11aii",
    disbursements={
        "operating": ("SB17", "17"),
        "transfer": ("SB18", "18"),
        "loan_repayment_candidate": ("SB19A", "19a"),
        "loan_repayment_other": ("SB19B", "19b"),
        "refund_individual": ("SB20A", "20a"),
        "refund_party": ("SB20B", "20b"),
        "refund_pac": ("SB20C", "20c"),
        "contribution": ("SB21", "21"),
        "refund_other": ("SB21", "21"),
        "other": ("SB21", "21"),
    },
    column_b_is_calendar_year=False,
)

F3X = FormLines(
    form="F3X",
    receipts={
        "individual": ("SA11AI", "11ai"),
        "candidate": ("SA11AI", "11ai"),
        "party": ("SA11B", "11b"),
        "pac": ("SA11C", "11c"),
        "transfer": ("SA12", "12"),
        "loan_candidate": ("SA13", "13"),
        "loan_other": ("SA13", "13"),
        "offset": ("SA15", "15"),
        "other": ("SA17", "17"),
    },
    unitemized_line="11aii",
    disbursements={
        "operating": ("SB21B", "21b"),
        "transfer": ("SB22", "22"),
        "contribution": ("SB23", "23"),
        "loan_repayment_candidate": ("SB26", "26"),
        "loan_repayment_other": ("SB26", "26"),
        "refund_individual": ("SB28A", "28a"),
        "refund_party": ("SB28B", "28b"),
        "refund_pac": ("SB28C", "28c"),
        "refund_other": ("SB29", "29"),
        "other": ("SB29", "29"),
    },
    column_b_is_calendar_year=True,
    undesignated=frozenset({"SA12"}),
)

F3P = FormLines(
    form="F3P",
    receipts={
        "individual": ("SA17A", "17ai"),
        "party": ("SA17B", "17b"),
        "pac": ("SA17C", "17c"),
        "candidate": ("SA17D", "17d"),
        "transfer": ("SA18", "18"),
        "loan_candidate": ("SA19A", "19a"),
        "loan_other": ("SA19B", "19b"),
        "offset": ("SA20A", "20a"),
        "other": ("SA21", "21"),
    },
    unitemized_line="17aii",
    disbursements={
        "operating": ("SB23", "23"),
        "transfer": ("SB24", "24"),
        "loan_repayment_candidate": ("SB27A", "27a"),
        "loan_repayment_other": ("SB27B", "27b"),
        "refund_individual": ("SB28A", "28a"),
        "refund_party": ("SB28B", "28b"),
        "refund_pac": ("SB28C", "28c"),
        "contribution": ("SB29", "29"),
        "refund_other": ("SB29", "29"),
        "other": ("SB29", "29"),
    },
    column_b_is_calendar_year=False,
    schedule_c="SC/12",
    debts_by_line="12",
    debts_to_line="11",
    schedule_d_by="SD12",
    schedule_d_to="SD11",
)

FORMS: dict[str, FormLines] = {"F3": F3, "F3X": F3X, "F3P": F3P}


def lines_for(form: str) -> FormLines:
    return FORMS[form]
