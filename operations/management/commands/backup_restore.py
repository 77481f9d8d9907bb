import os

import environ
from django.core.files.storage import FileSystemStorage
from django.core.management.base import BaseCommand, CommandError

from operations.services.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup into a fresh, empty database (and its files into the default storage or --files-dir), "
        "then check every table's row count and every file's SHA-256. The age private key comes from "
        "BACKUP_AGE_IDENTITY or --identity-file."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001
        parser.add_argument("name", help="backup name (see backups_list), or 'latest'")
        parser.add_argument("--target-database-url", required=True, help="postgres://.../EMPTY_DATABASE")
        parser.add_argument("--identity-file", help="file holding the age private key (AGE-SECRET-KEY-...)")
        parser.add_argument("--files-dir", help="write the files into this folder instead of the default storage")
        parser.add_argument("--no-files", action="store_true", help="database only")

    def handle(self, *args, **options) -> None:  # noqa: ANN002, ANN003
        identities = [os.environ.get("BACKUP_AGE_IDENTITY", "")]
        if options["identity_file"]:
            with open(options["identity_file"]) as handle:
                identities.append(handle.read())
        storage = FileSystemStorage(location=options["files_dir"]) if options["files_dir"] else None
        try:
            result = backup_restore(
                name=options["name"],
                target_db=environ.Env.db_url_config(options["target_database_url"]),
                identities=identities,
                target_storage=storage,
                restore_files=not options["no_files"],
            )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored {result.name}: {len(result.tables)} tables, {sum(result.tables.values())} rows, "
            f"{result.files} files, {result.bytes_read} bytes read, {result.seconds:.1f}s; every row count and "
            "file SHA-256 matches the manifest"
        )
