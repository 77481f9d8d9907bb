"""Sign webhook payloads the way Stripe does, by hand (independently of the SDK under test)."""

import hashlib
import hmac
import json
import time


def signed(payload: dict, secret: str, *, timestamp: int | None = None) -> tuple[bytes, str]:
    body = json.dumps(payload).encode()
    t = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={t},v1={signature}"


def payment_intent_event(
    *,
    event_id: str,
    intent_id: str,
    donation_id: str,
    amount_cents: int,
    event_type: str = "payment_intent.succeeded",
    created: int | None = None,
) -> dict:
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": created or int(time.time()),
        "livemode": False,
        "data": {
            "object": {
                "id": intent_id,
                "object": "payment_intent",
                "amount": amount_cents,
                "amount_received": amount_cents,
                "latest_charge": "ch_test",
                "metadata": {"donation_id": donation_id},
                "status": "succeeded",
            }
        },
    }
