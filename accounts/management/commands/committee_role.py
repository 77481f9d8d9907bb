"""Grant or revoke a person's role in a committee: `committee_role grant alice C00999999 treasurer`."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.context import acting_as
from accounts.models import CommitteeMembership
from accounts.roles import Role
from accounts.services import staff_flag_sync
from committees.models import Committee


class Command(BaseCommand):
    help = "Grant (or change) or revoke a user's role in a committee. Audited."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("action", choices=["grant", "revoke"])
        parser.add_argument("username")
        parser.add_argument("committee", help="FEC id, e.g. C00999999")
        parser.add_argument("role", nargs="?", choices=[r.value for r in Role], default=Role.VIEWER.value)

    def handle(self, *args, action: str, username: str, committee: str, role: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        target = Committee.objects.filter(fec_id=committee).first()
        if user is None or target is None:
            raise CommandError("Unknown user or committee.")
        with acting_as("command:committee_role"):
            if action == "revoke":
                for membership in CommitteeMembership.objects.filter(user=user, committee=target):
                    membership.delete()
                staff_flag_sync(user=user)
                self.stdout.write(f"{username} has no role in {committee}")
                return
            membership = CommitteeMembership.objects.filter(user=user, committee=target).first()
            if membership is None:
                CommitteeMembership.objects.create(user=user, committee=target, role=role)
            elif membership.role != role:
                membership.role = role
                membership.save(update_fields=["role"])
            if not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
        self.stdout.write(f"{username} is {role} of {committee}")
