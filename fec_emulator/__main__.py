"""Command line: ``python -m fec_emulator --host 127.0.0.1 --port 12112 [--api-key K] [--processing-polls N]``.

Prints ``fec-emulator listening on http://HOST:PORT`` on stdout once it accepts connections (``--port 0`` picks a
free port)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from types import FrameType

from fec_emulator.server import make_server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fec_emulator", description="FEC filing upload service stand-in")
    parser.add_argument("--host", default=os.environ.get("FEC_EMULATOR_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("FEC_EMULATOR_PORT", "12112")))
    parser.add_argument("--api-key", default=os.environ.get("FEC_FILING_API_KEY", "fec-emulator-key"))
    parser.add_argument("--processing-polls", type=int, default=1, help="status polls answered PROCESSING first")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    server = make_server(
        args.host, args.port, api_key=args.api_key, processing_polls=args.processing_polls, quiet=args.quiet
    )

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"fec-emulator listening on {server.url}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
