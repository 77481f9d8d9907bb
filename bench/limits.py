"""Benchmark: the checkout limit check against PostgreSQL, for donors with 1, 100 and 10,000 earlier gifts.

Each repetition runs ``donations.services.limits.limit_reserve`` inside a transaction that is rolled back,
round-robin over the three donors (so machine noise hits them alike), and keeps the median. The history is
bulk-inserted and the running totals rebuilt with ``limit_totals_recompute``, as after an import.

    python bench/limits.py [--repetitions 2000] [--database bench_fundraising]

Last line: ``limits gifts_1_us=… gifts_100_us=… gifts_10000_us=… ratio=…`` (ratio = 10,000 vs 1)."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, final_line, machine, migrate, seed_committee, setup_django  # noqa: E402

HISTORIES = (1, 100, 10_000)


def make_donor_with_history(*, committee, election, gifts: int, index: int):
    from donations.models import Contribution, Donor
    from donations.services.limits import limit_totals_recompute

    donor = Donor.objects.create(
        committee=committee,
        first_name=f"Bench{index}",
        last_name="Donor",
        street_1=f"{index} Main St",
        city="Springfield",
        state="VA",
        zip_code="22150",
        employer="Acme",
        occupation="Engineer",
        match_key=f"bench-limits-{index}",
    )
    start = datetime(2025, 7, 1, 12, tzinfo=UTC)
    rows = [
        Contribution(
            committee=committee,
            donor=donor,
            election=election,
            amount=Decimal("0.25"),
            received_at=start + timedelta(minutes=i),
            date_received=(start + timedelta(minutes=i)).date(),
            source=Contribution.Source.IMPORT,
            limit_period_key=election.code,
        )
        for i in range(gifts)
    ]
    Contribution.objects.bulk_create(rows, batch_size=5000)
    limit_totals_recompute(committee=committee, donor=donor)
    return donor


def time_reserve(*, committee, donor, election, on) -> float:
    from django.db import transaction

    from donations.services.limits import limit_reserve

    with transaction.atomic():
        started = time.perf_counter()
        limit_reserve(committee=committee, donor=donor, election=election, amount=Decimal("25.00"), on=on)
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def time_round_trip() -> float:
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SELECT 1")
        cursor.fetchone()
        return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repetitions", type=int, default=2000, help="timed checks per donor")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--database", default="bench_fundraising_limits", help="created (fresh) and migrated")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)

    url = create_database(args.database)
    setup_django(url)
    migrate()
    from django.db import connection
    from django.utils import timezone

    from bench.common import drop_database

    committee, election, _page = seed_committee()
    print(f"machine: {machine()}")
    donors = {}
    for index, gifts in enumerate(HISTORIES):
        started = time.perf_counter()
        donors[gifts] = make_donor_with_history(committee=committee, election=election, gifts=gifts, index=index)
        print(f"history: donor with {gifts} earlier gifts built in {time.perf_counter() - started:.2f}s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    on = timezone.localdate(timezone=committee.tzinfo)
    for _ in range(args.warmup):
        for donor in donors.values():
            time_reserve(committee=committee, donor=donor, election=election, on=on)
    samples: dict[int, list[float]] = {gifts: [] for gifts in HISTORIES}
    round_trips: list[float] = []
    for _ in range(args.repetitions):
        for gifts, donor in donors.items():
            samples[gifts].append(time_reserve(committee=committee, donor=donor, election=election, on=on))
        round_trips.append(time_round_trip())
    medians = {gifts: statistics.median(values) * 1e6 for gifts, values in samples.items()}
    round_trip = statistics.median(round_trips) * 1e6
    for gifts in HISTORIES:
        p99 = sorted(samples[gifts])[int(0.99 * (len(samples[gifts]) - 1))] * 1e6
        print(
            f"limit_reserve, {gifts:>6} earlier gifts: median {medians[gifts]:8.1f} µs  p99 {p99:8.1f} µs  "
            f"({medians[gifts] / round_trip:.1f}× a SELECT 1 round trip)"
        )
    print(f"baseline: SELECT 1 round trip median {round_trip:.1f} µs, {args.repetitions} repetitions")
    connection.close()
    if not args.keep_database:
        drop_database(args.database)
    final_line(
        "limits",
        gifts_1_us=medians[1],
        gifts_100_us=medians[100],
        gifts_10000_us=medians[10_000],
        ratio=medians[10_000] / medians[1],
        select1_us=round_trip,
        repetitions=args.repetitions,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
