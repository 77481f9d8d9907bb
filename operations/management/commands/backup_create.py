from django.core.management.base import BaseCommand, CommandError

from operations.services.backups import BackupError, backup_create, backups_prune


class Command(BaseCommand):
    help = "Write an encrypted backup (database + stored files) to the backup storage, then apply the retention policy."

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("--no-files", action="store_true", help="database only (the bucket is versioned)")
        parser.add_argument("--no-prune", action="store_true", help="keep every older backup this time")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        try:
            result = backup_create(include_files=not options["no_files"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.tables.values())
        self.stdout.write(
            f"backup {result.name}: {result.size} bytes, {len(result.tables)} tables, {rows} rows, "
            f"{result.files} files, {result.seconds:.1f}s"
        )
        if not options["no_prune"]:
            pruned = backups_prune()
            self.stdout.write(f"pruned {len(pruned)} old backup(s)")
