"""Seed a demo campaign for `make run`: a House committee, its elections, a donation page and a staff login."""

import os
import sys
from base64 import b32decode
from datetime import date

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django_otp.oath import totp

from accounts.context import acting_as
from accounts.models import CommitteeMembership, StaffTOTPDevice
from accounts.otp import totp_device_create
from accounts.totp_secrets import TotpSecretError
from committees.models import Committee, Election
from donations.models import DonationPage

DEMO_USER = "treasurer"
DEMO_OPERATOR = "operator"
# The demo login's second factor: a TOTP secret everyone knows (demo only; override with DEMO_TOTP_SECRET).
DEMO_TOTP_SECRET = "DEMOTREASURERTOTPKEYFORMAKERUN22"


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo committee, elections, donation page, the treasurer's login and an operator "
        "(superuser) login, then months of activity (seed_demo_activity). Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-activity",
            action="store_true",
            help="Only the committee, elections, page and logins (the benchmarks start from an empty ledger)",
        )

    def handle(self, *args, **options) -> None:
        with acting_as("command:seed_demo"):
            self._seed()
            if not options["no_activity"]:
                call_command("seed_demo_activity", stdout=self.stdout)

    @transaction.atomic
    def _seed(self) -> None:
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
        secret = os.environ.get("DEMO_TOTP_SECRET", DEMO_TOTP_SECRET).upper()
        # The treasurer works in the console (a role in the committee, no admin); the operator (a superuser) is the
        # only one who reaches the Django admin.
        for username, superuser in ((DEMO_USER, False), (DEMO_OPERATOR, True)):
            user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
            user.is_staff = True
            user.is_superuser = superuser
            user.email = user.email or f"{username}@example.org"
            user.set_password(password)
            user.save()
            if not superuser:
                CommitteeMembership.objects.get_or_create(
                    user=user, committee=committee, defaults={"role": "treasurer"}
                )
            demo_key = b32decode(secret)
            device = StaffTOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is not None and not _has_secret(device, demo_key):
                device.delete()
                device = None
            if device is None:
                totp_device_create(user=user, confirmed=True, secret=demo_key, name="Demo authenticator")
        code = f"{totp(b32decode(secret)):06d}"
        self.stdout.write(
            f"demo committee {committee.fec_id}, page /donate/demo/, console /staff/ as {DEMO_USER} / {password}; "
            f"Django admin (operators) as {DEMO_OPERATOR} / {password}"
        )
        self.stdout.write(
            f"second factor (TOTP): secret {secret} "
            f"(otpauth://totp/{DEMO_USER}?secret={secret}&issuer=Campaign%20fundraising); code now: {code}; "
            f"later codes: {sys.executable} -m accounts.totp_now {secret}"
        )


def _has_secret(device: StaffTOTPDevice, secret: bytes) -> bool:
    try:
        return device.bin_key == secret
    except TotpSecretError:  # encrypted under another key (or not at all): the demo sets it again
        return False
