"""The summary pages of Forms 3, 3X and 3P as the FEC prints them: sections, every line's number and
description, and which lines are totals. Used to lay out a report's printable summary (HTML and PDF) from the
line values the report builder stored (``Report.summary``: ``col_a``/``col_b`` keyed ``"11ai"`` …).

Descriptions follow the FEC's paper forms (Form 3 rev. 05/2016, Form 3X rev. 05/2016, Form 3P rev. 05/2016),
shortened where the form's own wording runs long."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from compliance.models import Report

# (section heading, [(line, description, is_total)])
Section = tuple[str, list[tuple[str, str, bool]]]

F3: list[Section] = [
    (
        "Summary page",
        [
            ("6a", "Total contributions (other than loans) (from line 11(e))", False),
            ("6b", "Total contribution refunds (from line 20(d))", False),
            ("6c", "Net contributions (other than loans) (6(a) minus 6(b))", True),
            ("7a", "Total operating expenditures (from line 17)", False),
            ("7b", "Total offsets to operating expenditures (from line 14)", False),
            ("7c", "Net operating expenditures (7(a) minus 7(b))", True),
            ("8", "Cash on hand at close of reporting period (from line 27)", True),
            ("9", "Debts and obligations owed TO the committee (Schedules C and D)", False),
            ("10", "Debts and obligations owed BY the committee (Schedules C and D)", False),
        ],
    ),
    (
        "Detailed summary page — I. Receipts",
        [
            ("11ai", "Contributions from individuals/persons other than political committees: itemized", False),
            ("11aii", "Contributions from individuals/persons other than political committees: unitemized", False),
            ("11aiii", "Total contributions from individuals (11(a)(i) + 11(a)(ii))", True),
            ("11b", "Contributions from political party committees", False),
            ("11c", "Contributions from other political committees (such as PACs)", False),
            ("11d", "Contributions from the candidate", False),
            ("11e", "Total contributions (11(a)(iii), (b), (c) and (d))", True),
            ("12", "Transfers from other authorized committees", False),
            ("13a", "Loans made or guaranteed by the candidate", False),
            ("13b", "All other loans", False),
            ("13c", "Total loans (13(a) + 13(b))", True),
            ("14", "Offsets to operating expenditures (refunds, rebates, etc.)", False),
            ("15", "Other receipts (dividends, interest, etc.)", False),
            ("16", "Total receipts (11(e), 12, 13(c), 14 and 15)", True),
        ],
    ),
    (
        "Detailed summary page — II. Disbursements",
        [
            ("17", "Operating expenditures", False),
            ("18", "Transfers to other authorized committees", False),
            ("19a", "Repayments of loans made or guaranteed by the candidate", False),
            ("19b", "Repayments of all other loans", False),
            ("19c", "Total loan repayments (19(a) + 19(b))", True),
            ("20a", "Refunds of contributions to individuals/persons other than political committees", False),
            ("20b", "Refunds of contributions to political party committees", False),
            ("20c", "Refunds of contributions to other political committees (such as PACs)", False),
            ("20d", "Total contribution refunds (20(a), (b) and (c))", True),
            ("21", "Other disbursements", False),
            ("22", "Total disbursements (17, 18, 19(c), 20(d) and 21)", True),
        ],
    ),
    (
        "Detailed summary page — III. Cash summary",
        [
            ("23", "Cash on hand at beginning of reporting period", False),
            ("24", "Total receipts this period (from line 16)", False),
            ("25", "Subtotal (23 + 24)", True),
            ("26", "Total disbursements this period (from line 22)", False),
            ("27", "Cash on hand at close of the reporting period (25 minus 26)", True),
        ],
    ),
]

F3X: list[Section] = [
    (
        "Summary page",
        [
            ("6b", "Cash on hand at beginning of reporting period", False),
            ("6c", "Total receipts (from line 19)", False),
            ("6d", "Subtotal (6(b) + 6(c); column B: 6(a) + 6(c))", True),
            ("7", "Total disbursements (from line 31)", False),
            ("8", "Cash on hand at close of reporting period (6(d) minus 7)", True),
            ("9", "Debts and obligations owed TO the committee (Schedules C and D)", False),
            ("10", "Debts and obligations owed BY the committee (Schedules C and D)", False),
        ],
    ),
    (
        "Detailed summary page — Receipts",
        [
            ("11ai", "Contributions from individuals/persons other than political committees: itemized", False),
            ("11aii", "Contributions from individuals/persons other than political committees: unitemized", False),
            ("11aiii", "Total contributions from individuals (11(a)(i) + 11(a)(ii))", True),
            ("11b", "Contributions from political party committees", False),
            ("11c", "Contributions from other political committees (such as PACs)", False),
            ("11d", "Total contributions (11(a)(iii), (b) and (c))", True),
            ("12", "Transfers from affiliated/other party committees", False),
            ("13", "All loans received", False),
            ("14", "Loan repayments received", False),
            ("15", "Offsets to operating expenditures (refunds, rebates, etc.)", False),
            ("16", "Refunds of contributions made to federal candidates and other political committees", False),
            ("17", "Other federal receipts (dividends, interest, etc.)", False),
            ("18a", "Transfers from non-federal account (Schedule H3)", False),
            ("18b", "Transfers from Levin funds (Schedule H5)", False),
            ("18c", "Total non-federal transfers (18(a) + 18(b))", True),
            ("19", "Total receipts (11(d), 12, 13, 14, 15, 16, 17 and 18(c))", True),
            ("20", "Total federal receipts (19 minus 18(c))", True),
        ],
    ),
    (
        "Detailed summary page — Disbursements",
        [
            ("21ai", "Operating expenditures, allocated federal/non-federal activity: federal share", False),
            ("21aii", "Operating expenditures, allocated federal/non-federal activity: non-federal share", False),
            ("21b", "Other federal operating expenditures", False),
            ("21c", "Total operating expenditures (21(a)(i), (a)(ii) and (b))", True),
            ("22", "Transfers to affiliated/other party committees", False),
            ("23", "Contributions to federal candidates/committees and other political committees", False),
            ("24", "Independent expenditures (Schedule E)", False),
            ("25", "Coordinated party expenditures (Schedule F)", False),
            ("26", "Loan repayments made", False),
            ("27", "Loans made", False),
            ("28a", "Refunds of contributions to individuals/persons other than political committees", False),
            ("28b", "Refunds of contributions to political party committees", False),
            ("28c", "Refunds of contributions to other political committees", False),
            ("28d", "Total contribution refunds (28(a), (b) and (c))", True),
            ("29", "Other disbursements", False),
            ("30ai", "Federal election activity, allocated (Schedule H6): federal share", False),
            ("30aii", "Federal election activity, allocated (Schedule H6): Levin share", False),
            ("30b", "Federal election activity paid entirely with federal funds", False),
            ("30c", "Total federal election activity (30(a)(i), (a)(ii) and (b))", True),
            ("31", "Total disbursements (21(c) through 27, 28(d), 29 and 30(c))", True),
            ("32", "Total federal disbursements (31 minus 21(a)(ii) and 30(a)(ii))", True),
        ],
    ),
    (
        "Detailed summary page — Net contributions and operating expenditures",
        [
            ("33", "Total contributions (other than loans) (from line 11(d))", False),
            ("34", "Total contribution refunds (from line 28(d))", False),
            ("35", "Net contributions (other than loans) (33 minus 34)", True),
            ("36", "Total federal operating expenditures (21(a)(i) + 21(b))", False),
            ("37", "Offsets to operating expenditures (from line 15)", False),
            ("38", "Net operating expenditures (36 minus 37)", True),
        ],
    ),
]

F3P: list[Section] = [
    (
        "Summary page",
        [
            ("6", "Cash on hand at beginning of reporting period", False),
            ("7", "Total receipts (from line 22)", False),
            ("8", "Subtotal (6 + 7)", True),
            ("9", "Total disbursements (from line 30)", False),
            ("10", "Cash on hand at close of reporting period (8 minus 9)", True),
            ("11", "Debts and obligations owed TO the committee", False),
            ("12", "Debts and obligations owed BY the committee", False),
            ("13", "Expenditures subject to limitation", False),
            ("14", "Net contributions (other than loans)", True),
            ("15", "Net operating expenditures", True),
        ],
    ),
    (
        "Detailed summary page — I. Receipts",
        [
            ("16", "Federal funds", False),
            ("17ai", "Contributions from individuals/persons other than political committees: itemized", False),
            ("17aii", "Contributions from individuals/persons other than political committees: unitemized", False),
            ("17aiii", "Total contributions from individuals (17(a)(i) + 17(a)(ii))", True),
            ("17b", "Contributions from political party committees", False),
            ("17c", "Contributions from other political committees (such as PACs)", False),
            ("17d", "Contributions from the candidate", False),
            ("17e", "Total contributions (17(a)(iii), (b), (c) and (d))", True),
            ("18", "Transfers from affiliated/other party committees", False),
            ("19a", "Loans received from or guaranteed by the candidate", False),
            ("19b", "Other loans", False),
            ("19c", "Total loans (19(a) + 19(b))", True),
            ("20a", "Offsets to expenditures: operating", False),
            ("20b", "Offsets to expenditures: fundraising", False),
            ("20c", "Offsets to expenditures: legal and accounting", False),
            ("20d", "Total offsets to expenditures (20(a), (b) and (c))", True),
            ("21", "Other receipts", False),
            ("22", "Total receipts (16 through 21)", True),
        ],
    ),
    (
        "Detailed summary page — II. Disbursements",
        [
            ("23", "Operating expenditures", False),
            ("24", "Transfers to other authorized committees", False),
            ("25", "Fundraising disbursements", False),
            ("26", "Exempt legal and accounting disbursements", False),
            ("27a", "Repayments of loans made or guaranteed by the candidate", False),
            ("27b", "Other loan repayments", False),
            ("27c", "Total loan repayments made (27(a) + 27(b))", True),
            ("28a", "Refunds of contributions to individuals/persons other than political committees", False),
            ("28b", "Refunds of contributions to political party committees", False),
            ("28c", "Refunds of contributions to other political committees", False),
            ("28d", "Total contribution refunds (28(a), (b) and (c))", True),
            ("29", "Other disbursements", False),
            ("30", "Total disbursements (23 through 29)", True),
            ("31", "Items on hand to be liquidated", False),
        ],
    ),
]

FORMS: dict[str, list[Section]] = {"F3": F3, "F3X": F3X, "F3P": F3P}
COLUMN_B = {"F3": "Election cycle to date", "F3X": "Calendar year to date", "F3P": "Election cycle to date"}
_LABEL = re.compile(r"^(\d+)([a-z]?)(i{1,3}|iv|v)?$")


def line_label(line: str) -> str:
    """The form's own numbering: ``"11aii"`` -> ``"11(a)(ii)"``, ``"6c"`` -> ``"6(c)"``, ``"17"`` -> ``"17"``."""
    match = _LABEL.match(line)
    if match is None:
        return line
    number, letter, roman = match.groups()
    return number + (f"({letter})" if letter else "") + (f"({roman})" if roman else "")


@dataclass(frozen=True)
class SummaryRow:
    line: str
    label: str
    description: str
    col_a: str | None
    col_b: str | None
    total: bool


def summary_sections(form: str, summary: dict) -> list[tuple[str, list[SummaryRow]]]:
    """The report's stored summary laid out as the form prints it: every line, its description and both columns
    (None where the form has no box for that column)."""
    col_a, col_b = summary.get("col_a", {}), summary.get("col_b", {})
    sections = []
    for heading, lines in FORMS[form]:
        rows = [
            SummaryRow(line, line_label(line), text, col_a.get(line), col_b.get(line), total)
            for line, text, total in lines
        ]
        if form == "F3X" and heading == "Summary page" and "cash_on_hand_jan_1" in summary:
            year = summary.get("cash_on_hand_year", "")
            rows.insert(
                0,
                SummaryRow("6a", "6(a)", f"Cash on hand January 1, {year}", None, summary["cash_on_hand_jan_1"], False),
            )
        sections.append((heading, rows))
    return sections


def signature_line(report: Report, cover_date: dt.date | None = None) -> str:
    """What the summary says about signing: a report is signed only when the treasurer files it. Before that it
    names the treasurer and the date the cover carries (``cover_date`` when the builder chose one)."""
    committee = report.committee
    treasurer = f"{committee.treasurer_first_name} {committee.treasurer_last_name}".strip()
    if report.signed_by and report.filed_at:
        return (
            f"Signed by {report.signed_by} on {report.date_signed:%Y-%m-%d}; filed with the FEC as "
            f"FEC-{report.fec_filing_id} on {report.filed_at:%Y-%m-%d}."
        )
    date = cover_date or report.date_signed
    cover = f" The cover carries treasurer {treasurer} and the date {date:%Y-%m-%d}." if date else ""
    return "Not signed: this report has not been filed." + cover
