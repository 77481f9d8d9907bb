"""The two conduits campaigns use most, as data (shared/conduits/NOTES.md section 5); see
committees/reference_data.py for why WinRed's address is blank."""

from django.db import migrations

from committees.reference_data import seed_conduits


def add_conduits(apps, schema_editor):
    seed_conduits(apps.get_model("compliance", "Conduit"))


class Migration(migrations.Migration):
    dependencies = [("compliance", "0002_contribution_limits_2026")]
    operations = [migrations.RunPython(add_conduits, migrations.RunPython.noop)]
