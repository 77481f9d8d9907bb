"""Finding 8 of issue 15: best-efforts and monthly-cancel tokens appeared in request logs with the path. Whoever
reads the logs could then cancel a donor's monthly gift or answer for them. Token path segments and secret query
values are redacted in Django's request logs (ours and ``django.request``) and in gunicorn's access log."""

from __future__ import annotations

import logging
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import signing
from django.test import Client

from compliance.desk.best_efforts import TOKEN_SALT
from donations.services.recurring import CANCEL_SALT
from fundraising.gunicorn_logging import RedactingLogger
from fundraising.log_redaction import redact_secrets

pytestmark = pytest.mark.django_db

CANCEL = signing.dumps("0b8f2f0e-3c1d-4d0e-9a51-9c0d2f7d4e11", salt=CANCEL_SALT, compress=True)
BEST_EFFORTS = signing.dumps({"r": 987654}, salt=TOKEN_SALT)
PATHS = [f"/donate/monthly/cancel/{CANCEL}/", f"/desk/best-efforts/{BEST_EFFORTS}/"]


def _signature(token: str) -> str:
    return token.rsplit(":", 1)[-1]


@pytest.mark.parametrize("path", PATHS)
def test_django_request_logs_do_not_carry_link_tokens(path, caplog):
    caplog.set_level(logging.INFO)
    Client().get(path + "?token=also-secret-value&refcode=email")
    text = "\n".join(record.getMessage() for record in caplog.records)
    handler_text = "\n".join(caplog.text.splitlines())
    assert "request GET" in text  # the request is still logged, with its shape
    for secret in (_signature(CANCEL), _signature(BEST_EFFORTS), "also-secret-value"):
        assert secret not in text and secret not in handler_text


def test_a_not_found_with_a_token_is_logged_redacted(caplog):
    caplog.set_level(logging.INFO)
    Client().get(f"/donate/monthly/cancel/{CANCEL}/extra/nowhere")
    assert _signature(CANCEL) not in caplog.text


def test_gunicorn_access_log_redacts_paths_and_query_values():
    path = PATHS[0]
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?token=also-secret-value",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path,
        "QUERY_STRING": "token=also-secret-value",
        "HTTP_REFERER": f"https://donate.example.org{PATHS[1]}",
        "REMOTE_ADDR": "127.0.0.1",
    }
    logger = RedactingLogger.__new__(RedactingLogger)
    logger.cfg = SimpleNamespace(logger_class=RedactingLogger)
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.1))
    text = " ".join(str(value) for value in atoms.values())
    assert _signature(CANCEL) not in text and _signature(BEST_EFFORTS) not in text
    assert "also-secret-value" not in text
    assert "/donate/monthly/cancel/" in atoms["r"]


def test_the_redaction_keeps_ordinary_paths():
    assert redact_secrets("GET /staff/C00999999/ledger/?page=2") == "GET /staff/C00999999/ledger/?page=2"
    assert "[redacted]" in redact_secrets("/accounts/enrol/abcDEF123456789xyz/")


def test_gunicorn_config_uses_the_redacting_logger():
    from tests.conftest import REPO

    assert "fundraising.gunicorn_logging.RedactingLogger" in (REPO / "config" / "gunicorn.conf.py").read_text()
