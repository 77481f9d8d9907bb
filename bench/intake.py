"""Benchmark: gifts through the whole path, on real processes over loopback.

Starts the Stripe emulator, gunicorn (config.settings.bench, bench/gunicorn.conf.py) and Celery
worker(s) against its own PostgreSQL database and Redis queue, then drives ``POST /api/v1/donations/`` with
``payment_method=pm_card_visa`` (the PaymentIntent is created and confirmed in that one call) from a small
asyncio load generator, many distinct donors. The emulator delivers signed ``payment_intent.succeeded``
webhooks to gunicorn; a worker records each Contribution. After a drain period it checks the database.

First, as the baseline, the same load generator hits gunicorn's ``/healthz`` (no database, no Stripe).

    python bench/intake.py --seconds 60 [--concurrency 32] [--rate R] [--web-workers 2 --web-threads 8]
                           [--celery-concurrency 2] [--database bench_fundraising] [--redis-url redis://…/11]

Figures: accepted_per_s = Contributions recorded per wall-second of the load window; p50/p99 = HTTP create
latency; e2e = request sent → Contribution row committed; lost = 201s with no Contribution after the drain;
duplicated = Contributions beyond one per donation or PaymentIntent.

Last line: ``intake seconds=… accepted_per_s=… p50_ms=… p99_ms=… lost=… duplicated=…`` (+ more)."""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import string
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    DEFAULT_REDIS_URL,
    REPO,
    Processes,
    child_env,
    create_database,
    drop_database,
    final_line,
    machine,
    machine_cpu_seconds,
    migrate,
    percentile,
    pids_cpu,
    process_tree_cpu,
    seed_committee,
    setup_django,
    wait_until,
)
from bench.loadgen import LoadResult, run_load  # noqa: E402

WEBHOOK_SECRET = "whsec_bench_intake"
FIRST = ["Ann", "Bo", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ida", "Jo", "Kim", "Lu", "Mo", "Ned", "Oli", "Pat"]
STREETS = ["Main St", "Oak Ave", "Pine Rd", "Elm Dr", "Maple Ln", "Cedar Ct", "Lake Blvd", "Hill Way"]
STATES = ["VA", "MD", "DC", "NY", "CA", "TX", "OH", "PA", "GA", "WA"]
AMOUNTS = ["5.00", "10.00", "15.00", "25.00", "27.00", "50.00", "100.00", "250.00"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gifts:
    """Request bodies: mostly new donors, some returning ones (``repeat`` of the gifts)."""

    def __init__(self, *, page: str, repeat: float, seed: int) -> None:
        self.page, self.repeat = page, repeat
        self.random = random.Random(seed)
        self.donors: list[dict[str, str]] = []
        self.sent: dict[str, float] = {}

    def _new_donor(self) -> dict[str, str]:
        r = self.random
        last = "".join(r.choices(string.ascii_uppercase, k=1)) + "".join(r.choices(string.ascii_lowercase, k=7))
        return {
            "first_name": r.choice(FIRST),
            "last_name": last,
            "street_1": f"{r.randint(1, 9999)} {r.choice(STREETS)}",
            "city": "Springfield",
            "state": r.choice(STATES),
            "zip_code": f"{r.randint(10000, 99999)}",
            "email": f"{last.lower()}@example.com",
            "employer": "Acme Corp",
            "occupation": "Engineer",
        }

    def __call__(self) -> tuple[str, str, bytes, str]:
        if self.donors and self.random.random() < self.repeat:
            donor = self.random.choice(self.donors)
        else:
            donor = self._new_donor()
            if len(self.donors) < 5000:
                self.donors.append(donor)
        public_id = str(uuid.uuid4())
        body = {
            "public_id": public_id,
            "page": self.page,
            "amount": self.random.choice(AMOUNTS),
            "election": "P2028",
            "payment_method": "pm_card_visa",
            "donor": donor,
            "attribution": {"refcode": "bench"},
        }
        return "POST", "/api/v1/donations/", json.dumps(body).encode(), public_id


def healthz(port: int) -> tuple[str, str, None, str]:
    return "GET", "/healthz", None, ""


def redis_pids() -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "redis-server":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


class CpuMeter:
    """CPU seconds used by each part of the benchmark, to say where a gift's cost goes."""

    def __init__(self, *, web: int, workers: list[int], emulator: int, database: str) -> None:
        self.web, self.workers, self.emulator, self.database = web, workers, emulator, database

    def snapshot(self) -> dict[str, float]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database])
            backends = [row[0] for row in cursor.fetchall()]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        parts = {
            "gunicorn": process_tree_cpu(self.web),
            "celery": sum(process_tree_cpu(pid) for pid in self.workers),
            "emulator": process_tree_cpu(self.emulator),
            "postgres": pids_cpu(backends),
            "redis": pids_cpu(redis_pids()),
            "loadgen": usage.ru_utime + usage.ru_stime,
        }
        parts["machine"] = machine_cpu_seconds()
        return parts

    @staticmethod
    def report(before: dict[str, float], after: dict[str, float], gifts: int, wall: float) -> dict[str, float]:
        delta = {key: after[key] - before[key] for key in before}
        ours = sum(value for key, value in delta.items() if key != "machine")
        delta["other tenants"] = max(0.0, delta["machine"] - ours)
        print(f"CPU per accepted gift ({gifts} gifts, {wall:.1f}s, {os.cpu_count()} CPUs):")
        for key, value in delta.items():
            if key != "machine":
                print(f"  {key:<14} {1000 * value / max(1, gifts):7.2f} ms   ({100 * value / wall:5.1f}% of one CPU)")
        per_gift = 1000 * ours / max(1, gifts)
        ceiling = (os.cpu_count() or 1) * 1000 / per_gift if per_gift else 0.0
        print(f"  {'all ours':<14} {per_gift:7.2f} ms  -> ceiling on this machine ~{ceiling:.0f} gifts/s")
        return {"cpu_ms_per_gift": per_gift, "cpu_ceiling_per_s": ceiling}


def latency_ms(result: LoadResult, status: int) -> tuple[float, float]:
    values = [s.seconds * 1000 for s in result.ok(status)]
    return percentile(values, 50), percentile(values, 99)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the gift load")
    parser.add_argument("--baseline-seconds", type=float, default=None, help="/healthz load (default: min(10, s))")
    parser.add_argument("--warmup-seconds", type=float, default=2.0, help="gifts before measuring (not counted)")
    parser.add_argument("--concurrency", type=int, default=32, help="requests in flight")
    parser.add_argument("--rate", type=float, default=None, help="open loop: gifts started per second")
    parser.add_argument("--repeat", type=float, default=0.1, help="share of gifts from returning donors")
    parser.add_argument("--web-workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", "2")))
    parser.add_argument("--web-threads", type=int, default=int(os.environ.get("GUNICORN_THREADS", "8")))
    parser.add_argument("--celery-workers", type=int, default=1, help="worker processes (each with a pool)")
    parser.add_argument("--celery-concurrency", type=int, default=8, help="pool size of each worker")
    parser.add_argument(
        "--celery-pool", default="threads", choices=["prefork", "threads", "solo"],
        help="threads: the tasks wait on PostgreSQL, and no pipe to a child process (prefork costs ~2x the CPU)",
    )  # fmt: skip
    parser.add_argument("--drain-seconds", type=float, default=600.0, help="longest wait for the backlog")
    parser.add_argument("--stall-seconds", type=float, default=20.0, help="give up after this long without progress")
    parser.add_argument("--database", default="bench_fundraising", help="created (fresh) and migrated")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS_URL, help="broker; the run uses its own queue on it")
    parser.add_argument("--keep-database", action="store_true")
    parser.add_argument("--log-dir", default=str(REPO / "var" / "bench-intake"))
    args = parser.parse_args(argv)
    baseline_seconds = args.baseline_seconds if args.baseline_seconds is not None else min(10.0, args.seconds)
    drain_seconds = args.drain_seconds
    prefix = f"bench-intake-{os.getpid()}-"
    shared_env = {
        "CELERY_BROKER_URL": args.redis_url,
        "BENCH_QUEUE_PREFIX": prefix,
        "CACHE_URL": args.redis_url,
        "CACHE_KEY_PREFIX": prefix,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "LOG_LEVEL": "WARNING",
    }

    url = create_database(args.database)
    setup_django(url, **shared_env)
    migrate()
    _committee, _election, page = seed_committee()
    from django.conf import settings
    from django.db import connection

    from donations.models import Contribution
    from donations.services.stripe_events import HANDLERS
    from stripe_emulator.testing import start_emulator

    print(f"machine: {machine()}")
    processes = Processes(Path(args.log_dir))
    emulator = start_emulator(args=["--quiet"])
    try:
        port = free_port()
        web_env = child_env(
            url,
            **shared_env,
            STRIPE_API_BASE=emulator.url,
            GUNICORN_WORKERS=str(args.web_workers),
            GUNICORN_THREADS=str(args.web_threads),
            DATABASE_POOL_MAX_SIZE=str(args.web_threads + 1),
        )
        worker_env = child_env(
            url, **shared_env, STRIPE_API_BASE=emulator.url, DATABASE_POOL_MAX_SIZE=str(args.celery_concurrency + 1)
        )
        python = sys.executable
        web = processes.start(
            "gunicorn",
            [
                python,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "-c",
                str(REPO / "bench" / "gunicorn.conf.py"),
                "--bind",
                f"127.0.0.1:{port}",
            ],
            web_env,
        )
        workers = []
        for index in range(args.celery_workers):
            workers.append(
                processes.start(
                    f"celery-{index}",
                    [
                        python,
                        "-m",
                        "celery",
                        "-A",
                        "config",
                        "worker",
                        "-Q",
                        settings.BENCH_QUEUES,
                        "--pool",
                        args.celery_pool,
                        "--concurrency",
                        str(args.celery_concurrency),
                        "--loglevel=WARNING",
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                        "-O",
                        "fair",
                        "-n",
                        f"{prefix}{index}@%h",
                    ],
                    worker_env,
                ).pid
            )
        emulator.set_webhook(f"http://127.0.0.1:{port}/webhooks/stripe/", WEBHOOK_SECRET, sorted(HANDLERS))
        import urllib.request

        def web_up() -> bool:
            processes.check_alive()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                return response.status == 200

        wait_until(web_up, timeout=60, what="gunicorn")

        # Warm up every process (imports, connections, the SDK client) and prove the path works.
        warm = Gifts(page=page.slug, repeat=0.0, seed=1)
        warm_result = run_load(
            host="127.0.0.1", port=port, make_request=warm, seconds=args.warmup_seconds, concurrency=4
        )
        created = [s.tag for s in warm_result.ok(201)]
        if not created:
            statuses = sorted({s.status for s in warm_result.samples})
            raise SystemExit(f"warm-up: no gift accepted (statuses {statuses}); see {args.log_dir}")

        def warm_recorded() -> bool:
            processes.check_alive()
            return Contribution.objects.filter(donation__public_id__in=created).count() == len(created)

        wait_until(warm_recorded, timeout=60, what="the warm-up gifts to be recorded (is the worker up?)")
        print(f"warm-up: {len(created)} gifts recorded")

        # Baseline: the same load generator against a view that does nothing.
        base = run_load(
            host="127.0.0.1", port=port, make_request=lambda: healthz(port), seconds=baseline_seconds,
            concurrency=args.concurrency, rate=None,
        )  # fmt: skip
        base_ok = len(base.ok(200))
        base_rps = base_ok / base.wall_seconds
        base_p50, base_p99 = latency_ms(base, 200)
        print(f"baseline /healthz: {base_rps:.0f} req/s, p50 {base_p50:.1f} ms, p99 {base_p99:.1f} ms ({base_ok} req)")

        # The load.
        gifts = Gifts(page=page.slug, repeat=args.repeat, seed=2)
        meter = CpuMeter(web=web.pid, workers=workers, emulator=emulator.process.pid, database=args.database)
        cpu_before = meter.snapshot()
        load = run_load(
            host="127.0.0.1", port=port, make_request=gifts, seconds=args.seconds,
            concurrency=args.concurrency, rate=args.rate,
        )  # fmt: skip
        accepted = {s.tag: s for s in load.ok(201)}
        other = {}
        for sample in load.samples:
            if sample.status != 201:
                other[sample.status] = other.get(sample.status, 0) + 1
        create_rps = len(accepted) / load.wall_seconds
        p50, p99 = latency_ms(load, 201)
        print(
            f"gifts: {len(accepted)} accepted (201) in {load.wall_seconds:.1f}s = {create_rps:.1f}/s created; "
            f"HTTP p50 {p50:.1f} ms, p99 {p99:.1f} ms; other statuses {other or 'none'}"
        )

        # Drain: the worker catches up. Stop when every gift is recorded, or nothing new was recorded for
        # `stall_seconds` (then what is missing is lost), or after drain_seconds whatever happens.
        drain_started = time.monotonic()
        ids = list(accepted)

        def recorded_count() -> int:
            return Contribution.objects.filter(donation__public_id__in=ids).count()

        seen, progress_at = -1, time.monotonic()
        while time.monotonic() - drain_started < drain_seconds:
            count = recorded_count()
            if count >= len(ids):
                break
            if count != seen:
                seen, progress_at = count, time.monotonic()
            elif time.monotonic() - progress_at > args.stall_seconds:
                break
            processes.check_alive()
            time.sleep(0.25)
        drain = time.monotonic() - drain_started
        processes.check_alive()
        cpu = CpuMeter.report(cpu_before, meter.snapshot(), len(accepted), load.wall_seconds + drain)

        rows = dict(
            Contribution.objects.filter(donation__public_id__in=ids).values_list("donation__public_id", "created_at")
        )
        recorded_at = {str(k): v.timestamp() for k, v in rows.items()}
        lost = len([i for i in ids if i not in recorded_at])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM donations_contribution"
                " WHERE donation_id IS NOT NULL GROUP BY donation_id HAVING COUNT(*) > 1) d"
            )
            duplicated = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM donations_contribution"
                " WHERE stripe_payment_intent_id <> '' GROUP BY stripe_payment_intent_id HAVING COUNT(*) > 1) d"
            )
            duplicated += int(cursor.fetchone()[0])
        in_window = sum(1 for t in recorded_at.values() if load.started <= t <= load.finished)
        last = max(recorded_at.values(), default=load.finished)
        # Full path: every gift accepted during the load, recorded, over the wall time from the first request
        # to the last Contribution (a backlog the worker still had to clear counts against it).
        accepted_per_s = len(recorded_at) / max(1e-9, max(last, load.finished) - load.started)
        e2e = [recorded_at[i] - accepted[i].started_wall for i in ids if i in recorded_at]
        e2e_p50, e2e_p99 = percentile(e2e, 50) * 1000, percentile(e2e, 99) * 1000
        print(
            f"recorded: {len(recorded_at)} Contributions = {accepted_per_s:.1f}/s (first request → last row); "
            f"{in_window} during the load ({in_window / load.wall_seconds:.1f}/s); backlog drained in {drain:.1f}s"
        )
        print(f"end to end (request sent → Contribution committed): p50 {e2e_p50:.0f} ms, p99 {e2e_p99:.0f} ms")
        print(f"lost {lost}, duplicated {duplicated}; gifts/s ÷ /healthz req/s = {accepted_per_s / base_rps:.3f}")
    finally:
        processes.stop()
        emulator.stop()
        try:
            import redis

            client = redis.Redis.from_url(args.redis_url)
            for key in client.scan_iter(match=f"*{prefix}*", count=1000):
                client.delete(key)
        except Exception:  # noqa: BLE001 - best effort
            pass
    connection.close()
    if not args.keep_database:
        drop_database(args.database)
    final_line(
        "intake",
        seconds=load.wall_seconds,
        accepted_per_s=accepted_per_s,
        p50_ms=p50,
        p99_ms=p99,
        lost=lost,
        duplicated=duplicated,
        accepted=len(accepted),
        errors=sum(other.values()),
        e2e_p50_ms=e2e_p50,
        e2e_p99_ms=e2e_p99,
        created_per_s=create_rps,
        healthz_per_s=base_rps,
        ratio_to_healthz=accepted_per_s / base_rps,
        **cpu,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
