"""Check (or rebuild) the kept receipt aggregates against a full recomputation from the books."""

from django.core.management.base import BaseCommand, CommandError

from committees.models import Committee
from compliance.reports.kept import kept_aggregate_differences
from donations.services.aggregates import receipt_aggregates_rebuild


class Command(BaseCommand):
    help = (
        "Compare each receipt's kept aggregate-to-date and itemization (donations.ReceiptAggregate) with a full "
        "recomputation; --rebuild recomputes them from the books first. Exit status 1 when any differ."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--committee", help="FEC id (default: every committee)")
        parser.add_argument("--rebuild", action="store_true", help="rebuild the kept rows from the books first")

    def handle(self, *args, committee: str | None = None, rebuild: bool = False, **options) -> None:
        committees = Committee.objects.order_by("fec_id")
        if committee:
            committees = committees.filter(fec_id=committee.strip().upper())
            if not committees.exists():
                raise CommandError(f"No committee {committee!r}.")
        bad = 0
        for one in committees:
            if rebuild:
                changed = receipt_aggregates_rebuild(committee=one)
                self.stdout.write(f"{one.fec_id}: rebuilt, {changed} rows changed")
            differing = kept_aggregate_differences(one)
            bad += len(differing)
            shown = ", ".join(map(str, differing[:10])) + (" …" if len(differing) > 10 else "")
            self.stdout.write(
                f"{one.fec_id}: {len(differing)} receipts differ" + (f" (ids {shown})" if differing else "")
            )
        if bad:
            raise CommandError(f"{bad} kept aggregates differ from the books; run with --rebuild.")
