"""Start the whole demo on one laptop: the Stripe emulator, the FEC filing emulator, a Celery worker and the web
server.

Embedded defaults only (SQLite file, filesystem Celery broker, emulator): nothing to install but Python.
Ctrl-C stops every process this script started."""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EMULATOR_PORT = int(os.environ.get("STRIPE_EMULATOR_PORT", "12111"))
FEC_EMULATOR_PORT = int(os.environ.get("FEC_EMULATOR_PORT", "12112"))


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def demo_environment(port: int, base: dict[str, str]) -> dict[str, str]:
    """The environment every demo process shares. Links in emails (receipts, best-efforts requests, sign-in
    links) point at the port the site actually listens on."""
    env = dict(base)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    env.setdefault("LOG_FORMAT", "plain")  # readable on a laptop; LOG_FORMAT=json for one JSON object per line
    env.setdefault("STRIPE_EMULATOR_URL", f"http://127.0.0.1:{EMULATOR_PORT}")
    env.setdefault("STRIPE_WEBHOOK_SECRET", "whsec_emulator")
    env.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    # Reports are submitted to the bundled FEC emulator (fec_emulator/), polled every few seconds.
    env.setdefault("FEC_FILING_URL", f"http://127.0.0.1:{FEC_EMULATOR_PORT}")
    env.setdefault("FEC_FILING_API_KEY", "fec-emulator-key")
    env.setdefault("FEC_FILING_POLL_SECONDS", "3")
    return env


def banner(port: int, env: dict[str, str]) -> str:
    site = f"http://127.0.0.1:{port}"
    password = env.get("DEMO_PASSWORD", "demo-treasurer-2026")
    secret = env.get("DEMO_TOTP_SECRET", "DEMOTREASURERTOTPKEYFORMAKERUN22")
    return (
        "\n"
        f"  Donation page:     {site}/donate/demo/\n"
        f"  Treasurer console: {site}/staff/   (login: treasurer / {password}, then a TOTP code:\n"
        f"                     .venv/bin/python -m accounts.totp_now {secret})\n"
        f"  Demo mailbox:      {site}/demo/mailbox/   (every email the demo sent: receipts, requests, reminders)\n"
        f"  API docs:          {site}/api/docs/\n"
        f"  Operators' admin:  {site}/admin/   (login: operator / {password})\n"
        f"  Stripe emulator:   http://127.0.0.1:{EMULATOR_PORT}/   (test cards: pick one on the payment step)\n"
        f"  FEC emulator:      {env['FEC_FILING_URL']}   (Submit to the FEC: any filing password is accepted)\n"
        "  Press Ctrl-C to stop everything.\n"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    env = demo_environment(args.port, os.environ.copy())
    webhook_secret = env["STRIPE_WEBHOOK_SECRET"]
    python = sys.executable
    commands = {
        "stripe-emulator": [
            python,
            "-m",
            "stripe_emulator",
            "--host",
            "127.0.0.1",
            "--port",
            str(EMULATOR_PORT),
            "--webhook-url",
            f"http://127.0.0.1:{args.port}/webhooks/stripe/",
            "--webhook-secret",
            webhook_secret,
        ],
        "fec-emulator": [
            python,
            "-m",
            "fec_emulator",
            "--host",
            "127.0.0.1",
            "--port",
            str(FEC_EMULATOR_PORT),
            "--api-key",
            env["FEC_FILING_API_KEY"],
        ],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--pool=solo",
            "-Q",
            "webhooks,reports,email,default",  # one worker on every queue; production runs a pool per kind
            "-n",
            "demo@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        # Webhooks have a worker of their own (as in production), so a gift is recorded while a report builds.
        "worker-webhooks": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--loglevel=INFO",
            "--pool=solo",
            "-Q",
            "webhooks",
            "-n",
            "demo-webhooks@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        "beat": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "--loglevel=INFO",
            "--schedule",
            str(REPO / "var" / "celerybeat-schedule"),
        ],
        "web": [python, "manage.py", "runserver", f"127.0.0.1:{args.port}", "--noreload"],
    }
    processes: dict[str, subprocess.Popen] = {}
    signal.signal(signal.SIGTERM, _stop)  # `kill` stops everything too, not just Ctrl-C
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command, cwd=REPO, env=env, start_new_session=True)
            print(f"started {name} (pid {processes[name].pid})", flush=True)
        time.sleep(2)
        print(banner(args.port, env), flush=True)
        while True:
            for name, process in processes.items():
                if process.poll() is not None:
                    print(f"{name} exited with {process.returncode}; stopping the rest", flush=True)
                    return process.returncode or 1
            time.sleep(0.5)
    except KeyboardInterrupt:
        print("\nstopping…", flush=True)
        return 0
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
