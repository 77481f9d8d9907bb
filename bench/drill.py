"""Deadline-night drill: gifts at a steady rate on real processes over loopback while a web process is killed, the
Celery worker is restarted and Redis is stopped for a while; then every paid gift must be recorded once, every
receipt sent once, and the metrics must have shown the incident and the recovery.

Starts, against its own PostgreSQL database (``bench_drill``, dropped afterwards) and a *private* redis-server on a
free port (the machine's Redis is never touched): the Stripe emulator, gunicorn (config/gunicorn.conf.py,
multiprocess metrics), one prefork Celery worker (its own metrics port) and Celery beat (the outbox sweeps). An
asyncio load generator sends ``POST /api/v1/donations/`` (``pm_card_visa``, one new donor per gift) at ``--rate``
per second for ``--seconds``; a scraper reads both metrics endpoints every ``--scrape`` seconds. The incidents,
at fixed fractions of the load window:

- 1/6: one gunicorn worker process is SIGKILLed (its master starts another);
- 1/3: the Celery worker is stopped (TERM, warm shutdown) and started again;
- 1/2: Redis (broker and cache) is shut down for ``--redis-down`` seconds, then started empty (no persistence).

Bounded: loopback only, at most ``--rate`` requests per second, at most 20 minutes in all.

    python bench/drill.py [--seconds 180] [--rate 50] [--redis-down 20] [--drain 300]

Last line: ``drill seconds=… rate=… accepted=… paid=… lost=… duplicated=… receipts_missing=… receipts_duplicated=…
http_5xx=… broker_down_seen=… recovered=… recovery_s=…``."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import string
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    REPO,
    Processes,
    child_env,
    create_database,
    drop_database,
    final_line,
    machine,
    migrate,
    percentile,
    seed_committee,
    setup_django,
    wait_until,
)
from bench.loadgen import run_load  # noqa: E402

SETTINGS = "bench.drill_settings"
WEBHOOK_SECRET = "whsec_bench_drill"
TOKEN = "drill-metrics-token"
MAX_WALL = 20 * 60


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, log_dir: Path) -> None:
        self.binary = os.environ.get("TEST_REDIS_SERVER") or shutil.which("redis-server")
        if not self.binary:
            raise SystemExit("redis-server not found (apt-get install redis-server, or set TEST_REDIS_SERVER)")
        self.port, self.log = free_port(), log_dir / "redis.log"
        self.proc: subprocess.Popen | None = None

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        with open(self.log, "a") as log:
            command = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            self.proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_until(self.ping, timeout=15, what="the private redis-server")

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis.from_url(self.url(0), socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # SIGTERM without persistence: everything in it is gone
            self.proc.wait(timeout=20)
        self.proc = None


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return sorted(found)


def scrape(url: str, timeout: float = 5.0) -> dict[str, float] | None:
    from prometheus_client.parser import text_string_to_metric_families

    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode()
    except OSError:
        return None
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()) if k != "le")
            if "le" in sample.labels:
                continue
            key = f"{sample.name}{{{labels}}}" if labels else sample.name
            values[key] = values.get(key, 0.0) + sample.value
    return values


def pick(values: dict[str, float] | None, prefix: str) -> float | None:
    if values is None:
        return None
    found = [v for k, v in values.items() if k == prefix or k.startswith(prefix + "{")]
    return sum(found) if found else None


class Scraper(threading.Thread):
    """The endpoints every ``interval`` seconds; keeps a timeline of what an operator's dashboard would show. Web
    counters come from the gunicorn master's port, the scrape-time gauges from the worker's; the app's own /metrics
    is tried too (2 s), to count how often it starves behind busy worker threads."""

    def __init__(self, web: str, worker: str, app: str, interval: float) -> None:
        super().__init__(daemon=True)
        self.web, self.worker, self.app, self.interval = web, worker, app, interval
        self.samples: list[dict[str, float | None]] = []
        self.stop_event = threading.Event()
        self.started_at = time.monotonic()

    def run(self) -> None:
        while not self.stop_event.is_set():
            t = time.monotonic() - self.started_at
            web, worker, app = scrape(self.web), scrape(self.worker), scrape(self.app, timeout=2.0)
            self.samples.append(
                {
                    "t": t,
                    "web_up": web is not None,
                    "worker_up": worker is not None,
                    "app_up": app is not None,
                    "started": pick(web, "fundraising_gifts_started_total"),
                    "http_5xx": pick(web, "fundraising_http_requests_total{route=api/v1/donations/,status=5xx}"),
                    "broker_up": pick(worker, "fundraising_broker_up"),
                    "unprocessed": pick(worker, "fundraising_stripe_events_unprocessed"),
                    "oldest": pick(worker, "fundraising_stripe_events_unprocessed_oldest_age_seconds"),
                    "queued": pick(worker, "fundraising_celery_queue_depth"),
                    "paid": pick(worker, "fundraising_gifts_paid_total"),
                    "lag_sum": pick(worker, "fundraising_webhook_lag_seconds_sum"),
                    "lag_count": pick(worker, "fundraising_webhook_lag_seconds_count"),
                }
            )
            self.stop_event.wait(self.interval)


def _n(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def counter_increase(samples: list[dict], key: str, start: float, end: float) -> float:
    """Increase of a counter over [start, end], through resets (a restarted worker starts again from zero)."""
    total, previous = 0.0, None
    for sample in samples:
        value = sample[key]
        if value is None or not (start <= sample["t"] <= end):
            continue
        if previous is not None:
            total += value - previous if value >= previous else value
        previous = value
    return total


class Gifts:
    def __init__(self, page: str, seed: int) -> None:
        self.page, self.random = page, random.Random(seed)

    def __call__(self) -> tuple[str, str, bytes, str]:
        import json

        r = self.random
        last = r.choice(string.ascii_uppercase) + "".join(r.choices(string.ascii_lowercase, k=9))
        public_id = str(uuid.uuid4())
        body = {
            "public_id": public_id,
            "page": self.page,
            "amount": r.choice(["10.00", "25.00", "50.00", "100.00"]),
            "election": "P2028",
            "payment_method": "pm_card_visa",
            "donor": {
                "first_name": "Dee",
                "last_name": last,
                "street_1": f"{r.randint(1, 9999)} Main St",
                "city": "Springfield",
                "state": "VA",
                "zip_code": f"{r.randint(20000, 24999)}",
                "email": f"{last.lower()}.{public_id[:8]}@example.com",
                "employer": "Acme Corp",
                "occupation": "Engineer",
            },
        }
        return "POST", "/api/v1/donations/", json.dumps(body).encode(), public_id


def receipts(mail_dir: Path) -> Counter:
    """Receipt emails per recipient, from the file backend's files (messages separated by a line of 79 dashes)."""
    from email import message_from_string

    sent: Counter = Counter()
    for path in mail_dir.glob("*"):
        for chunk in path.read_text(errors="replace").split("-" * 79 + "\n"):
            if not chunk.strip():
                continue
            message = message_from_string(chunk)
            if str(message.get("Subject", "")).startswith("Your receipt"):
                sent[str(message.get("To", "")).strip()] += 1
    return sent


def main() -> int:  # noqa: C901 (one scenario, read top to bottom)
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=180.0)
    parser.add_argument("--rate", type=float, default=50.0, help="gifts started per second (open loop)")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight at most")
    parser.add_argument("--redis-down", type=float, default=20.0)
    parser.add_argument("--drain", type=float, default=600.0, help="at most this long for the backlog afterwards")
    parser.add_argument("--stall", type=float, default=150.0, help="stop draining after this long without progress")
    parser.add_argument("--scrape", type=float, default=2.0)
    parser.add_argument("--database", default="bench_drill")
    parser.add_argument("--log-dir", default=str(REPO / "var" / "drill"))
    args = parser.parse_args()
    if args.seconds + args.drain > MAX_WALL or args.rate > 200:
        raise SystemExit("the drill is bounded: seconds + drain <= 1200, rate <= 200")
    wall_started = time.monotonic()
    log_dir = Path(args.log_dir)
    shutil.rmtree(log_dir, ignore_errors=True)
    mail_dir = log_dir / "mail"
    mail_dir.mkdir(parents=True)
    redis = PrivateRedis(log_dir)
    redis.start()
    prefix = f"drill-{uuid.uuid4().hex[:6]}-"
    shared = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "CELERY_BROKER_URL": redis.url(0),
        "CACHE_URL": redis.url(1),
        "BENCH_QUEUE_PREFIX": prefix,
        "STRIPE_WEBHOOK_SECRET": WEBHOOK_SECRET,
        "EMAIL_FILE_PATH": str(mail_dir),
        "METRICS_TOKEN": TOKEN,
        "METRICS_STATE_CACHE_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
        "LOG_FORMAT": "json",
    }
    url = create_database(args.database)
    setup_django(url, **shared)
    migrate()
    _committee, _election, page = seed_committee()
    from django.conf import settings
    from django.db import connection

    from donations.models import Contribution, Donation
    from donations.services.stripe_events import HANDLERS
    from stripe_emulator.testing import start_emulator

    print(f"machine: {machine()}")
    processes = Processes(log_dir)
    emulator = start_emulator(args=["--quiet", "--webhook-retry-delays", "1,2,4,8,15,30,60,60,60,60"])
    scraper = None
    try:
        port, metrics_port, master_port = free_port(), free_port(), free_port()
        (log_dir / "prom-web").mkdir()
        (log_dir / "prom-worker").mkdir()
        web_env = child_env(
            url,
            **shared,
            STRIPE_API_BASE=emulator.url,
            PROMETHEUS_MULTIPROC_DIR=str(log_dir / "prom-web"),
            GUNICORN_METRICS_PORT=str(master_port),
            GUNICORN_METRICS_ADDR="127.0.0.1",
            DATABASE_POOL_MAX_SIZE="9",
        )
        worker_env = child_env(
            url,
            **shared,
            STRIPE_API_BASE=emulator.url,
            DATABASE_POOL_MAX_SIZE="2",
            PROMETHEUS_MULTIPROC_DIR=str(log_dir / "prom-worker"),
            CELERY_METRICS_PORT=str(metrics_port),
            CELERY_METRICS_ADDR="127.0.0.1",
        )
        python = sys.executable
        gunicorn = [python, "-m", "gunicorn", "config.wsgi:application", "-c", "config/gunicorn.conf.py"]
        web = processes.start(
            "gunicorn",
            [*gunicorn, "--bind", f"127.0.0.1:{port}", "--workers", "2", "--worker-class", "gthread", "--threads", "8"],
            web_env,
        )
        worker_command = [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-Q",
            settings.BENCH_QUEUES,
            "--concurrency",
            "2",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"{prefix}worker@%h",
        ]

        def start_worker(name: str) -> subprocess.Popen:
            return processes.start(name, worker_command, worker_env)

        start_worker("celery")
        processes.start(
            "beat",
            [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "--loglevel=WARNING",
                "-s",
                str(log_dir / "celerybeat-schedule"),
            ],
            worker_env,
        )
        emulator.set_webhook(f"http://127.0.0.1:{port}/webhooks/stripe/", WEBHOOK_SECRET, sorted(HANDLERS))
        app_metrics, worker_metrics = f"http://127.0.0.1:{port}/metrics", f"http://127.0.0.1:{metrics_port}/metrics"
        web_metrics = f"http://127.0.0.1:{master_port}/metrics"
        wait_until(lambda: scrape(web_metrics) is not None, timeout=60, what="gunicorn")
        wait_until(lambda: scrape(worker_metrics) is not None, timeout=60, what="the worker's metrics")

        scraper = Scraper(web_metrics, worker_metrics, app_metrics, args.scrape)
        scraper.start()
        events: list[tuple[str, float]] = []

        def mark(what: str) -> None:
            events.append((what, time.monotonic() - scraper.started_at))
            print(f"  t={events[-1][1]:6.1f}s  {what}", flush=True)

        def chaos() -> None:
            time.sleep(args.seconds / 6)
            children = children_of(web.pid)
            os.kill(children[0], signal.SIGKILL)
            mark(f"gunicorn worker {children[0]} killed (SIGKILL)")
            time.sleep(args.seconds / 6)
            old = processes.started.pop(next(i for i, (n, _p) in enumerate(processes.started) if n == "celery"))[1]
            os.killpg(old.pid, signal.SIGTERM)
            mark("celery worker stopped (TERM)")
            old.wait(timeout=60)
            start_worker("celery-restarted")
            mark("celery worker started again")
            time.sleep(args.seconds / 6)
            redis.stop()
            mark("redis stopped")
            time.sleep(args.redis_down)
            redis.start()
            mark("redis started again (empty)")
            # The runbook's step after Redis lost its data: queue every unprocessed event again at once (the minute
            # sweep leaves events handed to the broker alone for STRIPE_EVENT_REQUEUE_SECONDS, as still queued).
            requeue = [sys.executable, "manage.py", "stripe_events_redeliver", "--older-than", "0"]
            requeue += ["--requeue-queued-after", "0"]
            done = subprocess.run(requeue, cwd=REPO, env=worker_env, capture_output=True, text=True, check=False)
            mark(f"stripe_events_redeliver: {(done.stdout or done.stderr).strip().splitlines()[-1:]}")

        chaos_thread = threading.Thread(target=chaos, daemon=True)
        load_started = time.monotonic() - scraper.started_at
        chaos_thread.start()
        load = run_load(
            host="127.0.0.1",
            port=port,
            make_request=Gifts(page.slug, seed=7),
            seconds=args.seconds,
            concurrency=args.concurrency,
            rate=args.rate,
        )
        load_ended = time.monotonic() - scraper.started_at
        chaos_thread.join(timeout=120)
        statuses = Counter(s.status for s in load.samples)
        accepted = [s.tag for s in load.ok(201)]
        latencies = [s.seconds * 1000 for s in load.ok(201)]
        print(f"load: {len(load.samples)} arrivals in {load.wall_seconds:.0f}s, statuses {dict(statuses)}")

        # Drain: until every accepted gift is recorded and nothing is left unprocessed, or --drain passes.
        def settled() -> bool:
            recorded = Contribution.objects.filter(donation__public_id__in=accepted).count()
            last = scraper.samples[-1] if scraper.samples else {}
            return recorded == len(accepted) and last.get("unprocessed") == 0 and last.get("queued") == 0

        drain_started = progress_at = time.monotonic()
        seen = -1
        while time.monotonic() - drain_started < args.drain and not settled():
            recorded = Contribution.objects.filter(donation__public_id__in=accepted).count()
            if recorded != seen:
                seen, progress_at = recorded, time.monotonic()
            elif time.monotonic() - progress_at > args.stall:
                break
            time.sleep(2)
        settled_at = time.monotonic() - scraper.started_at
        print(f"drained in {time.monotonic() - drain_started:.0f}s", flush=True)
        # Receipts: until every recorded gift has one, or none is added for 70 s (the receipt sweep runs every minute).
        count, changed_at = -1, time.monotonic()
        while time.monotonic() - changed_at < 70 and time.monotonic() - wall_started < MAX_WALL - 60:
            now_sent = sum(receipts(mail_dir).values())
            if now_sent != count:
                count, changed_at = now_sent, time.monotonic()
            if now_sent >= seen:
                break
            time.sleep(5)
        time.sleep(2 * args.scrape)
        scraper.stop_event.set()
        scraper.join(timeout=10)

        paid_ids = set(
            str(v)
            for v in Donation.objects.filter(
                public_id__in=accepted, status__in=[Donation.Status.PROCESSING, Donation.Status.SUCCEEDED]
            ).values_list("public_id", flat=True)
        )
        per_gift = Counter(
            str(v)
            for v in Contribution.objects.filter(donation__public_id__in=accepted).values_list(
                "donation__public_id", flat=True
            )
        )
        lost = len([d for d in paid_ids if per_gift[d] == 0])
        duplicated = sum(n - 1 for n in per_gift.values() if n > 1)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) n FROM donations_contribution"
                " WHERE stripe_payment_intent_id <> '' GROUP BY stripe_payment_intent_id HAVING COUNT(*) > 1) d"
            )
            duplicated += int(cursor.fetchone()[0])
        emails = dict(Contribution.objects.filter(donation__public_id__in=accepted).values_list("donor__email", "pk"))
        sent = receipts(mail_dir)
        # Every drill donor is new and gives once: one receipt per address. (The seeded demo donors' receipts, sent
        # by the outbox sweep at start, are not the drill's.)
        receipts_missing = len([e for e in emails if sent[e] == 0])
        receipts_duplicated = sum(sent[e] - 1 for e in emails if sent[e] > 1)

        samples = scraper.samples
        redis_down = next(t for what, t in events if what == "redis stopped")
        redis_up = next(t for what, t in events if what.startswith("redis started"))
        during = [s for s in samples if redis_down <= s["t"] <= redis_up + args.scrape]
        broker_down_seen = any(s["broker_up"] == 0 for s in during)
        peak_unprocessed = max((s["unprocessed"] or 0 for s in samples if s["t"] >= redis_down), default=0)
        backlog = [s["t"] for s in samples if s["t"] > redis_up and (s["unprocessed"] or 0) > 0]
        cleared = [s for s in samples if backlog and s["t"] > backlog[-1] and s["unprocessed"] == 0]
        recovered_at = cleared[0]["t"] if cleared else None
        # recovered: events drained, and gifts being paid again after Redis came back
        paid_after = counter_increase(samples, "paid", redis_up, settled_at + 5)
        recovered = recovered_at is not None and paid_after > 0 and samples[-1]["unprocessed"] == 0
        http_5xx = (samples[-1]["http_5xx"] or 0) if samples else 0
        worker_gap = [s["t"] for s in samples if not s["worker_up"]]
        app_starved = len([s for s in samples if not s["app_up"]])

        print("\ntimeline (metrics as scraped; per 10 s window):")
        print(
            f"{'t(s)':>6} {'started/s':>9} {'paid/s':>7} {'5xx':>5} {'broker':>6} {'unproc':>7} {'oldest(s)':>9} "
            f"{'queued':>6} {'lag avg(s)':>10} {'worker':>6}"
        )
        end = samples[-1]["t"] if samples else 0
        for start in range(0, int(end) + 1, 10):
            window = [s for s in samples if start <= s["t"] < start + 10]
            if not window:
                continue
            started_rate = counter_increase(samples, "started", start, start + 10) / 10
            paid_rate = counter_increase(samples, "paid", start, start + 10) / 10
            lag_n = counter_increase(samples, "lag_count", start, start + 10)
            lag_s = counter_increase(samples, "lag_sum", start, start + 10)
            last = window[-1]
            broker = {1: "up", 0: "DOWN", None: "n/a"}[last["broker_up"]]
            notes = " ".join(what for what, t in events if start <= t < start + 10)
            print(
                f"{start:>6} {started_rate:>9.1f} {paid_rate:>7.1f} {int(last['http_5xx'] or 0):>5} "
                f"{broker:>6} {_n(last['unprocessed']):>7} "
                f"{_n(last['oldest']):>9} {_n(last['queued']):>6} "
                f"{(lag_s / lag_n if lag_n else 0):>10.2f} {'up' if last['worker_up'] else 'DOWN':>6}  {notes}"
            )
        recovery_s = (recovered_at - redis_up) if recovered_at is not None else -1
        print("(n/a: the worker's endpoint did not answer within 5 s, e.g. while it restarts)")
        print(
            f"\naccepted (201) {len(accepted)} of {len(load.samples)} arrivals; paid at Stripe {len(paid_ids)}; "
            f"recorded once {sum(1 for d in accepted if per_gift[d] == 1)}; lost {lost}; duplicated {duplicated}"
        )
        print(
            f"receipts: {sum(sent[e] for e in emails)} sent for {len(emails)} gifts; missing {receipts_missing}, "
            f"duplicated {receipts_duplicated}"
        )
        print(
            f"create latency p50 {percentile(latencies, 50):.0f} ms, p99 {percentile(latencies, 99):.0f} ms; "
            f"HTTP 5xx on /api/v1/donations/ {int(http_5xx)}; worker endpoint down {len(worker_gap)} scrapes; "
            f"the app's own /metrics starved {app_starved} of {len(samples)} scrapes (the master's port: "
            f"{len([x for x in samples if not x['web_up']])})"
        )
        print(
            f"incident: broker_up=0 seen {broker_down_seen}; unprocessed events peaked at {int(peak_unprocessed)}; "
            f"back to 0 {recovery_s:.0f}s after Redis returned; paid after recovery {int(paid_after)}"
        )
        load_rate = len(accepted) / max(1e-9, load_ended - load_started)
    finally:
        if scraper is not None:
            scraper.stop_event.set()
        processes.stop()
        emulator.stop()
        redis.stop()
    connection.close()
    drop_database(args.database)
    print(f"wall time {time.monotonic() - wall_started:.0f}s")
    final_line(
        "drill",
        seconds=load.wall_seconds,
        rate=args.rate,
        accepted_per_s=load_rate,
        arrivals=len(load.samples),
        accepted=len(accepted),
        paid=len(paid_ids),
        lost=lost,
        duplicated=duplicated,
        receipts_missing=receipts_missing,
        receipts_duplicated=receipts_duplicated,
        http_5xx=int(http_5xx),
        app_metrics_starved=app_starved,
        broker_down_seen=int(broker_down_seen),
        peak_unprocessed=int(peak_unprocessed),
        recovered=int(recovered),
        recovery_s=recovery_s,
    )
    return 0 if lost == 0 and duplicated == 0 and receipts_missing == 0 and receipts_duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
