"""Count loan guarantees recorded before they counted toward limits (11 CFR 100.52(b)(3)), for one committee."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from committees.selectors import committee_by_fec_id
from compliance.services.loan_schedules import guarantors_link
from fundraising.exceptions import ApplicationError


class Command(BaseCommand):
    help = "Link every Schedule C-2 guarantor not yet linked to a donor, count its share and flag any excess."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--committee", required=True, help="Committee FEC id")

    def handle(self, *args, **o) -> None:
        try:
            committee = committee_by_fec_id(fec_id=o["committee"].upper())
            linked = guarantors_link(committee=committee, actor=None)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"{committee.fec_id}: {linked} guarantor(s) linked and counted")
