"""bench/report.py runs end to end on 2,000 contributions (its own database) and ends with its figures line.
Only the shape of that line is asserted, never speed: the machines are shared and noisy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.common import parse_final_line

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(300)
def test_report_benchmark_final_line_parses():
    database = f"{os.environ.get('TEST_DATABASE_NAME', 'test_fundraising')}_bench_report2k_{os.getpid()}"
    process = subprocess.run(
        [sys.executable, str(REPO / "bench" / "report.py"), "--rows", "2000", "--database", database],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert process.returncode == 0, process.stdout[-3000:] + process.stderr[-3000:]
    last = process.stdout.strip().splitlines()[-1]
    assert last.startswith("report rows=")
    figures = parse_final_line(process.stdout, "report")
    assert set(figures) >= {"rows", "seconds", "rows_per_s", "copy_ratio", "peak_rss_mb"}
    assert figures["rows"] > 0 and figures["seconds"] > 0 and figures["peak_rss_mb"] > 0
    assert figures["copy_ratio"] > 0
