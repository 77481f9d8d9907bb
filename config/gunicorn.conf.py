"""Gunicorn settings for production (``gunicorn config.wsgi:application -c config/gunicorn.conf.py``).

Metrics: with ``PROMETHEUS_MULTIPROC_DIR`` set (an empty directory of this server's own, e.g. a tmpfs), every
worker process writes its metric values there and ``/metrics`` answers the sum over all of them
(prometheus_client's multiprocess mode). The master empties the directory before it forks its workers, and marks a
worker's files dead when it exits. Override the worker count with ``GUNICORN_WORKERS`` / ``--workers``."""

import os
from pathlib import Path

workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))


def on_starting(server) -> None:  # noqa: ANN001
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        for stale in Path(directory).glob("*.db"):
            stale.unlink(missing_ok=True)


def child_exit(server, worker) -> None:  # noqa: ANN001
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
