"""Benchmark: the server time of every console page on the demo data.

Creates its own database, seeds it as ``make run`` does (``seed_demo``: a committee, months of gifts, a built
and filed report), signs the demo treasurer in with both factors, then requests each page in-process through the
Django test client, round-robin over the pages (so machine noise hits them alike), and keeps the median of
``--repetitions`` per page. A trivial page (the health check, no template and one query) is timed in the same
rounds as the machine's baseline.

    python bench/console_pages.py [--repetitions 15] [--database bench_console]

Last line: ``console_pages pages=… slowest_ms=… over_300ms=… baseline_ms=…`` (the slowest page is named above it)."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import create_database, drop_database, final_line, machine, migrate, setup_django  # noqa: E402

TARGET_MS = 300.0


def pages(committee, donor_id: int, report_id: int, transaction_id: str) -> dict[str, str]:
    c = committee.fec_id
    return {
        "overview": f"/staff/{c}/",
        "ledger": f"/staff/{c}/ledger/",
        "ledger itemized": f"/staff/{c}/ledger/?itemized=yes",
        "ledger csv": f"/staff/{c}/ledger/export.csv",
        "transaction": f"/staff/{c}/ledger/id/{transaction_id}/",
        "donors": f"/staff/{c}/donors/",
        "donor search": f"/staff/{c}/donors/?q=smith",
        "donor profile": f"/staff/{c}/donors/{donor_id}/",
        "reports": f"/staff/{c}/reports/",
        "report": f"/staff/{c}/reports/{report_id}/",
        "report summary": f"/staff/{c}/reports/{report_id}/summary/",
        "report summary pdf": f"/staff/{c}/reports/{report_id}/summary.pdf",
        "calendar": f"/staff/{c}/reports/calendar/",
        "new report": f"/staff/{c}/reports/new/",
        "compliance": f"/staff/{c}/compliance/",
        "settings": f"/staff/{c}/settings/",
        "receipt form": f"/staff/{c}/ledger/new/receipt/",
    }


def sign_in(client, user) -> None:  # noqa: ANN001
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repetitions", type=int, default=15)
    parser.add_argument("--database", default="bench_console")
    parser.add_argument("--keep-database", action="store_true")
    args = parser.parse_args(argv)

    url = create_database(args.database)
    setup_django(url, MEDIA_ROOT=tempfile.mkdtemp(prefix="bench-console-"), STORAGE_URL="", LOG_LEVEL="WARNING")
    migrate()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from committees.models import Committee
    from compliance.models import Report
    from donations.models import Contribution, Donor

    print(f"machine: {machine()}")
    started = time.perf_counter()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    print(f"seeded in {time.perf_counter() - started:.1f}s: {Contribution.objects.count()} contributions")
    committee = Committee.objects.get(fec_id="C00999999")
    donor = Donor.objects.filter(committee=committee).annotate(n=Count("contributions")).order_by("-n").first()
    report = Report.objects.filter(committee=committee, status=Report.Status.DONE).order_by("-pk").first()
    contribution = Contribution.objects.filter(committee=committee).order_by("-amount").first()
    client = Client(SERVER_NAME="localhost")
    sign_in(client, get_user_model().objects.get(username="treasurer"))
    urls = {"baseline (health)": "/healthz", **pages(committee, donor.pk, report.pk, contribution.transaction_id)}

    times: dict[str, list[float]] = {name: [] for name in urls}
    queries: dict[str, int] = {}
    for name, path in list(urls.items()):  # warm-up and status check; a lookup's redirect is followed once
        response = client.get(path)
        if response.status_code == 302:
            urls[name] = path = response["Location"]
            response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{name} {path} answered {response.status_code}")
    for _ in range(args.repetitions):
        for name, path in urls.items():
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                response = client.get(path)
                if getattr(response, "streaming", False):
                    b"".join(response.streaming_content)
                times[name].append((time.perf_counter() - begin) * 1000)
            queries[name] = len(captured)

    print(f"{'page':<22}{'median ms':>10}{'p90 ms':>9}{'queries':>9}")
    medians = {}
    for name, values in times.items():
        values.sort()
        medians[name] = statistics.median(values)
        p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
        print(f"{name:<22}{medians[name]:>10.1f}{p90:>9.1f}{queries[name]:>9}")
    connection.close()
    if not args.keep_database:
        drop_database(args.database)
    baseline = medians.pop("baseline (health)")
    slowest = max(medians, key=medians.get)
    over = sum(1 for value in medians.values() if value > TARGET_MS)
    print(f"slowest: {slowest}")
    final_line(
        "console_pages",
        pages=len(medians),
        slowest_ms=round(medians[slowest], 1),
        over_300ms=over,
        baseline_ms=round(baseline, 2),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
