"""Seed a demo campaign for `make run`: a House committee, its elections, a donation page and a staff login."""

import os
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from compliance.models import Committee, Election
from donations.models import DonationPage

DEMO_USER = "treasurer"


class Command(BaseCommand):
    help = "Create (or refresh) the demo committee, elections, donation page and staff login. Idempotent."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        committee, _ = Committee.objects.update_or_create(
            fec_id="C00999999",
            defaults={
                "name": "Example for Congress",
                "committee_type": Committee.Type.HOUSE,
                "street_1": "PO Box 1",
                "city": "Anytown",
                "state": "VA",
                "zip_code": "22000",
                "treasurer_last_name": "Treasurer",
                "treasurer_first_name": "Terry",
                "time_zone": "America/New_York",
                "election_state": "VA",
                "election_district": "11",
                "opening_cash_on_hand": "10000.00",
                "opening_cash_as_of": date(2025, 1, 1),
            },
        )
        primary, _ = Election.objects.update_or_create(
            committee=committee, code="P2026", defaults={"date": date(2026, 6, 16), "state": "VA", "district": "11"}
        )
        Election.objects.update_or_create(
            committee=committee, code="G2026", defaults={"date": date(2026, 11, 3), "state": "VA", "district": "11"}
        )
        Election.objects.update_or_create(
            committee=committee, code="P2028", defaults={"date": date(2028, 6, 20), "state": "VA", "district": "11"}
        )
        DonationPage.objects.update_or_create(
            slug="demo",
            defaults={
                "committee": committee,
                "title": "Give to Example for Congress",
                "body": "Every gift powers our grassroots campaign.",
                "preset_amounts": ["25", "50", "100", "250"],
                "default_election": None,
            },
        )
        password = os.environ.get("DEMO_PASSWORD", "demo-treasurer-2026")
        user, created = get_user_model().objects.get_or_create(username=DEMO_USER, defaults={"is_staff": True})
        user.is_staff = True
        user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"demo committee {committee.fec_id}, page /donate/demo/, login {DEMO_USER} / {password}")
