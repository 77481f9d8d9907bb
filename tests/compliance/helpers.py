"""Helpers for compliance tests: committees through the service, CSV imports from dicts, building reports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from django.core.files.storage import default_storage

from committees.models import Committee
from compliance.models import Report
from compliance.services.committees import CommitteeInput, committee_create_or_update
from compliance.services.imports import CSV_COLUMNS, transactions_import_csv
from compliance.services.reports import report_build, report_request
from tests.fec_assertions import assert_valid_fec

D = Decimal


def house_committee(
    fec_id: str = "C00999999",
    *,
    cash: str = "0.00",
    as_of: dt.date = dt.date(2025, 1, 1),
    name: str = "Example for Congress",
) -> Committee:
    committee, _ = committee_create_or_update(
        data=CommitteeInput(
            fec_id=fec_id,
            name=name,
            committee_type="house",
            street_1="PO Box 1",
            city="Anytown",
            state="VA",
            zip_code="22000",
            treasurer_last_name="Treasurer",
            treasurer_first_name="Terry",
            election_state="VA",
            election_district="11",
            opening_cash_on_hand=D(cash),
            opening_cash_as_of=as_of,
            elections=[("P2026", dt.date(2026, 6, 16)), ("G2026", dt.date(2026, 11, 3))],
        ),
        actor=None,
    )
    return committee


def pac_committee(fec_id: str = "C00777777", *, cash: str = "0.00", as_of: dt.date = dt.date(2026, 1, 1)) -> Committee:
    committee, _ = committee_create_or_update(
        data=CommitteeInput(
            fec_id=fec_id,
            name="Example Workers PAC",
            committee_type="pac",
            street_1="3 Elm St",
            city="Arlington",
            state="VA",
            zip_code="22201",
            treasurer_last_name="Treasurer",
            treasurer_first_name="Pat",
            opening_cash_on_hand=D(cash),
            opening_cash_as_of=as_of,
            elections=[("P2026", dt.date(2026, 6, 16))],
        ),
        actor=None,
    )
    return committee


def row(kind: str, tid: str, date: str, amount: str, **fields: str) -> dict[str, str]:
    base = dict.fromkeys(CSV_COLUMNS, "")
    base.update(kind=kind, transaction_id=tid, date=date, amount=amount, entity_type="IND")
    base.update(street_1="1 Main St", city="Anytown", state="VA", zip="22000")
    base.update(fields)
    return base


def person(first: str, last: str, street: str = "1 Main St", **more: str) -> dict[str, str]:
    return {"first_name": first, "last_name": last, "street_1": street, **more}


def import_rows(committee: Committee, rows: list[dict[str, str]], *, dry_run: bool = False):
    columns = list(CSV_COLUMNS) + sorted({k for r in rows for k in r} - set(CSV_COLUMNS))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns)
    writer.writeheader()
    for r in rows:
        writer.writerow({c: r.get(c, "") for c in columns})
    reader = csv.DictReader(io.StringIO(text.getvalue()))
    return transactions_import_csv(
        committee=committee, header=reader.fieldnames, rows=reader, actor=None, dry_run=dry_run
    )


def build(committee: Committee, code: str, *, year: int = 2026, signed: dt.date | None = None, **kwargs) -> Report:
    report = report_request(
        committee=committee,
        report_code=code,
        year=year,
        requested_by=None,
        date_signed=signed or dt.date(2026, 4, 10),
        enqueue=False,
        **kwargs,
    )
    return report_build(report_pk=report.pk)


def fec_bytes(report: Report) -> bytes:
    assert report.status == Report.Status.DONE, report.errors
    with default_storage.open(report.fec_file, "rb") as handle:
        return handle.read()


def built_fec(report: Report) -> dict:
    """The report's .fec, checked by the shared helper; returns fecfile's parse."""
    return assert_valid_fec(fec_bytes(report))


def records(report: Report) -> list[list[str]]:
    return [line.split("\x1c") for line in fec_bytes(report).decode("ascii").split("\r\n")[:-1]]
