"""Finding 5: behind the shipped nginx (compose's `lb`) every request arrives from the proxy's address. The web
service must count the proxy (CHECKOUT_TRUSTED_PROXY_COUNT) so each donor is limited on their own address,
not all donors together on nginx's (issue #15)."""

import re
from pathlib import Path

import pytest
import yaml
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from donations.services.card_testing import CheckoutSource, TooManyAttempts, checkout_guard

REPO = Path(__file__).resolve().parents[2]
NGINX_ADDR = "172.18.0.5"  # the lb container, as the web container sees it


def _compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


def _resolve(value: str) -> str:
    """Compose's ${NAME:-default} interpolation, with nothing set in the shell: the default."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", str(value))


def _proxies_appending_forwarded_for(compose: dict) -> int:
    """How many hops in front of `web` append to X-Forwarded-For: the lb's nginx, when it does."""
    nginx = compose["configs"]["nginx-lb"]["content"]
    return 1 if "X-Forwarded-For $$proxy_add_x_forwarded_for" in nginx else 0


def _web_proxy_count() -> int:
    environment = _compose()["services"]["web"].get("environment") or {}
    return int(_resolve(environment.get("CHECKOUT_TRUSTED_PROXY_COUNT", "0")))


def test_compose_tells_web_how_many_proxies_are_in_front():
    compose = _compose()
    hops = _proxies_appending_forwarded_for(compose)
    assert hops == 1
    assert _web_proxy_count() == hops
    # Only web sits behind the proxy; workers and beat never read a client address.
    for name in ("worker", "beat"):
        assert "CHECKOUT_TRUSTED_PROXY_COUNT" not in (compose["services"][name].get("environment") or {})


def test_env_example_documents_the_proxy_count():
    text = (REPO / ".env.example").read_text()
    match = re.search(r"^#?\s*CHECKOUT_TRUSTED_PROXY_COUNT=(\d+)", text, re.MULTILINE)
    assert match, "CHECKOUT_TRUSTED_PROXY_COUNT is not in .env.example"
    before = text[: match.start()].splitlines()[-3:]
    assert any("X-Forwarded-For" in line for line in before), "no explanation above the setting"


@pytest.mark.django_db
def test_two_donors_behind_the_shipped_proxy_are_limited_separately(settings):
    from config.settings.components.checkout import CHECKOUT_RATE_LIMITS

    settings.CHECKOUT_RATE_LIMITS = CHECKOUT_RATE_LIMITS  # the production limits (10 a minute per IP)
    cache.clear()
    factory = RequestFactory()

    def attempt(client: str, n: int) -> None:
        # nginx appends the address it saw to whatever the client sent (here: nothing).
        request = factory.post("/api/v1/donations/", REMOTE_ADDR=NGINX_ADDR, HTTP_X_FORWARDED_FOR=client)
        checkout_guard(CheckoutSource(request=request, email=f"donor{n}@example.net"))

    with override_settings(CHECKOUT_TRUSTED_PROXY_COUNT=_web_proxy_count()):
        for n in range(10):
            attempt("203.0.113.10", n)
        with pytest.raises(TooManyAttempts):
            attempt("203.0.113.10", 10)
        attempt("198.51.100.20", 11)  # another donor, same proxy: not limited by the first one's attempts
