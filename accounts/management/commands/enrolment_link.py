"""Issue an enrolment link for a person's first authenticator: `enrolment_link alice` prints the URL once."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.context import acting_as
from accounts.enrolment import enrolment_link_issue
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Issue a one-time, expiring link that lets a person set up their first authenticator app. Audited."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username}.")
        with acting_as("command:enrolment_link"):
            try:
                path = enrolment_link_issue(user=user, issued_by="command:enrolment_link")
            except ApplicationError as exc:
                raise CommandError(exc.message) from exc
        self.stdout.write(f"{settings.PUBLIC_BASE_URL}{path}")
