"""The ledger in PostgreSQL: append-only guards and the hash chain (operations/ledger_sql.py). Nothing on
SQLite (the laptop demo): it is not protected there."""

from django.db import migrations

from operations.ledger_sql import install_sql, uninstall_sql


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in install_sql():
        schema_editor.execute(statement, params=None)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in uninstall_sql():
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_ledger_chain"),
        ("compliance", "0012_report_ledger_head"),
        ("donations", "0007_donation_election_optional"),
    ]

    operations = [migrations.RunPython(install, uninstall)]
