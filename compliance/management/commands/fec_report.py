"""Build an FEC report in-process (the same service the Celery task runs) and write its files."""

import datetime as dt
import shutil

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from committees.models import Election
from committees.selectors import committee_by_fec_id
from compliance.models import Report
from compliance.services.reports import report_build, report_request
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Build an FEC report (.fec, and optionally the line-item CSV); exits non-zero when it fails validation."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True)
        parser.add_argument("--form", default="", choices=["", "F3", "F3X", "F3P"])
        parser.add_argument("--report-code", required=True)
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--from", dest="coverage_from", default=None, help="YYYY-MM-DD")
        parser.add_argument("--through", dest="coverage_through", default=None, help="YYYY-MM-DD")
        parser.add_argument("--election", default="", help="Election code for 12x/30x reports, e.g. G2026")
        parser.add_argument("--date-signed", default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--out", required=True, help="Where to write the .fec file")
        parser.add_argument("--csv", default=None, help="Where to write the line-item CSV")
        parser.add_argument("--summary", default=None, help="Where to write the printable summary (HTML)")

    def handle(self, *args, **o) -> None:
        try:
            committee = committee_by_fec_id(fec_id=o["committee"].upper())
            election = None
            if o["election"]:
                election = Election.objects.filter(committee=committee, code=o["election"].upper()).first()
                if election is None:
                    raise CommandError(f"{o['election']} is not an election of {committee.fec_id}.")
            report = report_request(
                committee=committee,
                report_code=o["report_code"],
                form=o["form"],
                year=o["year"],
                coverage_from=_day(o["coverage_from"]),
                coverage_through=_day(o["coverage_through"]),
                election=election,
                date_signed=_day(o["date_signed"]),
                requested_by=None,
                enqueue=False,
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        report = report_build(report_pk=report.pk)
        if report.status != Report.Status.DONE:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"Report {report.pk} failed validation with {len(report.errors)} problem(s).")
        for target, name in (
            (o["out"], report.fec_file),
            (o["csv"], report.csv_file),
            (o["summary"], report.summary_file),
        ):
            if target:
                with default_storage.open(name, "rb") as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
        self.stdout.write(
            f"Report {report.pk}: {report.form_type} {report.report_code} "
            f"{report.coverage_from}..{report.coverage_through}, {report.summary.get('line_items', 0)} line items, "
            f"sha256 {report.fec_sha256} -> {o['out']}"
        )


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD)") from None
