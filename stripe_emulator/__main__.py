"""Command line: ``python -m stripe_emulator --host 127.0.0.1 --port 12111 [--webhook-url URL --webhook-secret S]``.

Prints ``stripe-emulator listening on http://HOST:PORT`` on stdout once it accepts connections (``--port 0``
picks a free port). Logs one line per request and per webhook delivery on stderr, never request bodies.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from types import FrameType

from stripe_emulator.server import make_server
from stripe_emulator.store import Store
from stripe_emulator.webhooks import DEFAULT_RETRY_DELAYS


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options, with environment fallbacks."""
    parser = argparse.ArgumentParser(prog="python -m stripe_emulator", description="Stripe-compatible test server")
    parser.add_argument("--host", default=os.environ.get("STRIPE_EMULATOR_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("STRIPE_EMULATOR_PORT", "12111")))
    parser.add_argument("--webhook-url", default=os.environ.get("STRIPE_EMULATOR_WEBHOOK_URL"))
    parser.add_argument("--webhook-secret", default=os.environ.get("STRIPE_WEBHOOK_SECRET"))
    parser.add_argument(
        "--webhook-retry-delays",
        default=os.environ.get("STRIPE_EMULATOR_RETRY_DELAYS", ",".join(str(d) for d in DEFAULT_RETRY_DELAYS)),
        help="comma-separated seconds between delivery attempts; attempts = delays + 1",
    )
    parser.add_argument("--webhook-workers", type=int, default=int(os.environ.get("STRIPE_EMULATOR_WORKERS", "8")))
    parser.add_argument("--dispute-delay", type=float, default=0.05, help="seconds before a test dispute opens")
    env = os.environ.get
    parser.add_argument("--card-fee-percent", default=env("STRIPE_EMULATOR_CARD_FEE_PERCENT", "2.9"))
    parser.add_argument("--card-fee-fixed", type=int, default=int(env("STRIPE_EMULATOR_CARD_FEE_FIXED", "30")))
    parser.add_argument("--dispute-fee", type=int, default=int(env("STRIPE_EMULATOR_DISPUTE_FEE", "1500")))
    parser.add_argument("--payout-delay-days", type=int, default=int(env("STRIPE_EMULATOR_PAYOUT_DELAY_DAYS", "2")))
    parser.add_argument("--payout-arrival-days", type=int, default=int(env("STRIPE_EMULATOR_PAYOUT_ARRIVAL_DAYS", "1")))
    parser.add_argument(
        "--payout-schedule", choices=("daily", "manual"), default=env("STRIPE_EMULATOR_PAYOUT_SCHEDULE", "daily")
    )
    parser.add_argument("--max-events", type=int, default=200_000, help="events kept for /v1/events")
    parser.add_argument("--idempotency-limit", type=int, default=20_000, help="idempotency keys remembered")
    parser.add_argument(
        "--quiet", action="store_true", help="log only failures: no line per request or per successful delivery"
    )
    args = parser.parse_args(argv)
    if args.webhook_url and not args.webhook_secret:
        parser.error("--webhook-url needs --webhook-secret (or STRIPE_WEBHOOK_SECRET)")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the server until SIGINT/SIGTERM."""
    args = parse_args(argv)
    delays = tuple(float(d) for d in args.webhook_retry_delays.split(",") if d.strip())
    server = make_server(
        args.host,
        args.port,
        webhook_url=args.webhook_url,
        webhook_secret=args.webhook_secret,
        retry_delays=delays,
        webhook_workers=args.webhook_workers,
        log_requests=not args.quiet,
        settings={
            "dispute_delay": args.dispute_delay,
            "card_fee_percent": args.card_fee_percent,
            "card_fee_fixed": args.card_fee_fixed,
            "dispute_fee": args.dispute_fee,
            "payout_delay_days": args.payout_delay_days,
            "payout_arrival_days": args.payout_arrival_days,
            "payout_schedule": args.payout_schedule,
        },
        store=Store(idempotency_limit=args.idempotency_limit, event_limit=args.max_events),
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"stripe-emulator listening on {server.url}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
