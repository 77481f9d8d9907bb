"""Lift a login lockout: `login_unlock --username alice` or `login_unlock --ip 203.0.113.7`. Audited."""

from django.core.management.base import BaseCommand, CommandError

from accounts.context import acting_as
from accounts.lockouts import lockout_lift


class Command(BaseCommand):
    help = "Lift the login lockout of an account and/or a client address (django-axes). Audited."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--username", default="")
        parser.add_argument("--ip", default="")

    def handle(self, *args, username: str, ip: str, **options) -> None:
        if not (username or ip):
            raise CommandError("Give --username and/or --ip.")
        with acting_as("command:login_unlock"):
            count = lockout_lift(username=username, ip=ip)
        self.stdout.write(f"{count} failed attempt record(s) removed; the lockout is lifted.")
