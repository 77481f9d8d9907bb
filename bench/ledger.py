"""Benchmark: what the ledger's hash chain costs a write (README "Security → The ledger").

Each repetition commits one transaction shaped like a received gift: a Contribution and its audit event (two
chained rows). Repetitions alternate between the ledger's triggers on and the same triggers disabled
(``ALTER TABLE … DISABLE TRIGGER ledger_chain``), so machine noise hits both alike; medians are compared.

    python bench/ledger.py [--repetitions 1000] [--database bench_fundraising_ledger]

Last line: ``ledger with_us=… without_us=… ratio=… extra_us=…``."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, final_line, machine, migrate, seed_committee, setup_django  # noqa: E402

CHAINED = ("donations_contribution", "compliance_auditevent")


def set_chain(enabled: bool) -> None:
    from django.db import connection

    verb = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table in CHAINED:
            cursor.execute(f"ALTER TABLE {table} {verb} TRIGGER ledger_chain")


def time_gift(*, committee, donor, election, n: int) -> float:
    from django.db import transaction

    from audit.services import audit_record
    from donations.models import Contribution

    started = time.perf_counter()
    with transaction.atomic():
        gift = Contribution.objects.create(
            committee=committee,
            donor=donor,
            election=election,
            amount=Decimal("25.00"),
            received_at=datetime(2026, 3, 1, 12, tzinfo=UTC),
            date_received=datetime(2026, 3, 1, 12, tzinfo=UTC).date(),
            source=Contribution.Source.IMPORT,
            external_id=f"bench-{n}",
        )
        audit_record(actor=None, action="contribution.received", obj=gift, after={"amount": gift.amount})
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repetitions", type=int, default=1000, help="timed gifts per mode")
    parser.add_argument("--warmup", type=int, default=50)
    parser.add_argument("--database", default="bench_fundraising_ledger", help="created (fresh) and migrated")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)

    url = create_database(args.database)
    setup_django(url)
    migrate()
    from django.db import connection

    from audit.ledger import ledger_verify
    from bench.common import drop_database
    from donations.models import Donor

    committee, election, _page = seed_committee()
    donor = Donor.objects.create(
        committee=committee,
        first_name="Bench",
        last_name="Ledger",
        street_1="1 Main St",
        city="Springfield",
        state="VA",
        zip_code="22150",
        employer="Acme",
        occupation="Engineer",
        match_key="bench-ledger",
    )
    print(f"machine: {machine()}")
    n = 0
    for _ in range(args.warmup):
        n += 1
        time_gift(committee=committee, donor=donor, election=election, n=n)
    samples: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(args.repetitions):
        for enabled in (True, False):
            set_chain(enabled)
            n += 1
            samples[enabled].append(time_gift(committee=committee, donor=donor, election=election, n=n))
    set_chain(True)
    with_us, without_us = (statistics.median(samples[mode]) * 1e6 for mode in (True, False))
    for mode, label in ((True, "ledger on "), (False, "ledger off")):
        p99 = sorted(samples[mode])[int(0.99 * (len(samples[mode]) - 1))] * 1e6
        print(
            f"{label}: gift + audit event, committed: median {statistics.median(samples[mode]) * 1e6:8.1f} µs  "
            f"p99 {p99:8.1f} µs"
        )
    started = time.perf_counter()
    result = ledger_verify()
    verify_s = time.perf_counter() - started
    print(
        f"ledger_verify: {result.links} links, {result.rows} rows in {verify_s:.2f}s "
        f"({len(result.problems)} problems: the 'off' rows are unchained, as expected)"
    )
    connection.close()
    if not args.keep_database:
        drop_database(args.database)
    final_line(
        "ledger",
        with_us=with_us,
        without_us=without_us,
        ratio=with_us / without_us,
        extra_us=with_us - without_us,
        verify_links=result.links,
        verify_s=verify_s,
        repetitions=args.repetitions,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
