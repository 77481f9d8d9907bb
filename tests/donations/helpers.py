"""Shared helpers for donation tests."""

import requests

AFFIRMED = ["own_funds", "citizen", "not_contractor", "personal_card", "age"]
DONOR = {
    "first_name": "Jane",
    "last_name": "Doe",
    "street_1": "12 Main St",
    "city": "Springfield",
    "state": "VA",
    "zip_code": "22150",
    "email": "jane@example.com",
    "employer": "Acme Corp",
    "occupation": "Engineer",
}


def gift_body(
    page_slug: str,
    amount: str,
    *,
    payment_method: str = "pm_card_visa",
    election: str = "P2028",
    frequency: str = "once",
    **donor,
) -> dict:
    return {
        "page": page_slug,
        "amount": amount,
        "election": election,
        "payment_method": payment_method,
        "frequency": frequency,
        "donor": {**DONOR, **donor},
    }


def give(base_url: str, page_slug: str, amount: str, **kwargs) -> requests.Response:
    return requests.post(f"{base_url}/api/v1/donations/", json=gift_body(page_slug, amount, **kwargs), timeout=60)
