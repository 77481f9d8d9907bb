"""The Stripe.js stand-in (``/js/v3/stripe.js``) run in Node.js with a tiny DOM shim against the emulator:
the Payment Element's test cards confirm real PaymentIntents through the publishable key + client_secret."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import stripe

from stripe_emulator.testing import RunningEmulator

from .conftest import WebhookReceiver

NODE_DRIVER = r"""
const [scriptUrl, clientSecret, choice, viaGlobal] = process.argv.slice(2);
function element(tag) {
  return {
    tagName: tag, children: [], attributes: {}, listeners: {}, textContent: "", id: "", name: "", className: "",
    get value() { return this._value !== undefined ? this._value : (this.children[0] || {}).value; },
    set value(v) { this._value = v; },
    setAttribute(k, v) { this.attributes[k] = String(v); },
    appendChild(child) { child.parentNode = this; this.children.push(child); return child; },
    removeChild(child) { this.children = this.children.filter((c) => c !== child); },
    addEventListener(name, fn) { (this.listeners[name] = this.listeners[name] || []).push(fn); },
    focus() {},
    set innerHTML(v) { this.children = []; },
  };
}
const host = element("div");
globalThis.window = globalThis;
window.location = {
  href: "http://127.0.0.1:1/donate",
  assign(url) { console.log(JSON.stringify({ redirected: url })); },
};
globalThis.document = {
  currentScript: viaGlobal === "1" ? null : { src: scriptUrl },
  createElement: element,
  querySelector: (selector) => (selector === "#payment-element" ? host : null),
};
if (viaGlobal === "1") window.__STRIPE_EMULATOR_BASE__ = new URL(scriptUrl).origin;
window.__STRIPE_EMULATOR_3DS_OUTCOME__ = "succeed";  // no page here to show the challenge dialog on
(async () => {
  const source = await (await fetch(scriptUrl)).text();
  (0, eval)(source);
  const stripe = Stripe("pk_test_browser");
  const elements = stripe.elements({ clientSecret, appearance: { theme: "stripe" } });
  const paymentElement = elements.create("payment");
  paymentElement.mount("#payment-element");
  const select = host.children[0].children[1];
  const label = host.children[0].children[0];
  const options = select.children.map((o) => o.value);
  select.value = choice;
  const submitted = await elements.submit();
  const result = await stripe.confirmPayment({
    elements, confirmParams: { return_url: "http://127.0.0.1:1/thanks" }, redirect: "if_required",
  });
  console.log(JSON.stringify({ label: label.textContent, labelFor: label.attributes.for, selectId: select.id,
                               options, submitted, result }));
})().catch((err) => { console.error(err); process.exit(1); });
"""


def _run(tmp_path: Path, emulator: RunningEmulator, client_secret: str, choice: str, via_global: bool = False) -> dict:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "Node.js is part of this machine image; it runs the Stripe.js stand-in here"
    driver = tmp_path / "driver.js"
    driver.write_text(NODE_DRIVER)
    url = f"{emulator.url}/js/v3/stripe.js"
    done = subprocess.run(
        [node, str(driver), url, client_secret, choice, "1" if via_global else "0"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def intent(stripe_client: stripe.StripeClient) -> stripe.PaymentIntent:
    return stripe_client.v1.payment_intents.create(
        {"amount": 2500, "currency": "usd", "automatic_payment_methods": {"enabled": True}}
    )


def test_element_and_successful_payment(
    tmp_path: Path, emulator: RunningEmulator, intent: stripe.PaymentIntent, receiver: WebhookReceiver
) -> None:
    out = _run(tmp_path, emulator, intent.client_secret, "pm_card_visa")
    assert out["label"] == "Test card" and out["labelFor"] == out["selectId"]
    assert out["options"] == [
        "pm_card_visa",
        "pm_card_chargeDeclined",
        "pm_card_authenticationRequired",
        "pm_card_threeDSecure2Required",
        "pm_card_createDispute",
    ]
    assert out["submitted"] == {}
    assert out["result"]["paymentIntent"]["id"] == intent.id
    assert out["result"]["paymentIntent"]["status"] == "succeeded"
    receiver.wait_for_type("payment_intent.succeeded")
    confirm = [r for r in emulator.requests() if r["path"].endswith("/confirm")]
    assert len(confirm) == 1 and confirm[0]["key_type"] == "pk_"


def test_decline_returns_error(tmp_path: Path, emulator: RunningEmulator, intent: stripe.PaymentIntent) -> None:
    out = _run(tmp_path, emulator, intent.client_secret, "pm_card_chargeDeclined", via_global=True)
    error = out["result"]["error"]
    assert (error["type"], error["code"], error["decline_code"]) == ("card_error", "card_declined", "generic_decline")
    assert error["message"] == "Your card was declined."


def test_three_d_secure_passes(
    tmp_path: Path, emulator: RunningEmulator, intent: stripe.PaymentIntent, stripe_client: stripe.StripeClient
) -> None:
    out = _run(tmp_path, emulator, intent.client_secret, "pm_card_authenticationRequired")
    assert out["result"]["paymentIntent"]["status"] == "succeeded"
    charge = stripe_client.v1.charges.retrieve(out["result"]["paymentIntent"]["latest_charge"])
    assert charge.payment_method_details.card.three_d_secure.result == "authenticated"
