"""Every object the emulator returns carries every key of Stripe's canonical fixture for its type
(``tests/reference/stripe/fixtures3_subset.json``, an unmodified subset of Stripe's ``fixtures3.json``),
with the same nesting and ``object`` values."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import requests

from stripe_emulator.testing import RunningEmulator

from .conftest import API_KEY, WebhookReceiver

REPO = Path(__file__).resolve().parents[2]
# The independent yardstick: the emulator builds its objects from PACKAGE_FIXTURES, so they prove nothing alone.
REFERENCE_FIXTURES = REPO / "tests" / "reference" / "stripe" / "fixtures3_subset.json"
PACKAGE_FIXTURES = REPO / "stripe_emulator" / "data" / "fixtures.json"


def _fixtures() -> dict[str, Any]:
    return json.loads(REFERENCE_FIXTURES.read_text())["resources"]


def shape_problems(fixture: Any, ours: Any, path: str = "") -> list[str]:
    """Keys of ``fixture`` missing from ``ours`` (recursively). A null in ours stands for an absent nested
    object (Stripe's nullable fields); lists are compared element-wise against the fixture's first element;
    ``metadata`` contents are free-form and not compared."""
    problems: list[str] = []
    if isinstance(fixture, dict):
        if ours is None:
            return problems
        if not isinstance(ours, dict):
            return [f"{path or '.'}: expected an object, got {type(ours).__name__}"]
        for key, value in fixture.items():
            if key not in ours:
                problems.append(f"{path}.{key} missing")
            elif key != "metadata":  # free-form: the fixture's sample keys are not part of the shape
                problems.extend(shape_problems(value, ours[key], f"{path}.{key}"))
        expected = fixture.get("object")
        if isinstance(expected, str) and ours.get("object") != expected:
            problems.append(f"{path}.object is {ours.get('object')!r}, fixture has {expected!r}")
    elif isinstance(fixture, list) and fixture and isinstance(fixture[0], dict) and isinstance(ours, list):
        for index, item in enumerate(ours):
            problems.extend(shape_problems(fixture[0], item, f"{path}[{index}]"))
    return problems


class Api:
    """Plain JSON access to the emulator (no SDK objects), for exact key sets."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {API_KEY}"

    def __call__(self, method: str, path: str, data: dict[str, Any] | None = None) -> dict[str, Any]:
        if method == "GET":
            response = self.session.get(self.url + path, params=data, timeout=10)
        else:
            response = self.session.request(method, self.url + path, data=data, timeout=10)
        return response.json()


@pytest.fixture
def objects(emulator: RunningEmulator, receiver: WebhookReceiver) -> dict[str, dict[str, Any]]:
    """One emulator object of each resource type the app uses."""
    api = Api(emulator.url)
    out: dict[str, dict[str, Any]] = {}
    clock = api("POST", "/v1/test_helpers/test_clocks", {"frozen_time": "1767225600"})
    out["test_helpers.test_clock"] = clock
    customer = api("POST", "/v1/customers", {"email": "shape@example.org", "test_clock": clock["id"]})
    out["customer"] = customer
    out["payment_method"] = api("POST", "/v1/payment_methods", {"type": "card", "card[token]": "tok_visa"})
    pi = api(
        "POST",
        "/v1/payment_intents",
        {"amount": "2000", "currency": "usd", "customer": customer["id"], "automatic_payment_methods[enabled]": "true"},
    )
    declined = api("POST", f"/v1/payment_intents/{pi['id']}/confirm", {"payment_method": "pm_card_chargeDeclined"})
    out["payment_intent (declined)"] = declined["error"]["payment_intent"]
    three_ds = api(
        "POST",
        "/v1/payment_intents",
        {"amount": "2000", "currency": "usd", "payment_method": "pm_card_authenticationRequired", "confirm": "true"},
    )
    out["payment_intent (requires_action)"] = three_ds
    paid = api("POST", f"/v1/payment_intents/{pi['id']}/confirm", {"payment_method": "pm_card_createDispute"})
    out["payment_intent"] = paid
    out["refund"] = api("POST", "/v1/refunds", {"payment_intent": paid["id"], "amount": "500"})
    out["charge"] = api("GET", f"/v1/charges/{paid['latest_charge']}")
    dispute_event = receiver.wait_for_type("charge.dispute.created")[0].event
    out["dispute"] = api("GET", f"/v1/disputes/{dispute_event['data']['object']['id']}")
    out["event"] = api("GET", f"/v1/events/{dispute_event['id']}")
    out["setup_intent"] = api("POST", "/v1/setup_intents", {"customer": customer["id"]})
    price = api(
        "POST",
        "/v1/prices",
        {"currency": "usd", "unit_amount": "1000", "recurring[interval]": "month", "product_data[name]": "Monthly"},
    )
    out["price"] = price
    out["product"] = api("GET", f"/v1/products/{price['product']}")
    sub = api(
        "POST",
        "/v1/subscriptions",
        {"customer": customer["id"], "items[0][price]": price["id"], "default_payment_method": "pm_card_visa"},
    )
    out["subscription"] = sub
    out["subscription_item"] = api("GET", f"/v1/subscription_items/{sub['items']['data'][0]['id']}")
    invoice = api("GET", f"/v1/invoices/{sub['latest_invoice']}")
    out["invoice"] = invoice
    out["line_item"] = invoice["lines"]["data"][0]
    out["plan"] = sub["items"]["data"][0]["plan"]
    out["invoice_payment"] = api("GET", "/v1/invoice_payments", {"invoice": invoice["id"]})["data"][0]
    out["webhook_endpoint"] = api(
        "POST", "/v1/webhook_endpoints", {"url": "http://127.0.0.1:9/x", "enabled_events[]": "charge.refunded"}
    )
    out["deleted_customer"] = api("DELETE", f"/v1/customers/{api('POST', '/v1/customers', {})['id']}")
    return out


def test_package_fixtures_are_an_unmodified_subset() -> None:
    reference = _fixtures()
    packaged = json.loads(PACKAGE_FIXTURES.read_text())["resources"]
    assert packaged == {name: reference[name] for name in packaged}
    assert (PACKAGE_FIXTURES.parent / "LICENSE").read_text() == (REFERENCE_FIXTURES.parent / "LICENSE").read_text()


def test_objects_match_fixture_shapes(objects: dict[str, dict[str, Any]]) -> None:
    fixtures = _fixtures()
    problems: list[str] = []
    for name, obj in objects.items():
        resource = name.split(" ")[0]
        assert "error" not in obj, (name, obj)
        fixture = fixtures[resource]
        if resource == "event":  # the fixture's event is about a plan; compare data.object with its own type
            fixture = {**fixture, "data": {}}
            found = shape_problems(fixtures["dispute"], obj["data"]["object"], f"{name}.data.object")
            found += [] if "object" in obj["data"] else [f"{name}.data.object missing"]
        else:
            found = []
        found += shape_problems(fixture, obj, name)
        problems.extend(found)
    assert problems == []


def test_nested_objects_match_their_fixtures(objects: dict[str, dict[str, Any]]) -> None:
    fixtures = _fixtures()
    sub = objects["subscription"]
    problems = shape_problems(fixtures["subscription_item"], sub["items"]["data"][0], "subscription.items[0]")
    problems += shape_problems(fixtures["price"], sub["items"]["data"][0]["price"], "subscription.items[0].price")
    declined = objects["payment_intent (declined)"]
    problems += shape_problems(fixtures["payment_method"], declined["last_payment_error"]["payment_method"], "lpe.pm")
    problems += shape_problems(fixtures["refund"], objects["charge"]["refunds"]["data"][0], "charge.refunds[0]")
    assert problems == []


def test_ids_and_object_values(objects: dict[str, dict[str, Any]]) -> None:
    prefixes = {
        "payment_intent": "pi_",
        "customer": "cus_",
        "charge": "ch_",
        "refund": "re_",
        "dispute": "dp_",
        "event": "evt_",
        "invoice": "in_",
        "invoice_payment": "inpay_",
        "subscription": "sub_",
        "subscription_item": "si_",
        "price": "price_",
        "product": "prod_",
        "setup_intent": "seti_",
        "payment_method": "pm_",
        "test_helpers.test_clock": "clock_",
        "webhook_endpoint": "we_",
    }
    for resource, prefix in prefixes.items():
        obj = objects[resource]
        assert obj["id"].startswith(prefix), (resource, obj["id"])
        assert len(obj["id"]) >= len(prefix) + 14
        assert obj["object"] == resource or (resource == "deleted_customer")
    assert objects["deleted_customer"] == {
        "deleted": True,
        "id": objects["deleted_customer"]["id"],
        "object": "customer",
    }


def test_shape_checker_catches_missing_keys() -> None:
    fixture = {"a": 1, "b": {"c": 2, "object": "x"}, "l": [{"k": 1}]}
    assert shape_problems(fixture, {"a": 1, "b": None, "l": []}) == []
    assert shape_problems(fixture, {"a": 1, "b": {"object": "x"}, "l": [{}]}) == [".b.c missing", ".l[0].k missing"]
    assert shape_problems(fixture, {"b": {"c": 1, "object": "y"}, "l": []}) == [
        ".a missing",
        ".b.object is 'y', fixture has 'x'",
    ]
