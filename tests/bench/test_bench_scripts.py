"""The benchmark scripts run, with tiny parameters, so they cannot rot. Each runs as a subprocess against its
own database; only the shape of the final ``key=value`` line and correctness (nothing lost, nothing
duplicated) are asserted, never speed: the machines are shared and noisy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from bench.common import parse_final_line

REPO = Path(__file__).resolve().parents[2]


def _database(name: str) -> str:
    base = os.environ.get("TEST_DATABASE_NAME", "test_fundraising")
    return f"{base}_bench_{name}_{os.getpid()}"


def _run(script: str, *args: str, timeout: float = 120) -> str:
    process = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    return process.stdout


def test_limits_benchmark_runs():
    figures = parse_final_line(_run("limits.py", "--repetitions", "20", "--database", _database("limits")), "limits")
    assert set(figures) >= {"gifts_1_us", "gifts_100_us", "gifts_10000_us", "ratio"}
    assert all(figures[key] > 0 for key in ("gifts_1_us", "gifts_100_us", "gifts_10000_us", "ratio"))


def test_report_benchmark_runs():
    figures = parse_final_line(_run("report.py", "--rows", "1000", "--database", _database("report")), "report")
    assert set(figures) >= {"rows", "seconds", "rows_per_s", "copy_ratio", "peak_rss_mb"}
    assert figures["rows"] > 0
    assert figures["peak_rss_mb"] > 0


@pytest.mark.timeout(180)
def test_intake_benchmark_runs_and_loses_nothing():
    output = _run(
        "intake.py",
        "--seconds", "2",
        "--baseline-seconds", "0.5",
        "--warmup-seconds", "0.5",
        "--concurrency", "4",
        "--database", _database("intake"),
        "--redis-url", settings.CELERY_BROKER_URL,  # its own queues on it: the suite's worker never sees them
        timeout=170,
    )  # fmt: skip
    figures = parse_final_line(output, "intake")
    assert set(figures) >= {"seconds", "accepted_per_s", "p50_ms", "p99_ms", "lost", "duplicated"}
    assert figures["accepted"] > 0
    assert figures["lost"] == 0
    assert figures["duplicated"] == 0
    assert figures["errors"] == 0


def test_console_pages_benchmark_runs():
    """Every console page answers 200 on the demo data the benchmark seeds (it stops at the first that does not)."""
    out = _run("console_pages.py", "--repetitions", "1", "--database", _database("console"), timeout=300)
    figures = parse_final_line(out, "console_pages")
    assert figures["pages"] >= 17 and figures["slowest_ms"] > 0 and figures["baseline_ms"] > 0
