"""Build a report's files in a worker: summary first (set-based), then the schedules streamed through
the validator into a temporary file; published to storage only when complete and valid."""

import csv
import hashlib
import io
import itertools
import logging
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from compliance.fec.records import Header, Record, ScheduleA
from compliance.fec.validation import RecordValidator
from compliance.fec.writer import write_fec
from compliance.models import Report
from compliance.reports.form3 import f3_cover, f3_schedule_records, f3_summary
from compliance.reports.receipts import Window_, itemized_count

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 5000


class ReportInvalid(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} validation error(s)")
        self.errors = errors


def build_report_files(report: Report) -> None:
    committee = report.committee
    if report.form != Report.Form.F3:
        raise NotImplementedError(f"{report.form} reports are not built yet")
    window = Window_.for_report(
        committee=committee, coverage_from=report.coverage_from, coverage_through=report.coverage_through
    )
    col_a, col_b = f3_summary(committee=committee, window=window)
    date_signed = timezone.localdate(timezone=committee.tzinfo)
    header = Header(
        soft_name=settings.FEC_SOFTWARE_NAME, soft_ver=settings.FEC_SOFTWARE_VERSION, **_amendment_header_fields(report)
    )
    cover = f3_cover(report=report, col_a=col_a, col_b=col_b, date_signed=date_signed)
    total_rows = max(1, itemized_count(committee=committee, window=window))
    validator = RecordValidator(report.form)
    errors: list[str] = []
    line_items = 0

    with tempfile.TemporaryFile() as fec_tmp, tempfile.TemporaryFile() as csv_tmp:
        csv_text = io.TextIOWrapper(csv_tmp, encoding="utf-8", newline="")
        csv_out = csv.writer(csv_text)
        csv_out.writerow(CSV_COLUMNS)

        def checked(records: Iterable[Record]) -> Iterator[Record]:
            nonlocal line_items
            for record in records:
                errors.extend(validator.errors(record))
                if isinstance(record, ScheduleA):
                    csv_out.writerow(_csv_row(record))
                    line_items += 1
                    if line_items % PROGRESS_EVERY == 0:
                        Report.objects.filter(pk=report.pk).update(progress=min(99, 100 * line_items // total_rows))
                yield record

        schedules = f3_schedule_records(report=report, window=window)
        result = write_fec(checked(itertools.chain([header, cover], schedules)), fec_tmp)
        if errors:
            Report.objects.filter(pk=report.pk).update(
                status=Report.Status.FAILED, errors=errors[:1000], finished_at=timezone.now(), progress=100
            )
            logger.info("report failed validation report=%s errors=%s", report.pk, len(errors))
            return
        base = f"reports/{committee.fec_id}/{report.pk}"
        fec_tmp.seek(0)
        fec_name = default_storage.save(f"{base}/{report.form_type}_{report.report_code}.fec", File(fec_tmp))
        csv_text.flush()
        csv_sha = _sha256(csv_tmp)
        csv_name = default_storage.save(f"{base}/line_items.csv", File(csv_tmp))
        csv_text.detach()
    summary_bytes = render_to_string(
        "compliance/report_summary.html",
        {"report": report, "committee": committee, "col_a": col_a, "col_b": col_b, "rows": line_items},
    ).encode()
    summary_name = default_storage.save(f"{base}/summary.html", File(io.BytesIO(summary_bytes)))
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE,
        progress=100,
        fec_file=fec_name,
        fec_sha256=result.sha256,
        csv_file=csv_name,
        csv_sha256=csv_sha,
        summary_file=summary_name,
        summary_sha256=hashlib.sha256(summary_bytes).hexdigest(),
        summary={"col_a": _strings(col_a), "col_b": _strings(col_b), "itemized_rows": line_items},
        errors=[],
        date_signed=date_signed,
        finished_at=timezone.now(),
    )
    logger.info("report built report=%s records=%s sha256=%s", report.pk, result.record_count, result.sha256)


def _amendment_header_fields(report: Report) -> dict:
    if not report.amendment_of_id:
        return {}
    return {"report_id": f"FEC-{report.amendment_of.fec_filing_id}", "report_number": report.amendment_number}


def _strings(lines: dict[str, Decimal]) -> dict[str, str]:
    return {line: f"{value:.2f}" for line, value in lines.items()}


CSV_COLUMNS = [
    "form_type",
    "transaction_id",
    "entity_type",
    "name",
    "date",
    "amount",
    "aggregate",
    "election",
    "employer",
    "occupation",
    "memo",
]


def _csv_row(row: ScheduleA) -> list[str]:
    name = row.contributor_organization_name or f"{row.contributor_last_name}, {row.contributor_first_name}"
    return [
        row.form_type,
        row.transaction_id,
        row.entity_type,
        name,
        row.contribution_date.isoformat(),
        f"{row.contribution_amount:.2f}",
        f"{row.contribution_aggregate or 0:.2f}",
        row.election_code,
        row.contributor_employer,
        row.contributor_occupation,
        "X" if row.memo_code else "",
    ]


def _sha256(handle) -> str:
    handle.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()
