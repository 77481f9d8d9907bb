from django.core.management.base import BaseCommand, CommandError

from audit.ledger import ledger_supported, ledger_verify
from committees.models import Committee


class Command(BaseCommand):
    help = (
        "Recompute the ledger's hash chain and compare every protected row with its last link; name the first "
        "broken link. Exit status 1 when anything differs."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--committee", default="", help="only this committee's records (FEC id, C00000000)")
        parser.add_argument(
            "--expect-head", default="", help="a published chain head (link id:sha256) the chain must still contain"
        )

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        if not ledger_supported():
            raise CommandError("The ledger is protected on PostgreSQL only; this database is not.")
        committee_id = None
        if options["committee"]:
            committee = Committee.objects.filter(fec_id=options["committee"].strip().upper()).first()
            if committee is None:
                raise CommandError(f"No committee {options['committee']}.")
            committee_id = committee.pk
        result = ledger_verify(committee_id=committee_id, expected_head=options["expect_head"].strip())
        self.stdout.write(f"ledger: {result.links} links, {result.rows} rows checked, head {result.head or '-'}")
        if result.ok:
            self.stdout.write("ledger: intact")
            return
        self.stdout.write(f"first broken link: {result.first}")
        for problem in result.problems[1:50]:
            self.stdout.write(f"  also: {problem}")
        raise CommandError(f"ledger: {len(result.problems)} problem(s); first: {result.first}")
