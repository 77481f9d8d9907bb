"""Bulk data for the infrastructure tests: many itemized receipts, so a report takes seconds to build."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from committees.models import Committee, Election
from donations.models import Contribution, Donor
from donations.services.matching import individual_match_key


def seed_itemized_receipts(*, committee: Committee, election: Election, count: int) -> None:
    """``count`` donors with one $250 gift each from 5 November 2026 (each one itemized on Schedule A)."""
    donors = [
        Donor(
            committee=committee,
            first_name="Seed",
            last_name=f"Donor{index:06d}",
            street_1=f"{index} Main St",
            city="Springfield",
            state="VA",
            zip_code="22150",
            employer="Acme Corp",
            occupation="Engineer",
        )
        for index in range(count)
    ]
    for donor in donors:
        donor.match_key = individual_match_key(
            first_name=donor.first_name, last_name=donor.last_name, street_1=donor.street_1, zip_code=donor.zip_code
        )
    Donor.objects.bulk_create(donors, batch_size=2000)
    start = dt.datetime(2026, 11, 5, 15, 0, tzinfo=dt.UTC)  # after the aggregation start
    Contribution.objects.bulk_create(
        [
            Contribution(
                committee=committee,
                donor=donor,
                election=election,
                amount=Decimal("250.00"),
                received_at=start + dt.timedelta(minutes=index),
                date_received=(start + dt.timedelta(minutes=index)).date(),
                source=Contribution.Source.STAFF,
            )
            for index, donor in enumerate(donors)
        ],
        batch_size=2000,
    )
