"""docker-compose.yml cannot run here (no Docker engine): check its structure instead. Several web replicas
behind a load balancer, workers split by queue, MinIO with a bucket-creation step, health checks, and an
environment that points every app container at the shared services (never at a shared volume)."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent.parent
APP_SERVICES = ("migrate", "web", "worker", "worker-reports", "beat")


def _compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def test_compose_file_has_the_services_of_a_multi_machine_deployment():
    services = _compose()["services"]
    assert {"db", "redis", "minio", "minio-init", "lb", *APP_SERVICES} <= services.keys()
    for name in ("db", "redis", "minio", "web", "worker", "worker-reports", "lb"):
        assert services[name]["healthcheck"]["test"], name
    assert "mc mb" in " ".join(services["minio-init"]["command"])
    assert services["minio-init"]["depends_on"]["minio"]["condition"] == "service_healthy"


def test_web_can_be_scaled_and_workers_are_split_by_queue():
    services = _compose()["services"]
    assert "ports" not in services["web"], "a fixed host port would stop --scale web=2"
    assert services["lb"]["ports"] == ["8000:8000"]
    assert "/readyz" in str(services["web"]["healthcheck"]["test"])
    assert "-Q webhooks,email,default" in services["worker"]["command"]
    assert "-Q reports" in services["worker-reports"]["command"]
    assert "--prefetch-multiplier=1" in services["worker-reports"]["command"]
    assert "nginx-lb" in _compose()["configs"]


def test_every_app_container_uses_the_shared_services_and_no_shared_volume():
    services = _compose()["services"]
    for name in APP_SERVICES:
        service = services[name]
        env = service["environment"]
        assert env["DATABASE_URL"].startswith("postgres://"), name
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:"), name
        assert env["CACHE_URL"].startswith("redis://redis:"), name
        assert env["STORAGE_URL"] == "s3://fundraising-files", name
        assert env["S3_ENDPOINT_URL"] == "http://minio:9000", name
        assert env["LOG_FORMAT"] == "json", name
        assert "volumes" not in service, name
        assert service["env_file"] == ".env", name
    assert services["worker-reports"]["environment"]["DATABASE_POOL_MAX_SIZE"] == "2"
