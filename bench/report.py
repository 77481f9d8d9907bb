"""Benchmark: the full FEC report job over N contributions, against PostgreSQL's own COPY as the floor.

Loads N contributions with COPY (a realistic mix: most donors give small amounts and stay unitemized, some
cross $200 during the period, one gift in ten is earmarked through ActBlue with its conduit date, about one in
two hundred is refunded, plus a few hundred disbursements when compliance.Disbursement exists), then times
the job the Celery task runs: ``report_request`` + ``report_build`` (aggregation, summary, schema validation,
files) in a child process, whose peak RSS is the memory figure. In the same run, ``COPY (SELECT …) TO`` a file
of the same itemized rows (the selectors' own SQL) is the floor.

    python bench/report.py --rows 1000000 [--database bench_fundraising_report]

Last line: ``report rows=… seconds=… rows_per_s=… copy_ratio=… peak_rss_mb=… build_cpu_seconds=…`` where rows =
itemized rows written (Schedule A + B), rows_per_s = rows ÷ build seconds, copy_ratio = build seconds ÷ COPY
seconds, build_cpu_seconds = CPU time of the builder process (Python's share of the build; steadier than wall
time on a shared machine)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    REPO,
    child_env,
    create_database,
    current_rss_mb,
    drop_database,
    final_line,
    machine,
    migrate,
    setup_django,
)

# One report inside one election cycle: Q3 2026 with its coverage stretched back to January 1.
START, END = dt.date(2026, 1, 1), dt.date(2026, 9, 30)
DAYS = (END - START).days + 1
CHUNK = 20_000


def _copy_value(value: object) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, (dict, list)):
        return _copy_value(json.dumps(value))
    return str(value)


class Copier:
    """COPY rows of a model's table from dicts; columns not given take the model field's default (or NULL)."""

    def __init__(self, model, given: Iterable[str]) -> None:  # noqa: ANN001 (a model class)
        from django.db.models import NOT_PROVIDED

        self.model = model
        self.columns: list[str] = []
        self.constant: dict[str, str] = {}
        given = set(given)
        for field in model._meta.concrete_fields:
            if field.primary_key:
                continue
            self.columns.append(field.column)
            if field.attname in given or field.name in given:
                continue
            if field.default is not NOT_PROVIDED and not callable(field.default):
                self.constant[field.column] = _copy_value(field.get_db_prep_save(field.default, connection=None))
            elif field.null:
                self.constant[field.column] = "\\N"
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self.constant[field.column] = dt.datetime.now(dt.UTC).isoformat()
            else:
                raise SystemExit(f"{model.__name__}.{field.name} needs a value in the benchmark loader")
        self.attnames = {f.column: f.attname for f in model._meta.concrete_fields}

    def copy(self, rows: Iterable[dict[str, object]]) -> int:
        from django.db import connection

        sql = f'COPY "{self.model._meta.db_table}" ({", ".join(self.columns)}) FROM STDIN'
        count = 0
        with connection.cursor() as cursor, cursor.connection.cursor().copy(sql) as copy:
            buffer: list[str] = []
            for row in rows:
                line = []
                for column in self.columns:
                    constant = self.constant.get(column)
                    if constant is not None:
                        line.append(constant)
                    else:
                        attname = self.attnames[column]
                        line.append(_copy_value(row[attname] if attname in row else row[column]))
                buffer.append("\t".join(line))
                count += 1
                if len(buffer) >= CHUNK:
                    copy.write("\n".join(buffer) + "\n")
                    buffer.clear()
            if buffer:
                copy.write("\n".join(buffer) + "\n")
        return count


def bench_committee() -> tuple:
    """A House committee of its own, with the demo's settings and elections: the demo committee (seed_demo) has
    months of activity of its own, which would land in the benchmarked report."""
    from committees.models import Committee, Election

    committee, _ = Committee.objects.update_or_create(
        fec_id="C00888888",
        defaults={
            "name": "Benchmark for Congress",
            "committee_type": Committee.Type.HOUSE,
            "street_1": "PO Box 1",
            "city": "Anytown",
            "state": "VA",
            "zip_code": "22000",
            "treasurer_last_name": "Treasurer",
            "treasurer_first_name": "Terry",
            "time_zone": "America/New_York",
            "election_state": "VA",
            "election_district": "11",
            "opening_cash_on_hand": "10000.00",
            "opening_cash_as_of": dt.date(2025, 1, 1),
        },
    )
    place = {"state": "VA", "district": "11"}
    election, _ = Election.objects.update_or_create(
        committee=committee, code="P2026", defaults={"date": dt.date(2026, 6, 16), **place}
    )
    Election.objects.update_or_create(
        committee=committee, code="G2026", defaults={"date": dt.date(2026, 11, 3), **place}
    )
    return committee, election


def load(*, rows: int, committee, election, seed: int) -> dict[str, int]:  # noqa: ANN001
    """COPY the donors, contributions, refunds and disbursements of one committee's year."""
    from django.db import connection

    from committees.models import Conduit
    from donations.models import Contribution, Donor, Refund

    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).isoformat()
    conduit = Conduit.objects.get(fec_id="C00401224")  # ActBlue, seeded by migrations
    donors = max(10, rows // 4)
    big = set(rng.sample(range(donors), k=max(1, donors * 15 // 100)))  # give more, cross $200 in the year
    first = ["ANN", "BO", "CY", "DI", "ED", "FLO", "GUS", "HAL", "IDA", "JO", "KIM", "LU"]
    states = ["VA", "MD", "DC", "NY", "CA", "TX", "OH", "PA"]

    def donor_rows() -> Iterator[dict[str, object]]:
        for i in range(donors):
            yield {
                "created_at": now, "updated_at": now, "committee_id": committee.pk,
                "first_name": first[i % len(first)], "last_name": f"DONOR{i}", "street_1": f"{i % 9999 + 1} MAIN ST",
                "city": "SPRINGFIELD", "state": states[i % len(states)], "zip_code": f"{10000 + i % 89999}",
                "employer": "ACME CORP", "occupation": "ENGINEER", "email": f"d{i}@example.com",
                "match_key": f"bench|{i}",
            }  # fmt: skip

    donor_given = ["created_at", "updated_at", "committee_id", "first_name", "last_name", "street_1", "city", "state",
                   "zip_code", "employer", "occupation", "email", "match_key"]  # fmt: skip
    Copier(Donor, donor_given).copy(donor_rows())
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id) FROM donations_donor WHERE match_key LIKE 'bench|%%'")
        first_donor = cursor.fetchone()[0]

    refunded: list[tuple[int, int, str]] = []  # (contribution number, donor id, amount)

    def contribution_rows() -> Iterator[dict[str, object]]:
        for n in range(rows):
            donor = rng.randrange(donors)
            day = START + dt.timedelta(days=rng.randrange(DAYS))
            cents = rng.choice((2500, 5000, 10000, 25000)) if donor in big else rng.choice((300, 500, 1000, 1500))
            amount = f"{cents // 100}.{cents % 100:02d}"
            earmarked = n % 10 == 3
            if n % 200 == 7:
                refunded.append((n, first_donor + donor, amount))
            yield {
                "created_at": now, "updated_at": now, "committee_id": committee.pk,
                "donor_id": first_donor + donor, "election_id": election.pk, "amount": amount,
                "received_at": f"{day.isoformat()} 15:00:00+00", "date_received": day.isoformat(),
                "source": "import", "external_id": f"bench-{n}", "transaction_id": f"B{n:019d}",
                "limit_period_key": election.code,
                "conduit_id": conduit.pk if earmarked else None,
                "conduit_received_date": (day + dt.timedelta(days=1)).isoformat() if earmarked else None,
            }  # fmt: skip

    given = ["created_at", "updated_at", "committee_id", "donor_id", "election_id", "amount", "received_at",
             "date_received", "source", "external_id", "transaction_id", "limit_period_key", "conduit_id",
             "conduit_received_date"]  # fmt: skip
    Copier(Contribution, given).copy(contribution_rows())
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, external_id, date_received FROM donations_contribution WHERE external_id = ANY(%s)",
                       [[f"bench-{n}" for n, _, _ in refunded]])  # fmt: skip
        by_external = {external: (pk, day) for pk, external, day in cursor.fetchall()}

    def refund_rows() -> Iterator[dict[str, object]]:
        for n, donor_id, amount in refunded:
            pk, day = by_external[f"bench-{n}"]
            when = min(day + dt.timedelta(days=10), END)
            yield {
                "created_at": now, "updated_at": now, "committee_id": committee.pk, "contribution_id": pk,
                "donor_id": donor_id, "amount": amount, "refunded_at": f"{when.isoformat()} 15:00:00+00",
                "date_refunded": when.isoformat(), "transaction_id": f"R{n:019d}", "reason": "bench",
            }  # fmt: skip

    refund_given = ["created_at", "updated_at", "committee_id", "contribution_id", "donor_id", "amount",
                    "refunded_at", "date_refunded", "transaction_id", "reason"]  # fmt: skip
    Copier(Refund, refund_given).copy(refund_rows())

    disbursements = 0
    try:
        from compliance.models import Disbursement
    except ImportError:
        Disbursement = None  # noqa: N806 (the model, when the compliance engineer has added it)
    if Disbursement is not None:
        count = 300

        def disbursement_rows() -> Iterator[dict[str, object]]:
            for n in range(count):
                day = START + dt.timedelta(days=(n * 7) % DAYS)
                yield {
                    "created_at": now, "updated_at": now, "committee_id": committee.pk, "kind": "operating",
                    "entity_type": "ORG", "organization_name": f"VENDOR {n % 40} LLC", "street_1": "1 MARKET ST",
                    "city": "RICHMOND", "state": "VA", "zip_code": "23219", "purpose": "CONSULTING",
                    "category_code": "001", "date_disbursed": day.isoformat(),
                    "amount": f"{max(10, rows // 100) + n % 50}.00", "transaction_id": f"D{n:019d}",
                }  # fmt: skip

        disb_given = ["created_at", "updated_at", "committee_id", "kind", "entity_type", "organization_name",
                      "street_1", "city", "state", "zip_code", "purpose", "category_code", "date_disbursed",
                      "amount", "transaction_id"]  # fmt: skip
        disbursements = Copier(Disbursement, disb_given).copy(disbursement_rows())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"donors": donors, "contributions": rows, "refunds": len(refunded), "disbursements": disbursements}


def keep_aggregates(committee) -> float:  # noqa: ANN001
    """Rebuild the committee's kept aggregates after the COPY load (which wrote around the services)."""
    from donations.services.aggregates import receipt_aggregates_rebuild

    started = time.perf_counter()
    receipt_aggregates_rebuild(committee=committee)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE donations_receiptaggregate")
    return time.perf_counter() - started


def capture_report_sql(report, *, kept: bool) -> list[tuple[str, list]]:  # noqa: ANN001
    """The SQL (and parameters) the report's row selectors run, captured without running them: reading the kept
    aggregates (as the build does) or recomputing them over the window (the fallback, and the build before)."""
    import dataclasses
    from unittest import mock

    from compliance.reports import queries
    from compliance.reports.covers import report_window
    from compliance.reports.lines import lines_for

    captured: list[tuple[str, list]] = []

    def fake_stream(sql: str, params) -> Iterator[tuple]:  # noqa: ANN001
        captured.append((sql, list(params)))
        return iter(())

    window, lines = report_window(report), lines_for(report.form)
    window = dataclasses.replace(window, kept=kept)
    with mock.patch.object(queries, "_stream", fake_stream):
        list(queries.itemized_receipt_rows(window=window, lines=lines))
        if hasattr(queries, "disbursement_rows"):
            list(queries.disbursement_rows(window=window, lines=lines))
    return captured


def copy_floor(statements: list[tuple[str, list]], path: Path) -> tuple[float, int]:
    """COPY (SELECT …) TO a file, for each statement; returns seconds and bytes written."""
    import psycopg
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    try:  # the same session settings the build uses (work_mem, jit), so the floor is not handicapped
        from compliance.reports.queries import SESSION_SETTINGS
    except ImportError:
        SESSION_SETTINGS = {}  # noqa: N806
    with raw.cursor() as cursor:
        for name, value in SESSION_SETTINGS.items():
            cursor.execute("SELECT set_config(%s, %s, false)", [name, value])
    started = time.perf_counter()
    with open(path, "wb") as out:
        for sql, params in statements:
            query = psycopg.ClientCursor(raw).mogrify(sql, params)
            with raw.cursor() as cursor, cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
                for block in copy:
                    out.write(block)
    return time.perf_counter() - started, path.stat().st_size


def child_build(report_pk: int) -> int:
    """Run in a fresh process: build the report, print timings and memory as JSON."""
    from django.core.files.storage import default_storage

    from compliance.reports import build  # noqa: F401 (import cost before the baseline)
    from compliance.services.reports import report_build

    baseline = current_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    report = report_build(report_pk=report_pk)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    summary = report.summary or {}
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "status": report.status,
                "errors": report.errors[:5],
                "line_items": summary.get("line_items", 0),
                "records": summary.get("records", 0),
                "baseline_rss_mb": baseline,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "fec_bytes": default_storage.size(str(report.fec_file)) if report.fec_file else 0,
                "fec_sha256": report.fec_sha256,
            }
        ),
        flush=True,
    )
    return 0


def run_child_build(report_pk: int, *, url: str, media: str, kept: bool, profile: str | None) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child-build", str(report_pk)]
    if profile:
        command = ["py-spy", "record", "--format", "raw", "--rate", "200", "-o", profile, "--", *command]
    env = child_env(url, MEDIA_ROOT=media, STORAGE_URL="", LOG_LEVEL="WARNING", REPORTS_KEPT_AGGREGATES=str(kept))
    process = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, check=False)
    if process.returncode != 0:
        print(process.stderr[-4000:], file=sys.stderr)
        raise SystemExit(f"report build failed with {process.returncode}")
    built = json.loads([line for line in process.stdout.splitlines() if line.startswith("{")][-1])
    if built["status"] != "done":
        raise SystemExit(f"report {built['status']}: {built['errors']}")
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="contributions to load")
    parser.add_argument("--database", default="bench_fundraising_report", help="created (fresh) and migrated")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--child-build", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--profile", metavar="FILE", help="sample the build with py-spy (on PATH) into FILE (collapsed stacks)"
    )
    args = parser.parse_args(argv)

    if args.child_build:
        setup_django(os.environ["DATABASE_URL"])
        return child_build(args.child_build)

    media = tempfile.mkdtemp(prefix="bench-report-")
    url = create_database(args.database)
    setup_django(url, MEDIA_ROOT=media, STORAGE_URL="")
    migrate()
    from django.db import connection

    from compliance.models import Report
    from compliance.services.reports import report_request

    committee, election = bench_committee()
    print(f"machine: {machine()}")
    started = time.perf_counter()
    counts = load(rows=args.rows, committee=committee, election=election, seed=args.seed)
    print(f"loaded {counts} with COPY in {time.perf_counter() - started:.1f}s")
    rebuild_seconds = keep_aggregates(committee)
    print(
        f"kept aggregates (donations.ReceiptAggregate) rebuilt for all {args.rows} receipts in {rebuild_seconds:.1f}s "
        "(one pass, as after a bulk load; the app keeps them per gift as it writes)"
    )

    report, baseline_report = (
        report_request(
            committee=committee,
            report_code="Q3",
            requested_by=None,
            coverage_from=START,
            coverage_through=END,
            enqueue=False,
        )
        for _ in ("kept", "recomputing")
    )
    report = Report.objects.select_related("committee").get(pk=report.pk)
    statements = capture_report_sql(report, kept=True)
    recomputed = capture_report_sql(report, kept=False)
    floor_path = Path(media) / "copy-floor.tsv"
    copy_floor(statements, floor_path)  # warm the cache the same way the build will find it
    connection.close()

    # Same run, same data: first the build recomputing every aggregate over the window (the build before issue #17's
    # kept aggregates, and its fallback), then the build reading the kept ones; their .fec files must be identical.
    before = run_child_build(baseline_report.pk, url=url, media=media, kept=False, profile=None)
    built = run_child_build(report.pk, url=url, media=media, kept=True, profile=args.profile)
    children_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    if built["fec_sha256"] != before["fec_sha256"]:
        raise SystemExit("the kept and the recomputing builds wrote different .fec files")

    copy_seconds, copy_bytes = copy_floor(statements, floor_path)
    recompute_seconds, recompute_bytes = copy_floor(recomputed, floor_path)
    if recompute_bytes != copy_bytes:
        raise SystemExit(f"the kept and recomputed itemized rows differ: {copy_bytes} vs {recompute_bytes} bytes")
    rows = int(built["line_items"])
    seconds = float(built["seconds"])
    print(
        f"report: {rows} itemized rows ({built['records']} records, {built['fec_bytes'] / 1e6:.1f} MB .fec) "
        f"built in {seconds:.2f}s = {rows / seconds:,.0f} rows/s; the builder process used {built['cpu_seconds']:.2f}s "
        "of CPU (the rest is PostgreSQL and waiting)"
    )
    print(
        f"floor: COPY (SELECT the same itemized rows) TO a file: {copy_seconds:.2f}s, {copy_bytes / 1e6:.1f} MB; "
        f"report ÷ COPY = {seconds / copy_seconds:.2f}"
    )
    print(
        f"the same rows recomputed over the window (the build before kept aggregates, and its fallback): "
        f"COPY {recompute_seconds:.2f}s = {recompute_seconds / copy_seconds:.1f}× the kept read; the whole build "
        f"recomputing {before['seconds']:.2f}s ({before['cpu_seconds']:.2f}s CPU in the builder) → kept "
        f"{seconds:.2f}s: {before['seconds'] / seconds:.2f}× faster, the same .fec (sha256 {built['fec_sha256'][:12]}…)"
    )
    print(
        f"memory of the builder process: baseline {built['baseline_rss_mb']:.0f} MB after Django setup, "
        f"peak {built['peak_rss_mb']:.0f} MB (RUSAGE_CHILDREN max {children_peak:.0f} MB)"
    )
    if not args.keep_database:
        drop_database(args.database)
    final_line(
        "report",
        rows=rows,
        seconds=seconds,
        rows_per_s=rows / seconds,
        copy_ratio=seconds / copy_seconds,
        peak_rss_mb=built["peak_rss_mb"],
        baseline_rss_mb=built["baseline_rss_mb"],
        copy_seconds=copy_seconds,
        recompute_copy_seconds=recompute_seconds,
        recompute_build_seconds=before["seconds"],
        rebuild_seconds=rebuild_seconds,
        build_cpu_seconds=built["cpu_seconds"],
        contributions=args.rows,
        contributions_per_s=args.rows / seconds,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
