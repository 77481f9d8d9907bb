"""Stripe webhooks have a queue of their own that only webhook work goes to, and every place that starts workers
consumes it, with a pool of its own wherever the deployment is shaped like production (docker-compose) or the
demo (make run): a paid gift is recorded while receipts, reviews and reports back up (the drill's finding)."""

import re
import shlex
from pathlib import Path

import yaml

from config.celery import app

REPO = Path(__file__).resolve().parent.parent.parent
WEBHOOK_TASKS = {"donations.tasks.stripe_event_process_task", "donations.tasks.stripe_events_redeliver_task"}


def _queue(task: str) -> str:
    return app.amqp.router.route({}, task)["queue"].name


def test_only_webhook_work_is_routed_to_the_webhooks_queue():
    app.loader.import_default_modules()
    ours = [name for name in app.tasks if name.startswith(("donations.", "compliance.", "operations.", "accounts."))]
    routed = {name for name in ours if _queue(name) == "webhooks"}
    assert routed == WEBHOOK_TASKS  # receipts, reviews, reports, expiry sweeps: never in front of a webhook
    assert _queue("donations.tasks.receipt_send_task") == "email"
    assert _queue("compliance.desk_tasks.contributions_review_pending_task") == "default"


def _queues_of(command: list[str]) -> set[str]:
    return set(command[command.index("-Q") + 1].split(",")) if "-Q" in command else set()


def test_compose_runs_a_webhooks_pool_of_its_own_and_every_fast_worker_takes_webhooks():
    services = yaml.safe_load((REPO / "docker-compose.yml").read_text())["services"]
    workers = {
        name: shlex.split(service["command"])
        for name, service in services.items()
        if isinstance(service.get("command"), str) and " worker " in f" {service['command']} "
    }
    assert _queues_of(workers["worker-webhooks"]) == {"webhooks"}
    assert services["worker-webhooks"]["healthcheck"]["test"]
    assert "webhooks" in _queues_of(workers["worker"])
    assert _queues_of(workers["worker-reports"]) == {"reports"}
    consumed = set().union(*(_queues_of(c) for c in workers.values()))
    assert consumed == {q.name for q in app.conf.task_queues}  # no queue nobody reads


def test_make_run_starts_a_webhooks_worker_and_the_test_workers_take_webhooks():
    run_dev = (REPO / "scripts" / "run_dev.py").read_text()
    queue_args = re.findall(r'"-Q",\s*"([^"]+)"', run_dev)
    assert "webhooks" in queue_args  # a worker of its own
    assert any("webhooks" in q.split(",") and "email" in q.split(",") for q in queue_args)
    fixture_queues = re.findall(r'"-Q",\s*"([^"]+)"', (REPO / "tests" / "conftest.py").read_text())
    assert fixture_queues and all("webhooks" in q.split(",") for q in fixture_queues)
    prometheus = (REPO / "deploy" / "monitoring" / "prometheus.yml").read_text()
    assert "worker-webhooks" in prometheus  # its metrics (gifts recorded, webhook lag) are scraped
