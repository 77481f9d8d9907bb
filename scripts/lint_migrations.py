"""Migration lock linter, run by `make test`: fails when a migration not yet released would stall a rolling deploy.

django-migration-linter reads the SQL of each migration (sqlmigrate) and flags what breaks the code still running
during a deploy or locks a busy table: NOT NULL columns without a database default, dropped or renamed columns and
tables, changed column types, CREATE/DROP INDEX without CONCURRENTLY on an existing table, REINDEX. Warnings count as
errors. Only this repository's apps are read; migrations listed in deploy/migrations-released.txt (already in
production) are skipped.

    python scripts/lint_migrations.py          # exit 1 and the offending migrations when any"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RELEASED = REPO / "deploy" / "migrations-released.txt"


def released() -> set[str]:
    lines = RELEASED.read_text().splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.apps import apps
    from django_migration_linter import MigrationLinter

    skip = released()

    class ReleasedAwareLinter(MigrationLinter):
        def should_ignore_migration(self, app_label: str, migration_name: str, *args, **kwargs) -> bool:  # noqa: ANN002, ANN003
            return f"{app_label}.{migration_name}" in skip or super().should_ignore_migration(
                app_label, migration_name, *args, **kwargs
            )

    ours = [config.label for config in apps.get_app_configs() if Path(config.path).parent == REPO]
    linter = ReleasedAwareLinter(
        path=str(REPO), include_apps=ours, no_cache=True, all_warnings_as_errors=True, quiet=["ok", "ignore"]
    )
    linter.lint_all_migrations()
    linter.print_summary()
    return 1 if linter.has_errors else 0


if __name__ == "__main__":
    sys.exit(main())
