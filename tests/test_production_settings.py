"""Production settings: `check --deploy` is clean, and unsafe configurations refuse to start."""

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO

GOOD = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "k" * 20 + "-Zq8#vL2@pW9!rT5$yU1&xN4*mB7^cJ0",
    "DJANGO_ALLOWED_HOSTS": "donate.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/fundraising",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
    "STRIPE_SECRET_KEY": "sk_test_production_shaped",
    "STRIPE_PUBLISHABLE_KEY": "pk_test_production_shaped",
    "STRIPE_WEBHOOK_SECRET": "whsec_production_shaped",
    "TOTP_ENCRYPTION_KEY": "q3vJ0mJ1c4nF8Zt2bW6yR9pL5sXeK7dH1gA4uC0iT2o=",
    "FIELD_ENCRYPTION_KEY": "Zp1kV7wQ2mX9rB4tN6yC8uH3jL5sD0fG2aE7iO1qW3c=",
}


def _manage(*args: str, **env_changes: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STRIPE_", "DATABASE_", "TEST_"))}
    env.update(GOOD)
    for key, value in env_changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_is_clean():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DJANGO_DEBUG": "true"}, "DJANGO_DEBUG must be off"),
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
        ({"STRIPE_SECRET_KEY": None}, "STRIPE_SECRET_KEY must be set"),
        ({"STRIPE_WEBHOOK_SECRET": None}, "STRIPE_WEBHOOK_SECRET must be set"),
        ({"STRIPE_PUBLISHABLE_KEY": None}, "STRIPE_PUBLISHABLE_KEY must be set"),
    ],
)
def test_unsafe_configuration_refuses_to_start(change, message):
    result = _manage("check", **change)
    assert result.returncode != 0
    assert message in result.stderr
