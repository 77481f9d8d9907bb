"""Object templates: Stripe's canonical fixtures (``data/fixtures.json``) with placeholder values cleaned.

Every object the emulator returns starts as a fresh copy of one of these templates, so it carries every key
Stripe's fixture has, with the same nesting. ``DEFAULTS`` replaces the fixtures' sample values (odd numbers,
``"type": "type"`` stand-ins, sample ids) by the values a new object of that kind really has, mostly null.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

API_VERSION = "2026-10-28.endive"
FIXTURES_PATH = Path(__file__).with_name("data") / "fixtures.json"

_NULL_ADDRESS = {"city": None, "country": None, "line1": None, "line2": None, "postal_code": None, "state": None}

#: Per resource: dotted path -> value laid over the fixture when the template is loaded.
DEFAULTS: dict[str, dict[str, Any]] = {
    "payment_intent": {
        "amount_details": {"tip": {}},
        "automatic_payment_methods": None,
        "canceled_at": None,
        "client_secret": None,
        "last_payment_error": None,
        "next_action": None,
        "payment_method_configuration_details": None,
        "processing": None,
        "shipping": None,
        "transfer_data": None,
        "managed_payments": None,
    },
    "charge": {
        "billing_details.name": None,
        "billing_details.address": dict(_NULL_ADDRESS),
        "balance_transaction": None,
        "description": None,
        "receipt_url": None,
        "shipping": None,
        "transfer_data": None,
        "source": None,
        "payment_method_details.card.installments": None,
        "payment_method_details.card.wallet": None,
        "payment_method_details.card.three_d_secure": None,
        "payment_method_details.card.network_token": {"used": False},
    },
    "customer": {"discount": None, "shipping": None, "currency": None},
    "dispute": {
        "reason": "fraudulent",
        "status": "needs_response",
        "is_charge_refundable": False,
        "enhanced_eligibility_types": [],
        "payment_method_details.card.case_type": "chargeback",
    },
    "event": {"api_version": API_VERSION, "data": {"object": None}},
    "invoice": {
        "account_name": "Emulated Stripe account",
        "auto_advance": True,
        "automatic_tax.liability": None,
        "billing_reason": "subscription_create",
        "customer_shipping": None,
        "due_date": None,
        "from_invoice": None,
        "last_finalization_error": None,
        "next_payment_attempt": None,
        "payment_settings.payment_method_options": None,
        "shipping_cost": None,
        "shipping_details": None,
        "webhooks_delivered_at": None,
        "amount_overpaid": 0,
        "lines.data": [],
        "parent": None,
    },
    "invoice_payment": {"livemode": False},
    "line_item": {"pretax_credit_amounts": [], "taxes": [], "discountable": True},
    "plan": {"transform_usage": None},
    "price": {"custom_unit_amount": None, "transform_quantity": None, "recurring": None, "type": "one_time"},
    "product": {
        "default_price": None,
        "description": None,
        "package_dimensions": None,
        "type": "service",
        "name": None,
    },
    "refund": {"destination_details": {"card": {"type": "refund"}, "type": "card"}},
    "setup_intent": {
        "automatic_payment_methods": None,
        "client_secret": None,
        "last_setup_error": None,
        "next_action": None,
        "payment_method_configuration_details": None,
    },
    "payment_method": {
        "billing_details": {"address": dict(_NULL_ADDRESS), "email": None, "name": None, "phone": None, "tax_id": None},
        "card.generated_from": None,
        "card.wallet": None,
        "metadata": {},
    },
    "subscription": {
        "automatic_tax.liability": None,
        "billing_cycle_anchor_config": None,
        "billing_mode": {"type": "classic", "flexible": None},
        "billing_schedules": [],
        "billing_thresholds": None,
        "cancel_at": None,
        "cancel_at_period_end": False,
        "canceled_at": None,
        "ended_at": None,
        "items.data": [],
        "managed_payments": None,
        "next_pending_invoice_item_invoice": None,
        "pause_collection": None,
        "payment_settings": {
            "payment_method_options": None,
            "payment_method_types": None,
            "save_default_payment_method": "off",
        },
        "pending_invoice_item_interval": None,
        "pending_update": None,
        "transfer_data": None,
        "trial_end": None,
        "trial_start": None,
    },
    "subscription_item": {"billing_thresholds": None},
    "test_helpers.test_clock": {},
    "webhook_endpoint": {"description": None},
}


def _set_path(obj: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        obj = obj[part]
    obj[leaf] = value


def _load() -> dict[str, str]:
    with FIXTURES_PATH.open(encoding="utf-8") as fh:
        resources: dict[str, Any] = json.load(fh)["resources"]
    templates: dict[str, str] = {}
    for name, fixture in resources.items():
        for path, value in DEFAULTS.get(name, {}).items():
            _set_path(fixture, path, json.loads(json.dumps(value)))
        if "livemode" in fixture:
            fixture["livemode"] = False
        templates[name] = json.dumps(fixture)
    return templates


_TEMPLATES = _load()


def new(resource: str, **values: Any) -> dict[str, Any]:
    """A fresh object of ``resource`` (a fixtures3 resource name) with ``values`` laid over the template."""
    obj: dict[str, Any] = json.loads(_TEMPLATES[resource])
    obj.update(values)
    return obj


def fixture(resource: str) -> dict[str, Any]:
    """The cleaned template itself (a copy), e.g. for shape checks."""
    return json.loads(_TEMPLATES[resource])
