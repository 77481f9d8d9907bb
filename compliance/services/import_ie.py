"""The CSV import's ``independent_expenditure`` rows (README "CSV import"): a PAC's or party's Schedule E entries.

Columns: ``date`` is the dissemination date, ``election`` the election code (any race's, not only the committee's
elections), the payee in the usual identity and address columns (entity IND, ORG, COM or CAN), ``purpose`` what
was bought; and ``support_oppose`` (S or O), ``candidate_fec_id``, ``candidate_first_name``,
``candidate_last_name``, ``candidate_office``, ``candidate_state``, ``candidate_district``, ``election_date``,
optionally ``expenditure_date`` (paid on) and ``memo`` (Y: a memo entry). Checked by the same rule as the API
(:func:`compliance.services.independent.ie_problems`); every problem is reported with its line and field."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from committees.models import Committee
from compliance.services.independent import IndependentExpenditureInput, ie_problems

IE_KIND = "independent_expenditure"
IE_COLUMNS = ("support_oppose", "election_date", "expenditure_date", "memo")
"""Optional CSV columns only this kind reads (the candidate columns are shared with contributions)."""


def parse_ie_row(committee: Committee, line: int, v: Mapping[str, str]):  # noqa: ANN201 (an ImportRow)
    """One ``independent_expenditure`` row (``v``: the stripped cells); raises RowProblems with every bad field."""
    from compliance.services.imports import _LENGTHS, _ZIP, ImportRow, RowProblems, _amount, _date

    problems: list[tuple[str, str]] = []

    def bad(name: str, message: str) -> None:
        problems.append((name, message))

    source_id = v.get("transaction_id", "")
    if not source_id:
        bad("transaction_id", "is required (the source's id for this transaction)")
    day = _date(v.get("date", ""), "date", bad, required=True)
    amount = _amount(v.get("amount", ""), bad)
    election_date = _date(v.get("election_date", ""), "election_date", bad, required=True)
    paid = _date(v.get("expenditure_date", ""), "expenditure_date", bad, required=False)
    for name, size in _LENGTHS.items():
        if len(v.get(name, "")) > size:
            bad(name, f"is longer than {size} characters")
    for name in ("street_1", "city"):
        if not v.get(name):
            bad(name, "is required")
    if not _ZIP.match(v.get("zip", "")):
        bad("zip", f"{v.get('zip', '')!r} is not a 5-digit ZIP or ZIP+4")
    memo = v.get("memo", "").upper()
    if memo not in ("", "Y", "N", "X"):
        bad("memo", "is Y (a memo entry) or blank")
    if v.get("conduit_name") or v.get("conduit_fec_id"):
        bad("conduit_name", "an independent expenditure has no conduit")
    if problems or day is None or election_date is None or amount is None:
        raise RowProblems(problems)
    code = v.get("entity_type", "").upper()
    person = code in ("IND", "CAN")
    data = IndependentExpenditureInput(
        entity_type=code,
        organization_name="" if person else v.get("organization_name", ""),
        last_name=v.get("last_name", "") if person else "",
        first_name=v.get("first_name", "") if person else "",
        middle_name=v.get("middle_name", "") if person else "",
        prefix=v.get("prefix", "") if person else "",
        suffix=v.get("suffix", "") if person else "",
        payee_committee_fec_id=v.get("fec_id", "").upper() if code == "COM" else "",
        street_1=v["street_1"],
        street_2=v.get("street_2", ""),
        city=v["city"],
        state=v.get("state", "").upper(),
        zip_code=v["zip"],
        purpose=v.get("purpose", ""),
        category_code=v.get("category", "").zfill(3) if v.get("category") else "",
        dissemination_date=day,
        expenditure_date=paid,
        amount=amount,
        support_oppose=v.get("support_oppose", "").upper(),
        candidate_fec_id=v.get("candidate_fec_id", "").upper(),
        candidate_last_name=v.get("candidate_last_name", ""),
        candidate_first_name=v.get("candidate_first_name", ""),
        candidate_office=v.get("candidate_office", "").upper(),
        candidate_state=v.get("candidate_state", "").upper(),
        candidate_district=v.get("candidate_district", ""),
        election_code=v.get("election", "").upper(),
        election_date=election_date,
        memo_text=v.get("memo_text", ""),
        is_memo=memo in ("Y", "X"),
    )
    problems = ie_problems(committee, data)
    if problems:
        raise RowProblems(problems)
    return ImportRow(
        line=line,
        kind=IE_KIND,
        source_id=source_id,
        date=day,
        amount=amount or Decimal("0"),
        identity=None,  # type: ignore[arg-type]  # the payee is in ``ie``
        entity_code=code,
        ie=data,
    )
