from django.core.management.base import BaseCommand

from operations.services.backups import backups_list, backups_prune


class Command(BaseCommand):
    help = "List the backups in the backup storage (oldest first); --prune applies the retention policy."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--prune", action="store_true")
        parser.add_argument("--dry-run", action="store_true", help="with --prune: only say what would go")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        for info in backups_list():
            self.stdout.write(f"{info.name}  {info.created_at.isoformat()}")
        if options["prune"]:
            for name in backups_prune(dry_run=options["dry_run"]):
                self.stdout.write(f"{'would delete' if options['dry_run'] else 'deleted'} {name}")
