"""Money movement in the emulator: fees on charges, refunds, dispute withdrawals and reinstatements as balance
transactions, and payouts on the emulator's clock, with the shapes of Stripe's fixtures and their webhooks."""

from __future__ import annotations

import time

import stripe

from stripe_emulator.testing import RunningEmulator

from .conftest import WebhookReceiver
from .test_shapes import Api, _fixtures, shape_problems

DAY = 86400


def _charge(client: stripe.StripeClient, amount: int, card: str = "pm_card_visa") -> stripe.PaymentIntent:
    return client.v1.payment_intents.create(
        {"amount": amount, "currency": "usd", "payment_method": card, "confirm": True, "payment_method_types": ["card"]}
    )


def test_charge_fee_is_standard_us_card_pricing(stripe_client: stripe.StripeClient) -> None:
    pi = _charge(stripe_client, 10000)
    charge = stripe_client.v1.charges.retrieve(pi.latest_charge)
    txn = stripe_client.v1.balance_transactions.retrieve(charge.balance_transaction)
    # 2.9% + 30c: $100.00 -> $3.20 fee, $96.80 net
    assert (txn.amount, txn.fee, txn.net, txn.type, txn.source) == (10000, 320, 9680, "charge", charge.id)
    assert txn.fee_details[0].type == "stripe_fee"
    small = stripe_client.v1.balance_transactions.retrieve(
        stripe_client.v1.charges.retrieve(_charge(stripe_client, 2500).latest_charge).balance_transaction
    )
    assert small.fee == 103  # 72.5c rounds half-up to 73c, plus 30c


def test_refund_and_dispute_balance_transactions(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    pi = _charge(stripe_client, 5000)
    refund = stripe_client.v1.refunds.create({"payment_intent": pi.id, "amount": 2000})
    txn = stripe_client.v1.balance_transactions.retrieve(refund.balance_transaction)
    assert (txn.amount, txn.fee, txn.net, txn.type) == (-2000, 0, -2000, "refund")

    disputed = _charge(stripe_client, 4000, "pm_card_createDispute")
    withdrawn = receiver.wait_for_type("charge.dispute.funds_withdrawn")[0].event["data"]["object"]
    assert withdrawn["payment_intent"] == disputed.id
    [out] = withdrawn["balance_transactions"]
    assert (out["amount"], out["fee"], out["net"], out["reporting_category"]) == (-4000, 1500, -5500, "dispute")
    assert out["fee_details"][0]["description"] == "Dispute fee"
    emulator.close_dispute(withdrawn["id"], "won")
    back = receiver.wait_for_type("charge.dispute.funds_reinstated")[0].event["data"]["object"]
    assert [t["amount"] for t in back["balance_transactions"]] == [-4000, 4000]
    assert back["balance_transactions"][1]["fee"] == 0


def test_payouts_on_the_clock(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    first = stripe_client.v1.charges.retrieve(_charge(stripe_client, 10000).latest_charge)
    second = stripe_client.v1.charges.retrieve(_charge(stripe_client, 2000).latest_charge)
    assert emulator.advance_clock(seconds=DAY)["payouts"] == []  # funds available after two days
    [payout_id] = emulator.advance_clock(seconds=2 * DAY)["payouts"]
    payout = stripe_client.v1.payouts.retrieve(payout_id)
    assert payout.status == "in_transit" and payout.amount == 9680 + 1912
    settled = stripe_client.v1.balance_transactions.list({"payout": payout_id, "limit": 100}).data
    assert {t.source for t in settled} == {first.id, second.id, payout_id}
    assert sum(t.net for t in settled if t.type != "payout") == payout.amount
    assert [t.amount for t in settled if t.type == "payout"] == [-payout.amount]
    assert not receiver.received("payout.paid")
    emulator.advance_clock(seconds=DAY)
    paid = receiver.wait_for_type("payout.paid")[0].event["data"]["object"]
    assert paid["id"] == payout_id and paid["status"] == "paid"
    assert [p.id for p in stripe_client.v1.payouts.list({"status": "paid"}).data] == [payout_id]
    assert emulator.run_payouts() == []  # nothing left to pay out


def test_failed_payout_returns_the_money(
    stripe_client: stripe.StripeClient, emulator: RunningEmulator, receiver: WebhookReceiver
) -> None:
    _charge(stripe_client, 3000)
    emulator.advance_clock(seconds=3 * DAY)
    [payout] = stripe_client.v1.payouts.list().data
    emulator.fail_payout(payout.id)
    failed = receiver.wait_for_type("payout.failed")[0].event["data"]["object"]
    assert failed["status"] == "failed" and failed["failure_code"] == "account_closed"
    back = stripe_client.v1.balance_transactions.retrieve(failed["failure_balance_transaction"])
    assert (back.amount, back.type) == (payout.amount, "payout_failure")


def test_shapes_match_stripe_fixtures(stripe_client: stripe.StripeClient, emulator: RunningEmulator) -> None:
    _charge(stripe_client, 1500)
    emulator.advance_clock(seconds=3 * DAY)
    api = Api(emulator.url)
    fixtures = _fixtures()
    payout = api("GET", "/v1/payouts")["data"][0]
    txns = api("GET", "/v1/balance_transactions", {"payout": payout["id"]})["data"]
    assert shape_problems(fixtures["payout"], payout) == []
    assert txns and all(shape_problems(fixtures["balance_transaction"], t) == [] for t in txns)
    assert api("GET", "/v1/balance_transactions", {"payout": "po_missing"})["error"]["code"] == "resource_missing"
    assert payout["arrival_date"] > time.time()
