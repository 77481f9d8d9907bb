"""Form 3 (House and Senate campaigns): summary lines and Schedule A records from the books."""

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from compliance.fec.records import F3Cover, ScheduleA
from compliance.models import Committee, Report
from compliance.reports.receipts import ZERO, Window_, itemized_receipts, receipt_totals, receipts_sum_between
from donations.models import Contribution, EntityType

RT = Contribution.ReceiptType
SA_FORM_TYPE = {
    RT.INDIVIDUAL: "SA11AI",
    RT.PARTY: "SA11B",
    RT.PAC: "SA11C",
    RT.CANDIDATE: "SA11D",
    RT.TRANSFER: "SA12",
    RT.LOAN_CANDIDATE: "SA13A",
    RT.LOAN_OTHER: "SA13B",
    RT.OFFSET: "SA14",
    RT.OTHER: "SA15",
}
_LINE = {
    RT.PARTY: "11b",
    RT.PAC: "11c",
    RT.CANDIDATE: "11d",
    RT.TRANSFER: "12",
    RT.LOAN_CANDIDATE: "13a",
    RT.LOAN_OTHER: "13b",
    RT.OFFSET: "14",
    RT.OTHER: "15",
}


def summary_lines(totals: dict[str, Decimal]) -> dict[str, Decimal]:
    """Form 3 lines 6a–22 from receipt totals by type (disbursement lines stay 0.00 until modelled)."""
    get = lambda key: totals.get(key, ZERO)  # noqa: E731
    lines = {line: get(kind) for kind, line in _LINE.items()}
    lines["11ai"] = get(f"{RT.INDIVIDUAL}:itemized")
    lines["11aii"] = get(RT.INDIVIDUAL) - lines["11ai"]
    lines["11aiii"] = lines["11ai"] + lines["11aii"]
    lines["11e"] = lines["11aiii"] + lines["11b"] + lines["11c"] + lines["11d"]
    lines["13c"] = lines["13a"] + lines["13b"]
    lines["16"] = lines["11e"] + lines["12"] + lines["13c"] + lines["14"] + lines["15"]
    for line in ("17", "18", "19a", "19b", "20a", "20b", "20c", "21"):
        lines[line] = ZERO
    lines["19c"] = lines["19a"] + lines["19b"]
    lines["20d"] = lines["20a"] + lines["20b"] + lines["20c"]
    lines["22"] = lines["17"] + lines["18"] + lines["19c"] + lines["20d"] + lines["21"]
    lines["6a"] = lines["11e"]
    lines["6b"] = lines["20d"]
    lines["6c"] = lines["6a"] - lines["6b"]
    lines["7a"] = lines["17"]
    lines["7b"] = lines["14"]
    lines["7c"] = lines["7a"] - lines["7b"]
    return lines


def cash_on_hand_at_start(*, committee: Committee, start: date) -> Decimal:
    """Opening cash plus every receipt minus every disbursement from the opening date to the day before."""
    opening = committee.opening_cash_on_hand
    since = committee.opening_cash_as_of
    if since is not None and since >= start:
        return opening
    return opening + receipts_sum_between(committee=committee, start=since, end=start - timedelta(days=1))


def f3_summary(*, committee: Committee, window: Window_) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    col_a = summary_lines(receipt_totals(committee=committee, window=window, since=window.coverage_from))
    col_b = summary_lines(receipt_totals(committee=committee, window=window, since=window.aggregation_from))
    col_a["23"] = cash_on_hand_at_start(committee=committee, start=window.coverage_from)
    col_a["24"] = col_a["16"]
    col_a["25"] = col_a["23"] + col_a["24"]
    col_a["26"] = col_a["22"]
    col_a["27"] = col_a["25"] - col_a["26"]
    col_a["8"] = col_a["27"]
    col_a["9"] = ZERO
    col_a["10"] = ZERO
    col_b = {line: value for line, value in col_b.items() if line not in {"8", "9", "10"}}
    return col_a, col_b


def f3_cover(*, report: Report, col_a: dict, col_b: dict, date_signed: date) -> F3Cover:
    committee = report.committee
    election = report.election if report.report_code[:2] in {"12", "30"} else None
    return F3Cover(
        form_type=report.form_type,
        filer_committee_id_number=committee.fec_id,
        committee_name=committee.name,
        street_1=committee.street_1,
        street_2=committee.street_2,
        city=committee.city,
        state=committee.state,
        zip=committee.zip_code,
        election_state=committee.election_state,
        election_district=committee.election_district,
        report_code=report.report_code,
        election_code=election.code if election else "",
        date_of_election=election.date if election else None,
        state_of_election=(election.state or committee.election_state) if election else "",
        coverage_from_date=report.coverage_from,
        coverage_through_date=report.coverage_through,
        treasurer_last_name=committee.treasurer_last_name,
        treasurer_first_name=committee.treasurer_first_name,
        treasurer_middle_name=committee.treasurer_middle_name,
        treasurer_prefix=committee.treasurer_prefix,
        treasurer_suffix=committee.treasurer_suffix,
        date_signed=date_signed,
        col_a=col_a,
        col_b=col_b,
    )


def schedule_a(contribution: Contribution, *, filer: str) -> ScheduleA:
    donor = contribution.donor
    individual = donor.entity_type in (EntityType.INDIVIDUAL, EntityType.CANDIDATE)
    return ScheduleA(
        form_type=SA_FORM_TYPE[contribution.receipt_type],
        filer_committee_id_number=filer,
        transaction_id=contribution.transaction_id,
        entity_type=donor.entity_type,
        contributor_organization_name="" if individual else donor.organization_name,
        contributor_last_name=donor.last_name if individual else "",
        contributor_first_name=donor.first_name if individual else "",
        contributor_middle_name=donor.middle_name if individual else "",
        contributor_prefix=donor.prefix if individual else "",
        contributor_suffix=donor.suffix if individual else "",
        contributor_street_1=donor.street_1,
        contributor_street_2=donor.street_2,
        contributor_city=donor.city,
        contributor_state=donor.state,
        contributor_zip=donor.zip_code,
        election_code=contribution.election.code if contribution.election else "",
        contribution_date=contribution.date_received,
        contribution_amount=contribution.amount,
        contribution_aggregate=contribution.aggregate,
        contributor_employer=donor.employer if individual else "",
        contributor_occupation=donor.occupation if individual else "",
        donor_committee_fec_id=donor.committee_fec_id,
        donor_committee_name=donor.organization_name if donor.entity_type == EntityType.COMMITTEE else "",
        memo_code=contribution.is_memo,
        memo_text_description=contribution.memo_text,
    )


def f3_schedule_records(*, report: Report, window: Window_) -> Iterator[ScheduleA]:
    filer = report.committee.fec_id
    for contribution in itemized_receipts(committee=report.committee, window=window):
        yield schedule_a(contribution, filer=filer)
