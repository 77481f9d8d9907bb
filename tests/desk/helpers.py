"""Helpers for compliance-desk tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from compliance.services.transactions import receipt_enter
from donations.models import Contribution
from donations.services.donors import DonorInput

D = Decimal


def donor(first: str = "Jane", last: str = "Doe", street: str = "1 Main St", **more: str) -> DonorInput:
    base = {"city": "Anytown", "state": "VA", "zip_code": "22000", "employer": "Acme", "occupation": "Engineer"}
    base.update(more)
    return DonorInput(first_name=first, last_name=last, street_1=street, **base)


def gift(committee, who: DonorInput, amount: str, day: dt.date, election: str = "P2026", **more) -> Contribution:
    election_obj = committee.elections.get(code=election) if election else None
    return receipt_enter(
        committee=committee, donor_data=who, amount=D(amount), date_received=day, election=election_obj, **more
    ).contribution
