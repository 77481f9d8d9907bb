"""Logs carry ids, never donor names, emails, addresses or card data: checked over a whole donation,
in the web process (captured here) and in the worker process (its log file)."""

import logging
from datetime import date

import pytest
import requests

from donations.models import Contribution
from tests.conftest import WORKER_LOG, wait_for, worker_mail
from tests.factories import DonationPageFactory, ElectionFactory

pytestmark = pytest.mark.services
SECRETS = ["Zebulon", "Quixotic", "zq-unique@example.org", "987 Unusual Ln", "Farawayville", "5550199", "4242"]


def test_a_full_donation_logs_no_personal_or_card_data(services, caplog):
    caplog.set_level(logging.DEBUG)
    page = DonationPageFactory()
    ElectionFactory(committee=page.committee, code="P2028", date=date(2028, 6, 20))
    worker_log = WORKER_LOG
    start = worker_log.stat().st_size
    body = {
        "page": page.slug,
        "amount": "260.00",
        "election": "P2028",
        "payment_method": "pm_card_visa",
        "donor": {
            "first_name": "Zebulon",
            "last_name": "Quixotic",
            "street_1": "987 Unusual Ln",
            "city": "Farawayville",
            "state": "VT",
            "zip_code": "05001",
            "email": "zq-unique@example.org",
            "phone": "5550199",
            "employer": "Self",
            "occupation": "Juggler",
        },
    }
    response = requests.post(f"{services.live_server.url}/api/v1/donations/", json=body, timeout=30)
    assert response.status_code == 201
    contribution = wait_for(lambda: Contribution.objects.first(), timeout=60, what="the contribution")
    wait_for(
        lambda: any(contribution.transaction_id in mail for mail in worker_mail()),
        timeout=60,
        what="the receipt (the worker's last step)",
    )
    worker_text = worker_log.read_text()[start:]
    # The logs did follow the gift, by id, in both processes.
    assert f"donation={response.json()['donation_id']}" in caplog.text
    assert f"receipt sent contribution={contribution.pk}" in worker_text
    for secret in SECRETS:
        assert secret not in caplog.text, f"{secret!r} in web logs"
        assert secret not in worker_text, f"{secret!r} in worker logs"
