"""Gunicorn settings for the intake benchmark (bench/intake.py passes ``-c bench/gunicorn.conf.py``).

Threads, not just processes: every gift waits on the Stripe API call, and a thread waiting on a socket
releases the GIL. Override with GUNICORN_WORKERS / GUNICORN_THREADS."""

import os

workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
worker_class = "gthread"
keepalive = 30
backlog = 2048
accesslog = None
errorlog = "-"
loglevel = "warning"
preload_app = True
