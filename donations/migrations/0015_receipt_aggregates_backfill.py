"""Compute the kept receipt aggregates (0014) for the books already there, one committee at a time.

Calls the live service (donations.services.aggregates), not a frozen copy: the rows are derived data and the
service is the one definition of the rule. Should that service ever stop running against this schema, replace
this operation with a no-op: a report build rebuilds a committee whose rows are missing, and
``manage.py aggregates_check --rebuild`` does it for operators."""

from django.db import migrations


def backfill(apps, schema_editor) -> None:  # noqa: ANN001
    from donations.services.aggregates import receipt_aggregates_rebuild_all

    receipt_aggregates_rebuild_all()


class Migration(migrations.Migration):
    dependencies = [("donations", "0014_receipt_aggregates")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
