"""Finding 6 of issue 15: production accepted the ``.env.example`` placeholders (a ``change-me-…`` secret key,
``whsec_replace_me``, ``sk_test_replace_me``) and ``check --deploy`` said "no issues". With a known key, signed
best-efforts links were forgeable. Production now refuses placeholders and short or known keys at startup, so
``check --deploy`` (and every other command) fails naming the variable; the demo and test settings still work."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from tests.test_production_settings import _manage


def _example_env() -> dict[str, str]:
    values = {}
    for line in (REPO / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


EXAMPLE = _example_env()


@pytest.mark.parametrize(
    "name",
    [
        "DJANGO_SECRET_KEY",
        "STRIPE_SECRET_KEY",
        "STRIPE_PUBLISHABLE_KEY",
        "STRIPE_WEBHOOK_SECRET",
        "METRICS_TOKEN",
        "TOTP_ENCRYPTION_KEY",
    ],
)
def test_each_env_example_placeholder_is_refused(name):
    assert name in EXAMPLE, f"{name} is no longer in .env.example"
    result = _manage("check", "--deploy", **{name: EXAMPLE[name]})
    assert result.returncode != 0, result.stdout
    assert name in result.stderr and "placeholder" in result.stderr


def test_the_whole_env_example_is_refused():
    result = _manage("check", "--deploy", **{k: v for k, v in EXAMPLE.items() if k.startswith(("DJANGO_", "STRIPE_"))})
    assert result.returncode != 0
    assert "no issues" not in result.stdout


@pytest.mark.parametrize(
    "key",
    [
        "insecure-development-key-do-not-use-in-production",  # the laptop default
        "django-insecure-" + "a1b2c3d4e5" * 5,  # what startproject generates for development
        "short-but-random-Zq8#vL2@pW9!rT5",  # under 50 characters
        "ab" * 30,  # long, but two distinct characters
    ],
)
def test_short_or_known_secret_keys_are_refused(key):
    result = _manage("check", "--deploy", DJANGO_SECRET_KEY=key)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_demo_and_test_settings_still_start():
    for module in ("config.settings.local", "config.settings.test"):
        result = _manage("check", DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY=None)
        assert result.returncode == 0, (module, result.stderr[-2000:])
