"""Build a report's files: summary first (SQL aggregates), then HDR, cover, Schedule A, Schedule B and TEXT
records streamed through the FEC schema validator into temporary files. Published to ``default_storage`` only
when complete and valid; otherwise the report is marked failed with every problem in plain words.

Self-check: while streaming, the non-memo schedule amounts are summed per summary line and compared with
the summary computed in SQL. A difference fails the report (it would mean a bug, never a filing)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO

from django.core.files import File
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from compliance.books.warnings import reconciliation_warnings
from compliance.fec.records import Record, ScheduleA, ScheduleB, ScheduleE
from compliance.fec.validation import RecordValidator
from compliance.fec.writer import write_fec_lines
from compliance.models import Report, TransactionText
from compliance.reports import queries
from compliance.reports.claims import LostClaim, report_claimed, report_heartbeat
from compliance.reports.covers import cover_for, header_for, report_window
from compliance.reports.debts import debt_rows, schedule_d_records
from compliance.reports.in_kind import in_kind_references
from compliance.reports.kept import kept_window
from compliance.reports.lines import FormLines, lines_for
from compliance.reports.loan_extras import LoanExtras
from compliance.reports.post_election import page_rows, report_extras
from compliance.reports.schedule_e import FORM_TYPE as SE_FORM_TYPE
from compliance.reports.schedule_e import LINE as SE_LINE
from compliance.reports.schedule_e import period_expenditures, schedule_e_records
from compliance.reports.schedules import (
    Converters,
    TextParents,
    schedule_a_records,
    schedule_b_records,
    schedule_c_records,
    text_records,
)
from compliance.reports.summary import Summary, build_summary
from compliance.summary_lines import COLUMN_B, signature_line, summary_sections
from fundraising.spreadsheet import spreadsheet_writer

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 5000
MAX_ERRORS = 1000
ZERO = Decimal("0.00")

CSV_COLUMNS = [
    "form_type",
    "transaction_id",
    "back_reference_tran_id",
    "entity_type",
    "organization_name",
    "last_name",
    "first_name",
    "street_1",
    "city",
    "state",
    "zip",
    "election",
    "date",
    "amount",
    "aggregate",
    "purpose",
    "employer",
    "occupation",
    "committee_fec_id",
    "memo",
]


class BuildResult:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.error_count = 0
        self.line_items = 0
        self.sums: dict[str, Decimal] = {}


def build_report_files(report: Report, *, attempt: int) -> None:
    """Build and publish (or fail) ``report`` as build ``attempt`` (compliance.reports.claims); updates
    its row. Raises LostClaim, publishing nothing, when the report was handed to another build meanwhile."""
    with queries.tuned_session():  # work_mem for the window sorts, no JIT (PostgreSQL; restored after)
        _build_report_files(report, attempt=attempt)


def _build_report_files(report: Report, *, attempt: int) -> None:
    committee = report.committee
    lines = lines_for(report.form)
    window = kept_window(report, report_window(report))
    summary = build_summary(committee=committee, form=report.form, lines=lines, window=window)
    extras = report_extras(report=report, lines=lines, window=window, summary=summary)  # F3S/F3PS, F3P states, F3P31
    summary = extras.summary
    date_signed = report.date_signed or timezone.localdate(timezone=committee.tzinfo)
    header = header_for(report)
    cover = extras.cover(cover_for(report, summary, date_signed))
    estimate = max(1, queries.period_row_estimate(window=window))
    texts = list(
        TransactionText.objects.filter(committee=committee).values_list(
            "transaction_id", "parent_transaction_id", "text"
        )
    )
    tracked = TextParents(parent for _, parent, _ in texts)
    conv = Converters()
    result = BuildResult()
    validator = RecordValidator(report.form)

    with tempfile.TemporaryFile() as fec_tmp, tempfile.TemporaryFile() as csv_tmp:
        csv_text = io.TextIOWrapper(csv_tmp, encoding="utf-8", newline="")
        csv_out = spreadsheet_writer(csv_text)  # line_items.csv is for spreadsheets; the .fec is not
        csv_out.writerow(CSV_COLUMNS)

        def schedules() -> Iterator[Record]:
            back_refs = queries.refund_back_references(window=window, lines=lines)
            yield from schedule_a_records(
                queries.itemized_receipt_rows(window=window, lines=lines),
                filer=committee.fec_id,
                lines=lines,
                conv=conv,
                tracked=tracked,
            )
            yield from schedule_b_records(
                queries.disbursement_rows(window=window, lines=lines),
                filer=committee.fec_id,
                lines=lines,
                conv=conv,
                back_refs=back_refs,
                tracked=tracked,
                loan_refs=queries.loan_repayment_references(window=window),
                in_kind_refs=in_kind_references(window=window, lines=lines),
            )
            loans = queries.loan_rows(window=window)
            extras = LoanExtras(loans, window=window, committee=committee)
            for loan in schedule_c_records(loans, filer=committee.fec_id, lines=lines, conv=conv):
                yield loan
                yield from extras.after(loan)
            yield from schedule_d_records(
                debt_rows(window=window), filer=committee.fec_id, lines=lines, window=window, conv=conv
            )
            if report.form == Report.Form.F3X:  # Schedule E, line 24
                period = period_expenditures(committee, window.coverage_from, window.coverage_through)
                yield from schedule_e_records(period, committee=committee, date_signed=date_signed)
            yield from text_records(texts, filer=committee.fec_id, tracked=tracked)

        def progress(done: int) -> None:
            report_heartbeat(report_pk=report.pk, attempt=attempt, progress=min(99, 100 * done // estimate))

        records = _checked([header, cover, *extras.pages], schedules(), validator, csv_out, result, progress)
        write = write_fec_lines(records, fec_tmp)
        result.errors.extend(_self_check(lines, summary, result.sums, report.form))
        if result.errors:
            _fail(report, result, attempt)
            return
        report_heartbeat(report_pk=report.pk, attempt=attempt)  # still ours? then publish
        base = f"reports/{committee.fec_id}/{report.pk}"
        fec_tmp.seek(0)
        fec_name = default_storage.save(f"{base}/{report.form_type}_{report.report_code}.fec", File(fec_tmp))
        csv_text.flush()
        csv_sha = _sha256(csv_tmp)
        csv_name = default_storage.save(f"{base}/line_items.csv", File(csv_tmp))
        csv_text.detach()
    summary_bytes = render_summary(report, summary, result.line_items, date_signed)
    summary_name = default_storage.save(f"{base}/summary.html", File(io.BytesIO(summary_bytes)))
    published = Report.objects.filter(report_claimed(report_pk=report.pk, attempt=attempt)).update(
        status=Report.Status.DONE,
        progress=100,
        fec_file=fec_name,
        fec_sha256=write.sha256,
        csv_file=csv_name,
        csv_sha256=csv_sha,
        summary_file=summary_name,
        summary_sha256=hashlib.sha256(summary_bytes).hexdigest(),
        summary={
            **summary.as_json(),
            "line_items": result.line_items,
            "records": write.record_count,
            "warnings": reconciliation_warnings(committee=report.committee, through=report.coverage_through),
        },
        errors=[],
        date_signed=date_signed,
        finished_at=timezone.now(),
    )
    if not published:  # lost the claim while saving: these files are nobody's
        for name in (fec_name, csv_name, summary_name):
            default_storage.delete(name)
        raise LostClaim(report.pk)
    logger.info("report built report=%s records=%s sha256=%s", report.pk, write.record_count, write.sha256)


def _checked(
    head: list[Record],
    schedules: Iterable[Record],
    validator: RecordValidator,
    csv_out,  # noqa: ANN001 (a csv writer)
    result: BuildResult,
    progress,  # noqa: ANN001
) -> Iterator[str]:
    """Format and validate every record once (invalid ones are reported, not written), write CSV rows, sum
    lines, report progress. Yields the formatted .fec lines of the valid records."""
    errors, sums = result.errors, result.sums
    check = validator.checked_line
    for record in head:
        line, problems = check(record)
        if problems:
            result.error_count += len(problems)
            errors.extend(problems[: MAX_ERRORS - len(errors)])
            continue
        yield line  # type: ignore[misc]
    count = 0
    writerow = csv_out.writerow
    for record in schedules:
        line, problems = check(record)
        if problems:
            result.error_count += len(problems)
            if len(errors) < MAX_ERRORS:
                errors.extend(problems[: MAX_ERRORS - len(errors)])
            continue
        kind = type(record)
        if kind is ScheduleA:
            writerow(_csv_a(record))
            if not record.memo_code:
                sums[record.form_type] = sums.get(record.form_type, ZERO) + record.contribution_amount
        elif kind is ScheduleB:
            writerow(_csv_b(record))
            if not record.memo_code:
                sums[record.form_type] = sums.get(record.form_type, ZERO) + record.expenditure_amount
        elif kind is ScheduleE:
            writerow(_csv_e(record))
            if not record.memo_code:
                sums[SE_FORM_TYPE] = sums.get(SE_FORM_TYPE, ZERO) + record.expenditure_amount
        count += 1
        if count % PROGRESS_EVERY == 0:
            progress(count)
        yield line  # type: ignore[misc]
    result.line_items = count


def _self_check(lines: FormLines, summary: Summary, sums: dict[str, Decimal], form: str) -> list[str]:
    """The summary's schedule lines must equal the sums of their itemized rows (11(a)(ii) is the rest)."""
    expected: dict[str, Decimal] = {}
    for form_type, line in [*lines.receipts.values(), *lines.disbursements.values()]:
        expected[line] = expected.get(line, ZERO) + sums.pop(form_type, ZERO)
    if form == Report.Form.F3X:
        expected[SE_LINE] = expected.get(SE_LINE, ZERO) + sums.pop(SE_FORM_TYPE, ZERO)
    out = []
    for line, total in expected.items():
        if summary.col_a.get(line, ZERO) != total:
            out.append(
                f"Internal check failed: {form} line {line} is {summary.col_a.get(line, ZERO):.2f} but its "
                f"schedule rows add up to {total:.2f}. The report was not published; please tell the developers."
            )
    return out


def _fail(report: Report, result: BuildResult, attempt: int) -> None:
    errors = result.errors
    if result.error_count > len(errors):
        errors = [*errors, f"... and {result.error_count - len(errors)} more problem(s)."]
    Report.objects.filter(report_claimed(report_pk=report.pk, attempt=attempt)).update(
        status=Report.Status.FAILED, errors=errors, finished_at=timezone.now(), progress=100
    )
    logger.info("report failed validation report=%s errors=%s", report.pk, result.error_count or len(errors))


def _csv_a(r: ScheduleA) -> list[str]:
    return [
        r.form_type,
        r.transaction_id,
        r.back_reference_tran_id_number,
        r.entity_type,
        r.contributor_organization_name,
        r.contributor_last_name,
        r.contributor_first_name,
        r.contributor_street_1,
        r.contributor_city,
        r.contributor_state,
        r.contributor_zip,
        r.election_code,
        r.contribution_date.isoformat(),
        f"{r.contribution_amount:.2f}",
        "" if r.contribution_aggregate is None else f"{r.contribution_aggregate:.2f}",
        r.contribution_purpose_descrip,
        r.contributor_employer,
        r.contributor_occupation,
        r.donor_committee_fec_id,
        "X" if r.memo_code else "",
    ]


def _csv_b(r: ScheduleB) -> list[str]:
    return [
        r.form_type,
        r.transaction_id,
        r.back_reference_tran_id_number,
        r.entity_type,
        r.payee_organization_name,
        r.payee_last_name,
        r.payee_first_name,
        r.payee_street_1,
        r.payee_city,
        r.payee_state,
        r.payee_zip,
        r.election_code,
        r.expenditure_date.isoformat(),
        f"{r.expenditure_amount:.2f}",
        "",
        r.expenditure_purpose_descrip,
        "",
        "",
        r.beneficiary_committee_fec_id,
        "X" if r.memo_code else "",
    ]


def _csv_e(r: ScheduleE) -> list[str]:
    return [
        r.form_type,
        r.transaction_id,
        r.back_reference_tran_id_number,
        r.entity_type,
        r.payee_organization_name,
        r.payee_last_name,
        r.payee_first_name,
        r.payee_street_1,
        r.payee_city,
        r.payee_state,
        r.payee_zip,
        r.election_code,
        r.dissemination_date.isoformat(),
        f"{r.expenditure_amount:.2f}",
        f"{r.calendar_ytd_per_election_office:.2f}",
        r.expenditure_purpose_descrip,
        "",
        "",
        r.payee_cmtte_fec_id_number,
        "X" if r.memo_code else "",
    ]


def render_summary(report: Report, summary: Summary, line_items: int, date_signed: dt.date) -> bytes:
    """The summary file published beside the .fec: every line of the form's summary pages with its description,
    and the signature state (never "signed": the file is built before the treasurer files)."""
    return render_to_string(
        "compliance/report_summary.html",
        {
            "report": report,
            "committee": report.committee,
            "sections": summary_sections(report.form, summary.as_json()),
            "post_election": summary.post_election,
            "post_election_rows": page_rows(report.form, summary.as_json()),
            "column_b": COLUMN_B[report.form],
            "line_items": line_items,
            "signature": signature_line(report, date_signed),
        },
    ).encode()


def _sha256(handle: IO[bytes]) -> str:
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()
