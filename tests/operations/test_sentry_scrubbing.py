"""Errors go to Sentry without personal data: a real Django request fails while holding a donor's email, card
number, phone, address and session; the event the SDK hands to its transport (kept in memory here: no network)
carries the error and the request id, and none of those values."""

import json
import logging

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from operations.sentry import FILTERED, scrub_event, scrub_text, sentry_init

DONOR = {
    "email": "jane.donor@example.com",
    "card": "4242 4242 4242 4242",
    "first_name": "Jane",
    "street_1": "12 Secret Lane",
    "phone": "(703) 555-0199",
}


class MemoryTransport(Transport):
    def __init__(self, options=None) -> None:  # noqa: ANN001
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope) -> None:  # noqa: ANN001
        self.envelopes.append(envelope)

    def payloads(self) -> list[str]:
        return [item.get_bytes().decode() for envelope in self.envelopes for item in envelope.items]


@pytest.fixture
def sentry():
    transport = MemoryTransport()
    sentry_init(dsn="https://public@sentry.invalid/1", environment="test", transport=transport)
    try:
        yield transport
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init(dsn=None)


@pytest.mark.django_db
def test_a_failing_request_reaches_sentry_without_the_donors_data(client, sentry, settings):
    settings.ROOT_URLCONF = "tests.operations.sentry_urls"
    client.cookies["sessionid"] = "s3cr3t-session"
    client.raise_request_exception = False
    response = client.post(
        "/boom/?email=jane.donor%40example.com",
        data=DONOR,
        HTTP_X_REQUEST_ID="req-sentry-1",
        HTTP_AUTHORIZATION="Token abcdef123456",
        HTTP_USER_AGENT="Mozilla/5.0 (Jane's laptop)",
    )
    assert response.status_code == 500
    logging.getLogger("donations").error("receipt failed for %s", DONOR["email"])
    sentry_sdk.flush()
    payloads = sentry.payloads()
    assert payloads, "nothing reached the transport"
    sent = "\n".join(payloads)
    assert "ValueError" in sent and "could not record gift" in sent  # the error itself is there
    assert "req-sentry-1" in sent  # and the request id, to find the logs
    for value in [*DONOR.values(), "4242424242424242", "703-555-0199", "s3cr3t-session", "abcdef123456", "Jane's"]:
        assert value not in sent, value
    events = [json.loads(p) for p in payloads if '"exception"' in p]
    request = events[0]["request"]
    assert "data" not in request and "cookies" not in request
    assert set(request["headers"]) <= {"Content-Type", "Content-Length", "X-Request-Id", "Host", "Accept"}
    assert all("vars" not in frame for frame in events[0]["exception"]["values"][0]["stacktrace"]["frames"])


def test_scrubber_masks_nested_values_and_free_text():
    event = {
        "message": "refund to bob@example.org failed, card 5555555555554444",
        "extra": {"donor": {"first_name": "Bob"}, "contribution_id": 42, "notes": ["call +1 202 555 0143"]},
        "user": {"id": 7, "email": "staff@example.org", "ip_address": "10.0.0.1"},
        "request": {"url": "https://x/donate/", "query_string": "email=bob@example.org", "data": {"a": 1}},
    }
    clean = scrub_event(event)
    text = json.dumps(clean)
    assert "bob@" not in text and "5555555555554444" not in text and "202 555 0143" not in text
    assert clean["extra"]["donor"] == FILTERED and clean["extra"]["contribution_id"] == 42
    assert clean["user"] == {"id": 7}
    assert clean["request"]["query_string"] == FILTERED and "data" not in clean["request"]
    assert scrub_text("gift 2500 for report 17") == "gift 2500 for report 17"  # ids and amounts stay
