"""Create, revoke or list API tokens: `api_token create C00999999 staff "CRM sync"` prints the key once."""

from django.core.management.base import BaseCommand, CommandError

from accounts.context import acting_as
from accounts.models import ApiToken
from accounts.roles import Role
from accounts.tokens import api_token_create, api_token_revoke
from committees.models import Committee


class Command(BaseCommand):
    help = "Create (prints the key once), revoke or list API tokens for integrations. Audited."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create")
        create.add_argument("committee", help="FEC id of the committee, e.g. C00999999")
        create.add_argument("role", choices=[r.value for r in Role])
        create.add_argument("name")
        revoke = sub.add_parser("revoke")
        revoke.add_argument("prefix", help="the token's prefix (second part of the key)")
        sub.add_parser("list")

    def handle(self, *args, action: str, **options) -> None:
        with acting_as("command:api_token"):
            if action == "create":
                committee = Committee.objects.filter(fec_id=options["committee"]).first()
                if committee is None:
                    raise CommandError(f"No committee {options['committee']}.")
                new = api_token_create(committee=committee, role=options["role"], name=options["name"])
                self.stdout.write(new.key)
                self.stderr.write(f"expires {new.token.expires_at:%Y-%m-%d}")
            elif action == "revoke":
                token = ApiToken.objects.filter(prefix=options["prefix"]).first()
                if token is None:
                    raise CommandError("No such token.")
                api_token_revoke(token=token)
                self.stdout.write(f"revoked {token}")
            else:
                for token in ApiToken.objects.select_related("committee").order_by("pk"):
                    state = "revoked" if token.revoked_at else "active"
                    expires = f"expires {token.expires_at:%Y-%m-%d}" if token.expires_at else "expires (default)"
                    line = f"{token.prefix} {token.committee.fec_id} {token.role} {state} {expires} {token.name}"
                    self.stdout.write(line)
