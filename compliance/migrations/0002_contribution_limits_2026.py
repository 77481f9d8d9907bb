"""The FEC's 2025–26 contribution limits (FEC Notice 2025-01, 90 FR 8526; 52 U.S.C. 30116(a)).

Candidate limits are per election; PAC and party limits per calendar year. A later cycle is a new
data migration adding rows, never an edit of these."""

from django.db import migrations

from committees.reference_data import SOURCE_2026, seed_contribution_limits


def add_limits(apps, schema_editor):
    seed_contribution_limits(apps.get_model("compliance", "ContributionLimit"))


def remove_limits(apps, schema_editor):
    apps.get_model("compliance", "ContributionLimit").objects.filter(cycle=2026, source=SOURCE_2026).delete()


class Migration(migrations.Migration):
    dependencies = [("compliance", "0001_initial")]
    operations = [migrations.RunPython(add_limits, remove_limits)]
