"""`make run` on a port of one's choosing: emails link to that port, and the banner names every page a newcomer
needs (issue #16: links in emails pointed at :8000 and the banner left out /staff/ and where mail goes)."""

import importlib.util
from pathlib import Path

import pytest
from django.core import mail
from django.test import Client

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "run_dev.py"


def _run_dev():
    spec = importlib.util.spec_from_file_location("run_dev", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_links_in_emails_follow_the_port_and_the_banner_names_every_page():
    run_dev = _run_dev()
    env = run_dev.demo_environment(8123, {})
    assert env["PUBLIC_BASE_URL"] == "http://127.0.0.1:8123"
    assert run_dev.demo_environment(8123, {"PUBLIC_BASE_URL": "https://demo.example.org"})["PUBLIC_BASE_URL"] == (
        "https://demo.example.org"
    )
    text = run_dev.banner(8123, env)
    for path in ("/donate/demo/", "/staff/", "/demo/mailbox/", "/admin/", "/api/docs/"):
        assert f"http://127.0.0.1:8123{path}" in text, path
    assert ":8000" not in text


@pytest.mark.django_db
def test_the_demo_mailbox_shows_sent_mail_and_is_off_unless_enabled(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    mail.send_mail("Thank you for your gift", "Your gift of $25.00 to the 2028 primary.", None, ["jo@example.org"])
    mail.send_mail("Please tell us your employer", "Visit http://127.0.0.1:8123/desk/x/", None, ["al@example.org"])

    client = Client()
    settings.DEMO_MAILBOX = False
    assert client.get("/demo/mailbox/").status_code == 404

    settings.DEMO_MAILBOX = True
    page = client.get("/demo/mailbox/").content.decode()
    assert page.index("Please tell us your employer") < page.index("Thank you for your gift")  # newest first
    assert "jo@example.org" in page
    message = client.get("/demo/mailbox/2/").content.decode()
    assert "Please tell us your employer" in message and 'href="http://127.0.0.1:8123/desk/x/"' in message
    assert client.get("/demo/mailbox/9/").status_code == 404


def test_the_demo_files_reports_with_the_bundled_fec_emulator():
    run_dev = _run_dev()
    env = run_dev.demo_environment(8123, {})
    assert env["FEC_FILING_URL"] == f"http://127.0.0.1:{run_dev.FEC_EMULATOR_PORT}"
    assert run_dev.demo_environment(8123, {"FEC_FILING_URL": "https://fec.example"})["FEC_FILING_URL"] == (
        "https://fec.example"
    )
    assert f"FEC emulator:      http://127.0.0.1:{run_dev.FEC_EMULATOR_PORT}" in run_dev.banner(8123, env)
